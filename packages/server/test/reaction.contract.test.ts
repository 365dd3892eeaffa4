import { reactionContract } from './contracts/reaction-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(reactionContract);
