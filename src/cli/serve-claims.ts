import type { CoreConfig } from '../config.js';
import { CyberpolicyError } from '../errors.js';
import type { Logger } from '../logger.js';
import { HttpServer } from '../server/http-server.js';
import { acquireDataDirLock, type DataDirLock } from '../store/data-dir-lock.js';

/** What `serve` holds before it loads anything heavy: the embedded store's folder, and its port. */
export interface ServeClaims {
  /** Null on PostgreSQL (DATABASE_URL): processes share the server, there is nothing to own. */
  lock: DataDirLock | null;
  /** Listening already, answering 503 {"status":"starting"} until the app calls setStarting(false). */
  http: HttpServer;
  release(): Promise<void>;
}

/**
 * Claimed first, in this order, so that a second serve on the same folder names the owner (not a busy
 * port), and a busy port ends serve within moments, before the store is opened or the analyzer loaded.
 */
export async function claimServeResources(config: Pick<CoreConfig, 'DATABASE_URL' | 'DATA_DIR' | 'PORT' | 'HOST'>, logger: Logger): Promise<ServeClaims> {
  const lock = config.DATABASE_URL ? null : await claimDataDir(config.DATA_DIR, logger);
  const http = new HttpServer({ logger });
  http.setStarting(true);
  const release = async () => {
    await http.close();
    lock?.release();
  };
  try {
    await listenOrExplain(http, config.PORT, config.HOST);
  } catch (err) {
    await release();
    throw err;
  }
  return { lock, http, release };
}

/** How long `serve` waits for a CLI command that holds the data folder (they are short) before giving up. */
const WAIT_FOR_COMMANDS_MS = 30_000;

/** The embedded store's folder, for `serve`: a second serve gets DataDirLockedError at once, naming the owner. */
export function claimDataDir(dataDir: string, logger: Logger): Promise<DataDirLock> {
  return acquireDataDirLock(dataDir, {
    command: 'cyberpolicy serve',
    role: 'serve',
    logger,
    waitForCommandsMs: WAIT_FOR_COMMANDS_MS,
    onWait: (owner) => logger.info({ pid: owner.pid }, `waiting for \`${owner.command}\` (pid ${owner.pid}) to finish with ${dataDir}`),
  });
}

/** The port is busy (or not ours to take): `serve` exits 1 saying which address and how to change it. */
export class ListenError extends CyberpolicyError {}

/** Bind HOST:PORT, or throw a ListenError that names the address and the PORT/HOST variables. */
export async function listenOrExplain(http: HttpServer, port: number, host: string): Promise<{ address: string; port: number }> {
  try {
    return await http.listen(port, host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    if (code === 'EADDRINUSE') {
      throw new ListenError('port_in_use', `cannot listen on ${where}: the address is already in use (another cyberpolicy serve, or another program). Stop it, or choose another port with PORT (and address with HOST).`, { cause: err });
    }
    if (code === 'EACCES') {
      throw new ListenError('port_denied', `cannot listen on ${where}: permission denied (ports below 1024 need privileges). Choose another port with PORT (and address with HOST).`, { cause: err });
    }
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
      throw new ListenError('address_unavailable', `cannot listen on ${where}: this machine has no such address. Set HOST to one of its addresses (127.0.0.1, 0.0.0.0) and PORT as needed.`, { cause: err });
    }
    throw err;
  }
}
