import { presenceContract } from './contracts/presence-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(presenceContract);
