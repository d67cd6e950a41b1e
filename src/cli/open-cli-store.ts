import { loadCoreConfig } from '../config.js';
import { openStore, type Store } from '../store/store.js';
import type { CliContext } from './cli-command.js';

/**
 * The store a CLI command works on: DATABASE_URL when set, else PGlite in DATA_DIR (taking the
 * folder's lock, see src/store/data-dir-lock.ts). Inside `serve` it is serve's own store, already open:
 * closing it then does nothing.
 */
export async function openCliStore(context: CliContext, command: string): Promise<Store> {
  if (context.owner) return { ...context.owner.store, close: async () => undefined };
  const config = loadCoreConfig(context.env);
  return openStore({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    encryptionKey: config.ENCRYPTION_KEY,
    logger: context.logger,
    lock: { command: `cyberpolicy ${command}`, role: 'command' },
  });
}
