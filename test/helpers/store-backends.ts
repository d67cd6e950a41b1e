import { openStore, type Store } from '../../src/store/store.js';
import { createTestDatabase } from './postgres.js';

export interface StoreBackend {
  name: 'pglite' | 'postgres';
  open(options?: { encryptionKey?: string }): Promise<{ store: Store; cleanup(): Promise<void> }>;
}

/** The two stores every contract suite runs against: in-memory PGlite and the machine's PostgreSQL. */
export const storeBackends: StoreBackend[] = [
  {
    name: 'pglite',
    async open(options = {}) {
      const store = await openStore({ dataDir: 'memory://', ...options });
      return { store, cleanup: () => store.close() };
    },
  },
  {
    name: 'postgres',
    async open(options = {}) {
      const db = await createTestDatabase('store');
      const store = await openStore({ databaseUrl: db.url, poolSize: 4, ...options });
      return {
        store,
        async cleanup() {
          await store.close();
          await db.drop();
        },
      };
    },
  },
];
