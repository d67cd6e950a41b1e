import { mkdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Logger } from '../logger.js';
import { runMigrations } from './migrate.js';
import { schema } from './schema.js';
import { PgliteMaintenance } from './pglite-maintenance.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { clusterTemplateFile, freshClusterTemplate } from './pglite-template.js';
import { unpackCluster } from './unpack-cluster.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** PostgreSQL only: the pg pool itself, for rate-limiter-flexible's PostgreSQL store (src/limits). */
  pgPool?: unknown;
  /** Run raw SQL and return its rows (used by the migration runner and a few hand-tuned queries). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Run `fn` on one connection (BEGIN/COMMIT and session locks need that on a pool). */
  withSession<R>(fn: (query: SessionQuery) => Promise<R>): Promise<R>;
  /**
   * Run `fn` in one transaction: committed when it resolves, rolled back when it throws. `snapshot`
   * makes it REPEATABLE READ, READ ONLY: every query sees the same moment (backups). On PGlite the
   * transaction holds the single connection, so other queries wait until it ends.
   */
  transaction<R>(fn: (query: SessionQuery) => Promise<R>, options?: { snapshot?: boolean }): Promise<R>;
  close(): Promise<void>;
}

export type SessionQuery = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface OpenOptions {
  /** postgres://… selects PostgreSQL; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data folder; 'memory://' keeps everything in memory (tests). */
  dataDir?: string;
  logger?: Logger;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /**
   * The PGlite folder's owner lock (src/store/data-dir-lock.ts): who takes it, or the lock the caller
   * already holds (`serve` takes it before anything else). Default: taken as `node <script>`.
   */
  lock?: { command: string; role?: 'serve' | 'command'; waitForCommandsMs?: number } | { held: DataDirLock };
  /** A fresh PGlite cluster to unpack into an empty folder instead of initdb; default: the one `npm run build` made. */
  pgliteTemplate?: string;
  /** Tests only: migrate no further than this file, as an older version of the bot left its store. */
  migrateUpTo?: string;
}

// PGlite tuning: at 100k items its defaults reach ~340 MB RSS and an 800 MB WAL on bulk import
// (measured; see bench/). A smaller buffer pool and WAL cap keep the whole process under 400 MB.
// The buffer pool lives in PGlite's WebAssembly memory, which is touched at open and never given
// back: 48 MB of it cost ~36 MB of RSS from the first second (first start with the samples: 479 ->
// 421 MB at 16 MB). Pages past the pool come from the OS page cache through NODEFS, a read() each:
// repeated topic and word queries on a 10k store cost ~35 % more CPU than with 48 MB (bench/README.md).
// max_wal_size is also what a store keeps on disk at rest: the segments a checkpoint recycles for
// later use (96 MB was 6 segments of 16 MB, half the folder of a 10k-item store). PGlite never starts
// a checkpoint by itself (PGLITE_CHECKPOINT_MS does), so a lower cap costs no extra checkpoints.
const PGLITE_SETTINGS = ['shared_buffers=16MB', 'max_wal_size=32MB', 'min_wal_size=32MB', 'work_mem=4MB', 'maintenance_work_mem=32MB'];
// PGlite runs PostgreSQL as a single backend with no checkpointer, so max_wal_size alone never
// recycles the WAL: a long import or a long-running `serve` grew pg_wal past 1 GB (bench/, 35k items).
// A periodic CHECKPOINT keeps it near max_wal_size.
const PGLITE_CHECKPOINT_MS = 30_000;
const PGLITE_FIRST_ANALYZE_MS = 5_000;

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const database = options.databaseUrl ? await openPostgres(options) : await openPglite(options);
  try {
    await runMigrations(database, options.logger, options.migrateUpTo);
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
  return database;
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const dataDir = options.dataDir ?? './data';
  if (!dataDir.includes('://')) mkdirSync(dataDir, { recursive: true });
  const lock = dataDir.includes('://') ? null : await folderLock(dataDir, options);
  const startParams = [...PGlite.defaultStartParams];
  for (const setting of PGLITE_SETTINGS) startParams.push('-c', setting);
  let client: InstanceType<typeof PGlite>;
  try {
    // An empty folder gets the cluster made at build time: initdb in WebAssembly would cost ~500 MB more RSS.
    // A folder on disk has it unpacked here a piece at a time; PGlite's loadDataDir inflates it whole in memory.
    const onDisk = !dataDir.includes('://');
    const templateFile = onDisk ? clusterTemplateFile(dataDir, options.pgliteTemplate) : undefined;
    if (templateFile) await unpackCluster(templateFile, dataDir);
    const template = onDisk ? undefined : freshClusterTemplate(dataDir, options.pgliteTemplate);
    client = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir, { startParams, ...(template ? { loadDataDir: template } : {}) });
  } catch (err) {
    if (lock?.owned) lock.lock.release();
    throw err;
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  const maintenance = new PgliteMaintenance(client);
  const persistent = dataDir !== 'memory://';
  const checkpoints = persistent ? setInterval(() => void maintenance.run({ checkpoint: true }), PGLITE_CHECKPOINT_MS) : null;
  checkpoints?.unref();
  // An existing store that was never analysed (or changed a lot since) gets statistics soon after opening.
  const firstPass = persistent ? setTimeout(() => void maintenance.run({ checkpoint: false }), PGLITE_FIRST_ANALYZE_MS) : null;
  firstPass?.unref();
  const query = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    if (params.length === 0) {
      const results = await client.exec(text);
      return (results.at(-1)?.rows ?? []) as T[];
    }
    return (await client.query(text, params)).rows as T[];
  };
  return {
    db,
    kind: 'pglite',
    query,
    withSession: (fn) => fn(query),
    transaction: (fn, { snapshot = false } = {}) =>
      client.transaction(async (tx) => {
        if (snapshot) await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        return fn(async (text, params = []) => (await tx.query<Record<string, unknown>>(text, params)).rows);
      }),
    async close() {
      if (checkpoints) clearInterval(checkpoints);
      if (firstPass) clearTimeout(firstPass);
      // A one-shot import leaves statistics behind for the next process's planner.
      if (persistent && !client.closed) await maintenance.run({ checkpoint: false });
      if (!client.closed) await client.close();
      if (lock?.owned) lock.lock.release();
    },
  };
}

/** The folder's lock: the one the caller holds, or a new one released when the database closes. */
async function folderLock(dataDir: string, options: OpenOptions): Promise<{ lock: DataDirLock; owned: boolean }> {
  const spec = options.lock;
  if (spec && 'held' in spec) return { lock: spec.held, owned: false };
  const command = spec?.command ?? `node ${process.argv.slice(1, 3).join(' ')}`.trim();
  const lock = await acquireDataDirLock(dataDir, { command, role: spec?.role ?? 'command', logger: options.logger, waitForCommandsMs: spec?.waitForCommandsMs ?? 60_000 });
  return { lock, owned: true };
}

async function openPostgres(options: OpenOptions): Promise<Database> {
  const pg = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new pg.default.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  // An idle client losing its server (PostgreSQL restart) must not crash the process; the pool reconnects.
  pool.on('error', (err) => options.logger?.warn({ err: err.message }, 'postgres idle client error'));
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    pgPool: pool,
    async query<T>(text: string, params: unknown[] = []) {
      return (await pool.query(text, params)).rows as T[];
    },
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn(async (text, params = []) => (await client.query(text, params)).rows);
      } finally {
        client.release();
      }
    },
    async transaction(fn, { snapshot = false } = {}) {
      const client = await pool.connect();
      try {
        await client.query(snapshot ? 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY' : 'BEGIN');
        const result = await fn(async (text, params = []) => (await client.query(text, params)).rows);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/** True when the database answers. */
export async function pingDatabase(database: Database): Promise<boolean> {
  try {
    await database.db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
