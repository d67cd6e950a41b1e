import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { loadCoreConfig } from '../config.js';
import { CyberpolicyError } from '../errors.js';
import { DataDirLockedError, inspectDataDirLock, type LockInfo } from '../store/data-dir-lock.js';
import type { CliIo } from './cli-command.js';
import { readOwnerFile, type OwnerAddress } from './owner-file.js';

/** How long the CLI waits for a starting `serve` to open its door for CLI commands (first start loads samples). */
const OWNER_START_WAIT_MS = 120_000;
const POLL_MS = 200;

/** The owner holds the folder but cannot be reached: exit 1 naming its pid and what to do. */
export class OwnerUnreachableError extends CyberpolicyError {
  constructor(owner: LockInfo, dataDir: string, why: string) {
    super(
      'owner_unreachable',
      `the data folder ${dataDir} is in use by \`${owner.command}\` (pid ${owner.pid}), which ${why}. Stop it (kill ${owner.pid}) and run the command again, or use a PostgreSQL server shared by every process (DATABASE_URL).`,
    );
  }
}

/**
 * The running `serve` that owns the embedded store, when there is one: store commands then run inside
 * it. Null when DATABASE_URL is set (processes share the server) or nobody (or a short CLI command)
 * holds DATA_DIR: the command then opens the store itself, taking the lock.
 */
export async function findServeOwner(env: NodeJS.ProcessEnv, onWait?: (owner: LockInfo) => void): Promise<OwnerAddress | null> {
  const config = loadCoreConfig(env);
  if (config.DATABASE_URL) return null;
  const dataDir = config.DATA_DIR;
  const deadline = Date.now() + OWNER_START_WAIT_MS;
  let waited = false;
  for (;;) {
    const held = inspectDataDirLock(dataDir);
    if (!held || held.owner.role !== 'serve') return null;
    if (held.foreign) throw new DataDirLockedError(dataDir, held.owner, true);
    const address = readOwnerFile(dataDir);
    if (address === 'denied') throw new OwnerUnreachableError(held.owner, dataDir, 'runs as another user (its secret file is not readable)');
    if (address !== 'missing' && address.pid === held.owner.pid) return address;
    // serve is still starting (the door opens once its store and analyzer are ready).
    if (Date.now() > deadline) throw new OwnerUnreachableError(held.owner, dataDir, `has not opened its door for CLI commands within ${OWNER_START_WAIT_MS / 1000} s`);
    if (!waited) onWait?.(held.owner);
    waited = true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Run argv inside the owner, printing its output as it comes; returns the command's exit code. */
export function runInOwner(owner: OwnerAddress, argv: string[], cwd: string, io: CliIo): Promise<number> {
  const body = JSON.stringify({ argv, cwd });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: owner.port,
        path: '/cli',
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${owner.secret}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new CyberpolicyError('owner_refused', `cyberpolicy serve (pid ${owner.pid}) refused the command (HTTP ${res.statusCode})`));
          return;
        }
        let exit: number | null = null;
        const lines = createInterface({ input: res, crlfDelay: Infinity });
        lines.on('line', (line) => {
          const record = parseRecord(line);
          if (!record) return;
          if (typeof record.out === 'string') io.out(record.out);
          else if (typeof record.err === 'string') io.err(record.err);
          else if (typeof record.exit === 'number') exit = record.exit;
        });
        lines.on('close', () => {
          if (exit !== null) resolve(exit);
          else reject(new CyberpolicyError('owner_lost', `lost the connection to cyberpolicy serve (pid ${owner.pid}) before the command finished; it may or may not have completed`));
        });
      },
    );
    req.on('error', (err) => reject(new CyberpolicyError('owner_unreachable', `cannot reach cyberpolicy serve (pid ${owner.pid}) on 127.0.0.1:${owner.port}: ${err.message}`, { cause: err })));
    req.end(body);
  });
}

function parseRecord(line: string): { out?: unknown; err?: unknown; exit?: unknown } | null {
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
