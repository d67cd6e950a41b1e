import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import { FakeBotConnector } from '../helpers/fake-bot-connector.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { seedDueChannels, startWorker, waitFor, type WorkerProcess } from './support/fleet.js';

const CHANNELS = 30;
const TENANT = '8f4e2c1a-5b6d-4e7f-9a0b-1c2d3e4f5a6b';
const conversation = (i: number) => `19:fault${i}@thread.tacv2`;

/**
 * SIGKILL between the Bot Connector's 200 and the commit, with the real Teams transport (the Teams
 * plugin as shipped, botbuilder) in a worker process on PostgreSQL, against the fake connector. This
 * bot runs without app credentials, so no Graph probe: the documented guarantee is at most one
 * duplicate per post in flight at the kill, never re-sent within 60 s.
 */
describe('Teams fault suite (worker processes, real Teams transport, PostgreSQL)', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let connector: FakeBotConnector;
  let workers: WorkerProcess[];
  beforeEach(async () => {
    db = await createTestDatabase('teamsfaults');
    store = await openStore({ databaseUrl: db.url, poolSize: 2 });
    connector = await new FakeBotConnector().start();
    workers = [];
  });
  afterEach(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await connector.stop();
    await store.close().catch(() => undefined);
    await db.drop();
  });

  it('SIGKILL mid fan-out: 0 lost, no re-send within 60 s, then at most one duplicate per post in flight at the kill', async () => {
    const ports = createAdapterPorts(store);
    for (let i = 0; i < CHANNELS; i++) {
      const reference = { serviceUrl: `${connector.url}/`, channelId: 'msteams', tenantId: TENANT, conversation: { id: conversation(i), conversationType: 'channel' }, bot: { id: '28:bot' } };
      await ports.conversations.save(`teams:${TENANT}:${conversation(i)}`, reference, new Date());
    }
    await seedDueChannels(store, CHANNELS, new Date(), (i) => `teams:${TENANT}:${conversation(i)}`);
    let killedAt = 0;
    connector.answerDelayMs = 60;
    connector.onPost = (_call, total) => {
      if (!killedAt && total >= 10) {
        killedAt = total;
        workers[0]!.child.kill('SIGKILL');
      }
    };
    const env = { DATABASE_URL: db.url, TRANSPORT: 'teams', LEASE_MS: '1500', POLL_MS: '100' };
    workers.push(await startWorker('a', env));
    await waitFor(() => killedAt > 0, 60_000, () => `no kill yet, posts ${connector.posts().length}\n${workers[0]!.output()}`);
    expect(await workers[0]!.exited).toBeNull();
    connector.answerDelayMs = 0;
    const inFlight = Number((await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sending' AND last_post_at IS NOT NULL`))[0]!.n);
    workers.push(await startWorker('restarted', env));
    const sent = async () => Number((await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sent'`))[0]!.n);
    await waitFor(async () => (await sent()) === CHANNELS - inFlight, 60_000, () => `sent ${CHANNELS - inFlight}? posts ${connector.posts().length}\n${workers[1]!.output()}`);
    const perConversation = () => {
      const counts = new Map<string, number>();
      for (const p of connector.posts()) counts.set(p.conversationId, (counts.get(p.conversationId) ?? 0) + 1);
      return counts;
    };
    // Nothing was sent twice yet: the unknown ones wait 60 s after their attempt.
    expect([...perConversation().values()].every((n) => n === 1)).toBe(true);
    const waiting = await store.database.query<{ wait_ms: number; last_error: string }>(
      `SELECT extract(epoch FROM next_attempt_at - last_post_at)::float * 1000 AS wait_ms, last_error FROM deliveries WHERE status <> 'sent'`,
    );
    expect(waiting.length).toBe(inFlight);
    expect(waiting.every((w) => Number(w.wait_ms) >= 60_000 && w.last_error.startsWith('outcome_unknown: no Microsoft Graph probe'))).toBe(true);
    // Let the 60 s pass for those rows.
    await store.database.query(`UPDATE deliveries SET last_post_at = last_post_at - interval '61 seconds', next_attempt_at = now() WHERE status = 'pending'`);
    await waitFor(async () => (await sent()) === CHANNELS, 60_000, () => `posts ${connector.posts().length}`);
    const counts = perConversation();
    const duplicates = [...counts.values()].reduce((n, c) => n + c - 1, 0);
    console.log(`[teams-faults] SIGKILL at post ${killedAt}, ${inFlight} unknown at the kill, duplicates ${duplicates}`);
    expect(counts.size).toBe(CHANNELS);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    const guarantees = await store.database.query<{ guarantee: string; n: number }>(`SELECT guarantee, count(*)::int AS n FROM deliveries GROUP BY guarantee`);
    expect(guarantees.map((g) => [g.guarantee, Number(g.n)])).toEqual([['at-most-one-duplicate', CHANNELS]]);
  }, 150_000);

  // The same SIGKILL with app credentials and the Graph probe on (fake Graph + identity endpoint on the
  // connector's server). Granted team: the restarted worker finds every post in flight through Graph.
  // Team that did not grant ChannelMessage.Read.Group (Graph answers 403): the fallback guarantee.
  it.each([
    { granted: true, name: 'RSC granted: 0 lost, 0 duplicated, every row exactly-once' },
    { granted: false, name: 'RSC not granted (403): 0 lost, no re-send within 60 s, then at most one duplicate per post in flight' },
  ])('SIGKILL mid fan-out with the Graph probe, $name', async ({ granted }) => {
    const APP_ID = '11111111-2222-4333-8444-555555555555';
    const APP_PASSWORD = 'fault-app-password-3d9a';
    const GROUP = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b';
    connector.appPassword = APP_PASSWORD;
    if (granted) connector.graphGrantedTeams.add(GROUP);
    const ports = createAdapterPorts(store);
    for (let i = 0; i < CHANNELS; i++) {
      const id = conversation(i);
      const reference = { serviceUrl: `${connector.url}/`, channelId: 'msteams', tenantId: TENANT, conversation: { id, conversationType: 'channel' }, bot: { id: '28:bot' }, teamId: '19:team@thread.tacv2', teamsChannelId: id, aadGroupId: GROUP };
      await ports.conversations.save(`teams:${TENANT}:${id}`, reference, new Date());
    }
    await seedDueChannels(store, CHANNELS, new Date(), (i) => `teams:${TENANT}:${conversation(i)}`);
    let killedAt = 0;
    connector.answerDelayMs = 60;
    connector.onPost = (_call, total) => {
      if (!killedAt && total >= 10) {
        killedAt = total;
        workers[0]!.child.kill('SIGKILL');
      }
    };
    const env = {
      DATABASE_URL: db.url, TRANSPORT: 'teams', LEASE_MS: '1500', POLL_MS: '100', TEAMS_GRAPH_PROBE: '1',
      MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppTenantId: TENANT, MICROSOFT_GRAPH_URL: connector.graphUrl, MICROSOFT_LOGIN_URL: connector.loginUrl,
    };
    workers.push(await startWorker('a', env));
    await waitFor(() => killedAt > 0, 60_000, () => `no kill yet, posts ${connector.posts().length}\n${workers[0]!.output()}`);
    expect(await workers[0]!.exited).toBeNull();
    connector.answerDelayMs = 0;
    const inFlight = Number((await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sending' AND last_post_at IS NOT NULL`))[0]!.n);
    // The kill came as post `killedAt` landed and before its answer: at least that one is unknown.
    expect(inFlight).toBeGreaterThanOrEqual(1);
    const readsBefore = connector.graphReads;
    workers.push(await startWorker('restarted', env));
    const count = async (where: string) => Number((await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE ${where}`))[0]!.n);
    const perConversation = () => {
      const counts = new Map<string, number>();
      for (const p of connector.posts()) counts.set(p.conversationId, (counts.get(p.conversationId) ?? 0) + 1);
      return counts;
    };
    if (!granted) {
      await waitFor(async () => (await count(`status = 'sent'`)) === CHANNELS - inFlight, 60_000, () => `posts ${connector.posts().length}\n${workers[1]!.output()}`);
      expect([...perConversation().values()].every((n) => n === 1)).toBe(true);
      const waiting = await store.database.query<{ wait_ms: number; last_error: string }>(
        `SELECT extract(epoch FROM next_attempt_at - last_post_at)::float * 1000 AS wait_ms, last_error FROM deliveries WHERE status <> 'sent'`,
      );
      expect(waiting.length).toBe(inFlight);
      expect(waiting.every((w) => Number(w.wait_ms) >= 60_000 && w.last_error === 'outcome_unknown: the team did not grant ChannelMessage.Read.Group; retrying after 60 s')).toBe(true);
      await store.database.query(`UPDATE deliveries SET last_post_at = last_post_at - interval '61 seconds', next_attempt_at = now() WHERE status = 'pending'`);
    }
    await waitFor(async () => (await count(`status = 'sent'`)) === CHANNELS, 60_000, () => `posts ${connector.posts().length}\n${workers[1]!.output()}`);
    const counts = perConversation();
    const duplicates = [...counts.values()].reduce((n, c) => n + c - 1, 0);
    const reads = connector.graphReads - readsBefore;
    console.log(`[teams-faults] Graph probe, granted=${granted}: SIGKILL at post ${killedAt}, ${inFlight} unknown at the kill, ${reads} Graph reads after restart, duplicates ${duplicates}`);
    expect(counts.size).toBe(CHANNELS);
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(connector.tokenRequests.every((t) => t.tenant === TENANT && t.clientId === APP_ID && t.secretOk)).toBe(true);
    const guarantees = await store.database.query<{ guarantee: string; n: number }>(`SELECT guarantee, count(*)::int AS n FROM deliveries GROUP BY guarantee`);
    if (granted) {
      expect(duplicates).toBe(0);
      expect(guarantees.map((g) => [g.guarantee, Number(g.n)])).toEqual([['exactly-once', CHANNELS]]);
    } else {
      expect(duplicates).toBeLessThanOrEqual(inFlight);
      expect(guarantees.map((g) => [g.guarantee, Number(g.n)])).toEqual([['at-most-one-duplicate', CHANNELS]]);
    }
  }, 150_000);

  it('PostgreSQL connections terminated mid fan-out: 0 lost, and a duplicate only where an outcome was left unknown', async () => {
    const ports = createAdapterPorts(store);
    for (let i = 0; i < CHANNELS; i++) {
      const reference = { serviceUrl: `${connector.url}/`, channelId: 'msteams', tenantId: TENANT, conversation: { id: conversation(i), conversationType: 'channel' }, bot: { id: '28:bot' } };
      await ports.conversations.save(`teams:${TENANT}:${conversation(i)}`, reference, new Date());
    }
    await seedDueChannels(store, CHANNELS, new Date(), (i) => `teams:${TENANT}:${conversation(i)}`);
    connector.answerDelayMs = 20;
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const dbName = new URL(db.url).pathname.slice(1);
    let terminated = 0;
    const killAt = new Set([8, 18]);
    connector.onPost = (_call, total) => {
      if (killAt.delete(total)) {
        void admin
          .query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName])
          .then((r) => (terminated += Number(r.rows[0].n)));
      }
    };
    const env = { DATABASE_URL: db.url, TRANSPORT: 'teams', LEASE_MS: '1500', POLL_MS: '100' };
    workers.push(await startWorker('a', env), await startWorker('b', env));
    const count = async (where: string) => Number((await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE ${where}`).catch(() => [{ n: -1 }]))[0]!.n);
    // Everything is sent, or waits out the 60 s after an attempt whose outcome was left unknown.
    await waitFor(async () => (await count(`status = 'sent' OR (status = 'pending' AND last_error LIKE 'outcome_unknown:%')`)) === CHANNELS, 90_000, () => `posts ${connector.posts().length}`);
    const unknown = await count(`status = 'pending' AND last_error LIKE 'outcome_unknown:%'`);
    await store.database.query(`UPDATE deliveries SET last_post_at = last_post_at - interval '61 seconds', next_attempt_at = now() WHERE status = 'pending'`);
    await waitFor(async () => (await count(`status = 'sent'`)) === CHANNELS, 60_000, () => `posts ${connector.posts().length}`);
    await admin.end();
    const counts = new Map<string, number>();
    for (const p of connector.posts()) counts.set(p.conversationId, (counts.get(p.conversationId) ?? 0) + 1);
    const duplicates = [...counts.values()].reduce((n, c) => n + c - 1, 0);
    console.log(`[teams-faults] backends terminated ${terminated}, outcomes left unknown ${unknown}, duplicates ${duplicates}`);
    expect(terminated).toBeGreaterThanOrEqual(2);
    expect(counts.size).toBe(CHANNELS);
    expect(duplicates).toBeLessThanOrEqual(unknown);
  }, 180_000);
});
