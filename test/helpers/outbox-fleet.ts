import pg from 'pg';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import type { WorkerProcess } from '../delivery/support/fleet.js';
import { createTestDatabase, POSTGRES_URL } from './postgres.js';

/** One test's worker fleet: its PostgreSQL database, the test's own store on it, the fake platform, the workers. */
export interface WorkerFleet<F> {
  db: { url: string; drop(): Promise<void> };
  store: Store;
  fake: F;
  /** Workers the test started; push each one so that it is killed after the test. */
  workers: WorkerProcess[];
}

/**
 * Before each test: a fresh PostgreSQL database, a store on it and a started fake platform. After each:
 * every worker still running is SIGKILLed and awaited, then the fake is stopped, the store closed and the
 * database dropped (in that order, so no worker holds a connection to what is being closed).
 */
export function useWorkerFleet<F>(prefix: string, fake: { start(): Promise<F>; stop(fake: F): Promise<void> }): WorkerFleet<F> {
  const fleet = { workers: [] } as unknown as WorkerFleet<F>;
  beforeEach(async () => {
    fleet.db = await createTestDatabase(prefix);
    fleet.store = await openStore({ databaseUrl: fleet.db.url, poolSize: 2 });
    fleet.fake = await fake.start();
    fleet.workers = [];
  });
  afterEach(async () => {
    for (const w of fleet.workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(fleet.workers.map((w) => w.exited));
    await fake.stop(fleet.fake);
    await fleet.store.close().catch(() => undefined);
    await fleet.db.drop();
  });
  return fleet;
}

/** How many deliveries match `where` (SQL over the deliveries table). */
export async function countDeliveries(store: Store, where: string): Promise<number> {
  return Number((await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE ${where}`))[0]!.n);
}

/** Deliveries a killed worker had begun posting (last_post_at) and never recorded: their outcome is unknown. */
export function unrecordedPosts(store: Store): Promise<number> {
  return countDeliveries(store, `status = 'sending' AND last_post_at IS NOT NULL`);
}

/** The deliveries not sent yet: how long each waits after its last post attempt, and why. */
export async function waitingDeliveries(store: Store): Promise<{ waitMs: number; lastError: string }[]> {
  const rows = await store.database.query<{ wait_ms: number; last_error: string }>(
    `SELECT extract(epoch FROM next_attempt_at - last_post_at)::float * 1000 AS wait_ms, last_error FROM deliveries WHERE status <> 'sent'`,
  );
  return rows.map((r) => ({ waitMs: Number(r.wait_ms), lastError: r.last_error }));
}

/**
 * Lets the 60 s blind-retry wait pass for the pending deliveries: their last attempt moves 61 s into the
 * past and they are due now (the database's view of time; the workers compare with their own clocks).
 */
export async function endBlindRetryWait(store: Store): Promise<void> {
  await store.database.query(`UPDATE deliveries SET last_post_at = last_post_at - interval '61 seconds', next_attempt_at = now() WHERE status = 'pending'`);
}

/** [guarantee, number of deliveries] pairs, e.g. [['exactly-once', 30]]. */
export async function guaranteeCounts(store: Store): Promise<[string | null, number][]> {
  const rows = await store.database.query<{ guarantee: string | null; n: number }>(`SELECT guarantee, count(*)::int AS n FROM deliveries GROUP BY guarantee ORDER BY guarantee`);
  return rows.map((r) => [r.guarantee, Number(r.n)]);
}

/**
 * An admin connection (on the server's base database, so it can close the test database to others) that
 * terminates every other backend of the test database on demand (a PostgreSQL restart as the workers see
 * it), or takes the database away for a while, and counts the backends it ended.
 */
export async function backendTerminator(dbUrl: string): Promise<{
  terminate(): void;
  outage(ms: number): Promise<void>;
  terminated(): number;
  close(): Promise<void>;
}> {
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  const dbName = new URL(dbUrl).pathname.slice(1);
  let terminated = 0;
  let reopened: Promise<unknown> = Promise.resolve();
  const terminateAll = () =>
    admin
      .query<{ n: number }>(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1`, [dbName])
      .then((r) => (terminated += Number(r.rows[0]!.n)));
  const allow = (on: boolean) => admin.query(`ALTER DATABASE "${dbName}" WITH ALLOW_CONNECTIONS ${on}`);
  return {
    terminate() {
      void terminateAll();
    },
    /**
     * Refuses new connections, ends the open ones, and resolves once both are done; reopens after `ms`.
     * Longer than the worker's record retries (about 5 s), it leaves posts in flight unrecorded for certain.
     */
    async outage(ms) {
      await allow(false);
      await terminateAll();
      reopened = new Promise((r) => setTimeout(r, ms)).then(() => allow(true));
    },
    terminated: () => terminated,
    close: async () => {
      await reopened;
      await admin.end();
    },
  };
}
