import { mucListContract } from './contracts/muc-list-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(mucListContract);
