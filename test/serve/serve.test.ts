import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { spawnServe, type ServeProcess } from '../helpers/spawn-serve.js';
import { seedDueChannels, waitFor } from '../delivery/support/fleet.js';

/** SIGTERM the process and report its exit code and how long the graceful shutdown took. */
async function terminate(serve: ServeProcess): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  const exited = new Promise<number | null>((r) => serve.child.once('exit', (code) => r(code)));
  serve.child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 12_000))]);
  if (code === 'timeout') {
    serve.child.kill('SIGKILL');
    return { code: null, ms: Date.now() - started };
  }
  return { code, ms: Date.now() - started };
}

describe('cyberpolicy serve', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  it('on PGlite: loads the samples into an empty store, answers /healthz and /metrics, stops gracefully on SIGTERM', async () => {
    // Loading and analysing the samples is the slow part of a first start; allow for a busy machine.
    const serve = await spawnServe({ SAMPLES: '1', SCHEDULER: '1' }, 150_000);
    cleanups.push(() => serve.stop());
    const health = await (await fetch(`${serve.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', store: 'pglite' });
    expect(health.items).toBeGreaterThan(0);
    const metrics = await fetch(`${serve.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const body = await metrics.text();
    for (const name of ['cyberpolicy_deliveries_sent_total', 'cyberpolicy_deliveries_failed_total', 'cyberpolicy_delivery_queue_depth 0', 'cyberpolicy_command_duration_seconds', 'cyberpolicy_feed_fetch_errors_total']) {
      expect(body).toContain(name);
    }
    expect(serve.logs()).toContain('sample items loaded into the empty store');
    const stopped = await terminate(serve);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);
    expect(serve.logs()).toContain('"msg":"stopped"');
  }, 200_000);

  it('on PostgreSQL: delivers a due digest through the demo transport, 503 when the database is gone, graceful stop', async () => {
    const db = await createTestDatabase('serve');
    cleanups.push(() => db.drop());
    const store = await openStore({ databaseUrl: db.url, poolSize: 2 });
    await seedDueChannels(store, 3);
    await store.close();

    const serve = await spawnServe({ DATABASE_URL: db.url, SAMPLES: '0', SCHEDULER: '1' });
    cleanups.push(() => serve.stop());
    expect(await (await fetch(`${serve.url}/healthz`)).json()).toEqual({ status: 'ok', items: 1, store: 'postgres' });
    await waitFor(() => (serve.logs().match(/demo digest posted/g) ?? []).length >= 3, 30_000, () => serve.logs());

    const check = await openStore({ databaseUrl: db.url, poolSize: 1 });
    const rows = await check.deliveries.list();
    await check.close();
    expect(rows.map((r) => [r.channelId, r.status]).sort()).toEqual([
      ['demo:c0', 'sent'],
      ['demo:c1', 'sent'],
      ['demo:c2', 'sent'],
    ]);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toContain('cyberpolicy_deliveries_sent_total{platform="demo"} 3');

    await db.drop();
    const down = await fetch(`${serve.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', store: 'postgres' });
    const stopped = await terminate(serve);
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(10_000);
  }, 120_000);

  it('SAMPLES=0 keeps an empty store empty; SCHEDULER=0 queues nothing', async () => {
    const db = await createTestDatabase('serve0');
    cleanups.push(() => db.drop());
    const store = await openStore({ databaseUrl: db.url, poolSize: 2 });
    await seedDueChannels(store, 1);
    await store.database.query('DELETE FROM items');
    await store.close();
    const serve = await spawnServe({ DATABASE_URL: db.url, SAMPLES: '0', SCHEDULER: '0' });
    cleanups.push(() => serve.stop());
    expect(await (await fetch(`${serve.url}/healthz`)).json()).toEqual({ status: 'ok', items: 0, store: 'postgres' });
    const check = await openStore({ databaseUrl: db.url, poolSize: 1 });
    expect(await check.deliveries.list()).toEqual([]);
    await check.close();
    expect((await terminate(serve)).code).toBe(0);
  }, 120_000);
});
