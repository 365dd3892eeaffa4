import { sqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import { storageContract } from './contracts/storage-contract.js';

storageContract('sqlite', () => {
  const storage = sqliteStorage(':memory:');
  return Promise.resolve({ storage, cleanup: () => storage.close() });
});
