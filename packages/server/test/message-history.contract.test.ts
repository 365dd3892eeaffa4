import { messageHistoryContract } from './contracts/message-history-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(messageHistoryContract);
