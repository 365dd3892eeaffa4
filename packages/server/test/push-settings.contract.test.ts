import { pushSettingsContract } from './contracts/push-settings-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

forEachStorageAdapter(pushSettingsContract);
