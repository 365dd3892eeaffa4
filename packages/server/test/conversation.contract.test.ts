import { conversationContract } from './contracts/conversation-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(conversationContract);
