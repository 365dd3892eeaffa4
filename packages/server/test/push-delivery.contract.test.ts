import { pushDeliveryContract } from './contracts/push-delivery-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(pushDeliveryContract);
