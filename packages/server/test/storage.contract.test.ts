import { storageContract } from './contracts/storage-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(storageContract);
