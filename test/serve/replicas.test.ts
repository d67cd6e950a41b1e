import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEAMS_CONVERSATION_LIMITS } from '../../adapters/teams/rate-limiter.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import { seedDueChannels, waitFor } from '../delivery/support/fleet.js';
import { FakeBotConnector } from '../helpers/fake-bot-connector.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { makeItem } from '../helpers/item-factory.js';
import { formBody, postSigned } from '../helpers/slack-signing.js';
import { spawnServe, type ServeProcess } from '../helpers/spawn-serve.js';
import { visibleText } from '../slack/slack-harness.js';

const SECRET = 'replica-signing-secret-0123456789';
const TOO_FAST = /^You're sending commands too fast; try again in \d+ s\.$/;
const RATE = 50;
const CHANNELS = 500;
const TENANT = '8f4e2c1a-5b6d-4e7f-9a0b-1c2d3e4f5a6b';
const conversation = (i: number) => `19:replica${i}@thread.tacv2`;

/**
 * Two `serve` replicas (the built CLI) on one PostgreSQL, with Slack pointed at the fake Slack: the
 * per-user command limit and Slack's posting limits are shared by both (src/limits, the PostgreSQL store).
 */
describe('two serve replicas on one PostgreSQL share their limits', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let slack: FakeSlackServer | undefined;
  let connector: FakeBotConnector | undefined;
  const replicas: ServeProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('replicas');
    store = await openStore({ databaseUrl: db.url, poolSize: 2 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((r) => r.stop()));
    await slack?.close();
    await connector?.stop();
    slack = connector = undefined;
  });

  /**
   * Besides the channels' scheduled digests (not due for a day), `perChannel` digests already chosen
   * (`digest post` rows: kind manual, stories frozen) queued for every channel, all due now. Each has a
   * story of its own, as a story is never sent to a channel twice.
   */
  async function queueDigests(perChannel: number): Promise<void> {
    await store.database.query(`UPDATE channels SET next_due_at = now() + interval '1 day'`);
    const published = new Date(Date.now() - 3_600_000);
    await store.items.upsert(
      Array.from({ length: perChannel }, (_, k) =>
        makeItem({ id: `post-${k + 1}`, published }, { story: `POST-${k + 1}`, topics: [{ slug: 'paris-call', score: 1 }], summary: [`Posted story ${k + 1}.`] }),
      ),
    );
    await store.database.query(
      `INSERT INTO deliveries (channel_id, period_key, kind, status, next_attempt_at, created_at, window_start, window_end, story_ids)
       SELECT c.id, 'manual:' || i.id, 'manual', 'pending', now(), now(), now() - interval '7 days', now(), ARRAY[i.story_id]
         FROM channels c CROSS JOIN items i WHERE i.id LIKE 'post-%'`,
    );
  }

  const sentCount = async () => Number((await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sent'`))[0]!.n);
  const sentByWorker = async () =>
    (await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sent' GROUP BY worker_id ORDER BY n DESC`)).map((r) => Number(r.n));
  /** The smallest gap (ms) between two posts that landed in the same channel, from arrival times by channel. */
  const smallestGap = (arrivals: Map<string, number[]>) => {
    let smallest = Infinity;
    for (const times of arrivals.values()) {
      const sorted = [...times].sort((x, y) => x - y);
      for (let i = 1; i < sorted.length; i++) smallest = Math.min(smallest, sorted[i]! - sorted[i - 1]!);
    }
    return smallest;
  };

  const start = async (extra: Record<string, string>) => {
    const serve = await spawnServe(
      {
        DATABASE_URL: db.url,
        SLACK_BOT_TOKEN: 'xoxb-replica',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack?.apiUrl ?? 'http://127.0.0.1:9/api/',
        SAMPLES: '0',
        LOG_LEVEL: 'warn',
        SLACK_WORKSPACE_MESSAGES_PER_SECOND: String(RATE),
        ...extra,
      },
      150_000,
    );
    replicas.push(serve);
    return serve;
  };

  it('one user, 60 commands spread over both replicas: exactly 20 answered, 40 told to wait', async () => {
    const fake = (slack = await new FakeSlackServer().start());
    const [a, b] = await Promise.all([start({ SCHEDULER: '0' }), start({ SCHEDULER: '0' })]);
    const send = async (url: string, i: number): Promise<string> => {
      const body = formBody({ team_id: 'T_TEST', channel_id: 'C_REPLICA', user_id: 'U_ALICE', command: '/cyberpolicy', text: 'topics', response_url: fake.responseUrl(`r${i}`) });
      const response = await postSigned(`${url}/slack/events`, body, { signingSecret: SECRET, timestampSeconds: Math.floor(Date.now() / 1000) });
      expect(response.status).toBe(200);
      const ack = await response.text();
      if (ack) return visibleText(JSON.parse(ack) as Record<string, unknown>);
      await waitFor(() => fake.responses.some((r) => r.path === `/response/r${i}`), 20_000, () => `no answer to command ${i}`);
      return fake.responses.filter((r) => r.path === `/response/r${i}`).map((r) => visibleText(r.body)).join('\n');
    };
    const replies: string[] = [];
    // Ten at a time, alternating replicas, as a user hammering two load-balanced replicas would.
    for (let i = 0; i < 60; i += 10) replies.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => send(((i + j) % 2 ? b : a)!.url, i + j)))));
    const waits = replies.filter((r) => TOO_FAST.test(r));
    expect([replies.length - waits.length, waits.length]).toEqual([20, 40]);
    expect(replies.filter((r) => !TOO_FAST.test(r)).every((r) => r.includes('paris-call'))).toBe(true);
  }, 300_000);

  it('500 channels of one workspace fanned out by both replicas: 0 duplicates, and no more 429s than one replica alone', async () => {
    const fanOut = async (count: number) => {
      const fake = (slack = await new FakeSlackServer().start());
      fake.clockTs = true;
      fake.channelIntervalMs = 1000;
      fake.workspacePerSecond = RATE;
      await store.database.query('TRUNCATE items, channels, deliveries, sent_stories, rate_limits');
      await seedDueChannels(store, CHANNELS, new Date(), (i) => `slack:T_TEST:C${i}`);
      const started = Date.now();
      await Promise.all(Array.from({ length: count }, () => start({ SCHEDULER: '1', DELIVERY_POLL_MS: '200' })));
      await waitFor(
        async () => Number((await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sent'`))[0]!.n) === CHANNELS,
        120_000,
        () => `landed ${fake.landed.length}, 429s ${JSON.stringify(fake.rejected)}\n${replicas.map((r) => r.logs().slice(-2000)).join('\n---\n')}`,
      );
      // Each replica's delivery worker has its own id, kept on the rows it sent.
      const byWorker = (await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sent' GROUP BY worker_id ORDER BY n DESC`)).map((r) => Number(r.n));
      const figures = { replicas: count, landed: fake.landed.length, distinct: fake.digestCounts().size, duplicates: fake.duplicates(), rejected: { ...fake.rejected }, byWorker, seconds: (Date.now() - started) / 1000 };
      await Promise.all(replicas.splice(0).map((r) => r.stop()));
      await fake.close();
      return figures;
    };
    const alone = await fanOut(1);
    const both = await fanOut(2);
    console.log('[replicas] fan-out', JSON.stringify(alone), JSON.stringify(both));
    expect([alone.landed, alone.distinct, alone.duplicates]).toEqual([CHANNELS, CHANNELS, 0]);
    expect([both.landed, both.distinct, both.duplicates]).toEqual([CHANNELS, CHANNELS, 0]);
    // Both replicas really fanned out (each sent at least 5 % of the digests), so they shared the limits.
    expect(both.byWorker.length, JSON.stringify(both.byWorker)).toBe(2);
    expect(both.byWorker.every((n) => n >= 0.05 * CHANNELS), JSON.stringify(both.byWorker)).toBe(true);
    expect(both.rejected.channel + both.rejected.workspace).toBeLessThanOrEqual(alone.rejected.channel + alone.rejected.workspace);
  }, 400_000);

  it('Slack: three digests per channel posted by both replicas: the shared per-channel second holds across replicas', async () => {
    const CHANNELS_3 = 60;
    const PER_CHANNEL = 3;
    const fake = (slack = await new FakeSlackServer().start());
    fake.clockTs = true;
    // The fake does not refuse early posts to a channel here, so every post lands and its spacing can be measured.
    fake.workspacePerSecond = RATE;
    await store.database.query('TRUNCATE items, channels, deliveries, sent_stories, rate_limits');
    await seedDueChannels(store, CHANNELS_3, new Date(), (i) => `slack:T_TEST:C${i}`);
    await queueDigests(PER_CHANNEL);
    await Promise.all([start({ SCHEDULER: '1', DELIVERY_POLL_MS: '200' }), start({ SCHEDULER: '1', DELIVERY_POLL_MS: '200' })]);
    await waitFor(async () => (await sentCount()) === CHANNELS_3 * PER_CHANNEL, 120_000, () => `landed ${fake.landed.length}\n${replicas.map((r) => r.logs().slice(-2000)).join('\n---\n')}`);
    const arrivals = new Map<string, number[]>();
    for (const m of fake.landed) if (!m.threadTs) arrivals.set(m.channel, [...(arrivals.get(m.channel) ?? []), m.atMs!]);
    // Channels whose digests were posted by both replicas: there the interval could only hold through the shared store.
    const mixed = Number(
      (await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT channel_id FROM deliveries GROUP BY channel_id HAVING count(DISTINCT worker_id) = 2) m`))[0]!.n,
    );
    const gap = smallestGap(arrivals);
    const byWorker = await sentByWorker();
    console.log('[replicas] slack per-channel', JSON.stringify({ landed: fake.landed.length, duplicates: fake.duplicates(), smallestGapMs: Math.round(gap), mixed, byWorker, rejected: fake.rejected }));
    expect([fake.digestCounts().size, fake.duplicates(), arrivals.size]).toEqual([CHANNELS_3 * PER_CHANNEL, 0, CHANNELS_3]);
    expect([...arrivals.values()].every((t) => t.length === PER_CHANNEL)).toBe(true);
    expect(byWorker.length).toBe(2);
    expect(byWorker.every((n) => n >= 0.05 * CHANNELS_3 * PER_CHANNEL), JSON.stringify(byWorker)).toBe(true);
    expect(mixed).toBeGreaterThanOrEqual(1);
    // No channel got two posts closer than the 1 s interval, less 5 ms: the same allowance the fake gives
    // Slack's "about one a second" for timer jitter when it enforces the limit.
    expect(gap).toBeGreaterThanOrEqual(1000 - 5);
  }, 300_000);

  it('Teams: one tenant fanned out by both replicas against a fake connector enforcing Teams limits: 0 duplicates, no more 429s than one replica alone', async () => {
    const fanOut = async (count: number, conversations: number, perConversation: number) => {
      const total = conversations * perConversation;
      const fake = (connector = await new FakeBotConnector().start());
      // Teams' documented windows per conversation, and 50 posts a second for the app in one tenant.
      fake.limits = { conversation: TEAMS_CONVERSATION_LIMITS, tenant: [{ max: 50, windowMs: 1_000 }] };
      await store.database.query('TRUNCATE items, channels, deliveries, sent_stories, rate_limits, conversation_refs');
      const ports = createAdapterPorts(store);
      for (let i = 0; i < conversations; i++) {
        const id = conversation(i);
        const reference = { serviceUrl: `${fake.url}/`, channelId: 'msteams', tenantId: TENANT, conversation: { id, conversationType: 'channel' }, bot: { id: '28:bot' } };
        await ports.conversations.save(`teams:${TENANT}:${id}`, reference, new Date());
      }
      await seedDueChannels(store, conversations, new Date(), (i) => `teams:${TENANT}:${conversation(i)}`);
      await queueDigests(perConversation);
      const started = Date.now();
      await Promise.all(Array.from({ length: count }, () => start({ SCHEDULER: '1', DELIVERY_POLL_MS: '200' })));
      await waitFor(async () => (await sentCount()) === total, 120_000, () => `posts ${fake.posts().length}, 429s ${JSON.stringify(fake.rejected)}\n${replicas.map((r) => r.logs().slice(-2000)).join('\n---\n')}`);
      const perKey = new Map<string, number>();
      for (const p of fake.posts()) {
        const key = `${p.conversationId}|${JSON.stringify(p.body.attachments)}`;
        perKey.set(key, (perKey.get(key) ?? 0) + 1);
      }
      const arrivals = new Map<string, number[]>();
      for (const p of fake.posts()) arrivals.set(p.conversationId, [...(arrivals.get(p.conversationId) ?? []), p.atMs!]);
      const figures = {
        replicas: count, posts: fake.posts().length, distinct: perKey.size, duplicates: [...perKey.values()].reduce((n, c) => n + c - 1, 0), conversations: arrivals.size,
        rejected: { ...fake.rejected }, byWorker: await sentByWorker(), smallestGapMs: Math.round(smallestGap(arrivals)), seconds: (Date.now() - started) / 1000,
      };
      await Promise.all(replicas.splice(0).map((r) => r.stop()));
      await fake.stop();
      connector = undefined;
      return { ...figures, total, conversationCount: conversations };
    };
    // Wide: 40 conversations, 10 digests each (the tenant's 50/s binds). Dense: 4 conversations, 20 digests
    // each, so each conversation's 7 per 1 s and 8 per 2 s bind, and both replicas post into the same conversations.
    const loads = { wide: [40, 10], dense: [4, 20] } as const;
    for (const [name, [conversations, perConversation]] of Object.entries(loads)) {
      const alone = await fanOut(1, conversations, perConversation);
      const both = await fanOut(2, conversations, perConversation);
      console.log(`[replicas] teams ${name} fan-out`, JSON.stringify(alone), JSON.stringify(both));
      for (const run of [alone, both]) expect([run.posts, run.distinct, run.duplicates, run.conversations]).toEqual([run.total, run.total, 0, conversations]);
      expect(both.byWorker.length, JSON.stringify(both.byWorker)).toBe(2);
      expect(both.byWorker.every((n) => n >= 0.05 * both.total), JSON.stringify(both.byWorker)).toBe(true);
      expect(both.rejected.conversation + both.rejected.tenant).toBeLessThanOrEqual(alone.rejected.conversation + alone.rejected.tenant);
      // The fake counts every post that arrives over one of a conversation's windows: none did.
      expect(both.rejected.conversation).toBe(0);
    }
  }, 400_000);
});
