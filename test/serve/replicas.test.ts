import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { seedDueChannels, waitFor } from '../delivery/support/fleet.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { formBody, postSigned } from '../helpers/slack-signing.js';
import { spawnServe, type ServeProcess } from '../helpers/spawn-serve.js';
import { visibleText } from '../slack/slack-harness.js';

const SECRET = 'replica-signing-secret-0123456789';
const TOO_FAST = /^You're sending commands too fast; try again in \d+ s\.$/;
const RATE = 50;
const CHANNELS = 500;

/**
 * Two `serve` replicas (the built CLI) on one PostgreSQL, with Slack pointed at the fake Slack: the
 * per-user command limit and Slack's posting limits are shared by both (src/limits, the PostgreSQL store).
 */
describe('two serve replicas on one PostgreSQL share their limits', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: Store;
  let slack: FakeSlackServer;
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
  });

  const start = async (extra: Record<string, string>) => {
    const serve = await spawnServe(
      {
        DATABASE_URL: db.url,
        SLACK_BOT_TOKEN: 'xoxb-replica',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
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
    slack = await new FakeSlackServer().start();
    const [a, b] = await Promise.all([start({ SCHEDULER: '0' }), start({ SCHEDULER: '0' })]);
    const send = async (url: string, i: number): Promise<string> => {
      const body = formBody({ team_id: 'T_TEST', channel_id: 'C_REPLICA', user_id: 'U_ALICE', command: '/cyberpolicy', text: 'topics', response_url: slack.responseUrl(`r${i}`) });
      const response = await postSigned(`${url}/slack/events`, body, { signingSecret: SECRET, timestampSeconds: Math.floor(Date.now() / 1000) });
      expect(response.status).toBe(200);
      const ack = await response.text();
      if (ack) return visibleText(JSON.parse(ack) as Record<string, unknown>);
      await waitFor(() => slack.responses.some((r) => r.path === `/response/r${i}`), 20_000, () => `no answer to command ${i}`);
      return slack.responses.filter((r) => r.path === `/response/r${i}`).map((r) => visibleText(r.body)).join('\n');
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
      slack = await new FakeSlackServer().start();
      slack.clockTs = true;
      slack.channelIntervalMs = 1000;
      slack.workspacePerSecond = RATE;
      await store.database.query('TRUNCATE items, channels, deliveries, sent_stories, rate_limits');
      await seedDueChannels(store, CHANNELS, new Date(), (i) => `slack:T_TEST:C${i}`);
      const started = Date.now();
      await Promise.all(Array.from({ length: count }, () => start({ SCHEDULER: '1', DELIVERY_POLL_MS: '200' })));
      await waitFor(
        async () => Number((await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sent'`))[0]!.n) === CHANNELS,
        120_000,
        () => `landed ${slack.landed.length}, 429s ${JSON.stringify(slack.rejected)}\n${replicas.map((r) => r.logs().slice(-2000)).join('\n---\n')}`,
      );
      // Each replica's delivery worker has its own id, kept on the rows it sent.
      const byWorker = (await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status = 'sent' GROUP BY worker_id ORDER BY n DESC`)).map((r) => Number(r.n));
      const figures = { replicas: count, landed: slack.landed.length, distinct: slack.digestCounts().size, duplicates: slack.duplicates(), rejected: { ...slack.rejected }, byWorker, seconds: (Date.now() - started) / 1000 };
      await Promise.all(replicas.splice(0).map((r) => r.stop()));
      await slack.close();
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
});
