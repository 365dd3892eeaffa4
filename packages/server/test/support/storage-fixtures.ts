// The storage adapters every storage contract suite runs against: SQLite in memory and on disk always, PostgreSQL
// in a schema of its own when CONFAB_TEST_PG_URL is set.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresStorage } from '../../src/adapters/postgres/postgres-storage.js';
import { sqliteStorage } from '../../src/adapters/sqlite/sqlite-storage.js';
import type { StorageFixture } from '../contracts/storage-contract.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './postgres.js';

export type ContractSuite = (name: string, make: () => Promise<StorageFixture>, skip?: string) => void;

/** Runs `suite` once per storage adapter. */
export function forEachStorageAdapter(suite: ContractSuite): void {
  suite('sqlite', () => {
    const storage = sqliteStorage(':memory:');
    return Promise.resolve({ storage, cleanup: () => storage.close() });
  });
  // On disk the adapter also flushes the WAL before answering and checkpoints on a worker thread.
  suite('sqlite-file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'confab-contract-'));
    const storage = sqliteStorage(join(dir, 'confab.sqlite'));
    return Promise.resolve({
      storage,
      cleanup: async () => {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    });
  });
  suite(
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
}
