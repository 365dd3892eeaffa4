import { appServerContract } from './contracts/app-server-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(appServerContract);
