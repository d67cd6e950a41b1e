import { loadCoreConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { openStore, type Store } from '../store/store.js';

/** The store the CLI works on: DATABASE_URL when set, else PGlite in DATA_DIR. */
export async function openCliStore(env: NodeJS.ProcessEnv, logger: Logger): Promise<Store> {
  const config = loadCoreConfig(env);
  return openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, encryptionKey: config.ENCRYPTION_KEY, logger });
}
