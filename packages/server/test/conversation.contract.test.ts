import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { sqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import { conversationContract } from './contracts/conversation-contract.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';

conversationContract('sqlite', () => {
  const storage = sqliteStorage(':memory:');
  return Promise.resolve({ storage, cleanup: () => storage.close() });
});

conversationContract(
  'postgres',
  async () => {
    const url = PG_URL!;
    const schema = freshSchemaName();
    const storage = await postgresStorage({ url, schema });
    return {
      storage,
      cleanup: async () => {
        await storage.close();
        await dropSchema(url, schema);
      },
    };
  },
  PG_SKIP,
);
