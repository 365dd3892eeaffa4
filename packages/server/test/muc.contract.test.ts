import { mucContract } from './contracts/muc-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(mucContract);
