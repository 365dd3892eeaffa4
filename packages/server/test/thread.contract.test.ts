import { threadContract } from './contracts/thread-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(threadContract);
