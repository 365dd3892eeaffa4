import { groupMessageContract } from './contracts/group-message-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(groupMessageContract);
