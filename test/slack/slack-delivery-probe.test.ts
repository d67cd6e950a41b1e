import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostRateLimiter } from '../../adapters/slack/post-rate-limiter.js';
import { createSlackWebApi } from '../../adapters/slack/slack-web-api.js';
import { SlackTransport } from '../../adapters/slack/slack-transport.js';
import { deliveriesCommand } from '../../src/cli/commands/deliveries.js';
import { ManualClock } from '../../src/clock.js';
import { createDigestService } from '../../src/digests/create-digest-service.js';
import { BLIND_RETRY_MS, createDeliveryWorker, type DeliveryOutcome } from '../../src/delivery/delivery-worker.js';
import { DEFAULT_RETRY_POLICY } from '../../src/delivery/retry-policy.js';
import { runScheduleTick } from '../../src/delivery/schedule-tick.js';
import { TransportRegistry } from '../../src/delivery/transport.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import { openStore, type Store } from '../../src/store/store.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { seedDueChannels } from '../delivery/support/fleet.js';

const doc: ReplyDocument = { visibility: 'channel', fallbackText: 'Weekly digest', blocks: [{ type: 'header', text: 'Weekly digest' }] };
const tokens = { botToken: async (team: string) => (team === 'T_TEST' ? 'xoxb-test' : null) };
const taxonomy = { topics: [{ slug: 'paris-call', names: { en: 'Paris Call' } }] };

async function slackTransport(slack: FakeSlackServer, timeoutMs = 10_000, logger = silentLogger): Promise<SlackTransport> {
  const api = await createSlackWebApi({ apiUrl: slack.apiUrl, logger, timeoutMs });
  return new SlackTransport({ api, tokens, limiter: new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 50 }), logger });
}

describe('Slack recovery probe (message metadata + conversations.history)', () => {
  let slack: FakeSlackServer;
  beforeEach(async () => {
    slack = await new FakeSlackServer().start();
    slack.clockTs = true;
  });
  afterEach(() => slack.close());

  it('a digest post carries its delivery key as metadata, and wasPosted finds it from the first attempt on', async () => {
    const transport = await slackTransport(slack);
    const since = new Date();
    const posted = await transport.post('slack:T_TEST:C1', doc, { deliveryKey: 'scheduled:k1' });
    expect(slack.posts('C1')[0]!.args.metadata).toEqual({ event_type: 'cyberpolicy_digest', event_payload: { delivery_key: 'scheduled:k1' } });
    expect(await transport.wasPosted('slack:T_TEST:C1', 'scheduled:k1', { since })).toBe(posted.messageId);
    expect(await transport.wasPosted('slack:T_TEST:C1', 'scheduled:k2', { since })).toBeNull();
    expect(await transport.wasPosted('slack:T_TEST:C2', 'scheduled:k1', { since })).toBeNull();
    const history = slack.callsOf('conversations.history')[0]!;
    expect([history.args.channel, history.args.include_all_metadata, Number(history.args.oldest) <= since.getTime() / 1000]).toEqual(['C1', 'true', true]);
    expect(await transport.guarantee('slack:T_TEST:C1')).toBe('exactly-once');
    expect(await transport.guarantee('slack:T_TEST:G1')).toBe('exactly-once');
    // Scopes come from auth.test's x-oauth-scopes header, read once per workspace (cached).
    expect(slack.callsOf('auth.test')).toHaveLength(1);
  });

  it('without the history scope for that kind of channel it cannot tell, and the guarantee says so', async () => {
    slack.grantedScopes = ['commands', 'chat:write', 'chat:write.public', 'channels:read', 'channels:history'];
    const transport = await slackTransport(slack);
    expect(await transport.guarantee('slack:T_TEST:C1')).toBe('exactly-once');
    expect(await transport.guarantee('slack:T_TEST:G1')).toBe('at-most-one-duplicate');
    expect(await transport.wasPosted('slack:T_TEST:G1', 'k', { since: new Date() })).toEqual({ unavailable: 'the workspace did not grant groups:history' });
    expect(slack.callsOf('conversations.history')).toHaveLength(0);
  });

  it('a private channel with a C id refused with missing_scope is remembered as unprobeable', async () => {
    slack.grantedScopes = ['chat:write', 'channels:history'];
    const transport = await slackTransport(slack);
    slack.failNext('conversations.history', { error: 'missing_scope', channel: 'C_PRIVATE' });
    expect(await transport.wasPosted('slack:T_TEST:C_PRIVATE', 'k', { since: new Date() })).toEqual({ unavailable: 'Slack refused the history scope for this channel (missing_scope)' });
    expect(await transport.guarantee('slack:T_TEST:C_PRIVATE')).toBe('at-most-one-duplicate');
  });

  it('no x-oauth-scopes header: no probe (the guarantee is the fallback one)', async () => {
    slack.grantedScopes = null;
    const transport = await slackTransport(slack);
    expect(await transport.guarantee('slack:T_TEST:C1')).toBe('at-most-one-duplicate');
  });
});

/**
 * The outbox with the real Slack transport against the fake Slack: a post that landed but whose answer
 * was lost (the client timed out). With channels:history the next attempt finds it (0 duplicates);
 * without, it waits 60 s after that attempt and posts again, logged as "may duplicate" (1 duplicate).
 */
describe('outbox + real Slack transport: a response lost by timeout after Slack accepted the post', () => {
  let store: Store;
  let db: { url: string; drop(): Promise<void> };
  let slack: FakeSlackServer;
  beforeAll(async () => {
    db = await createTestDatabase('probe');
    store = await openStore({ databaseUrl: db.url, poolSize: 2 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });
  beforeEach(async () => {
    await store.database.query('TRUNCATE items, channels, deliveries, sent_stories');
    slack = await new FakeSlackServer().start();
    slack.clockTs = true;
  });
  afterEach(() => slack.close());

  async function run(channels: number, lines: string[]) {
    const clock = new ManualClock(new Date());
    await seedDueChannels(store, channels, clock.now(), (i) => `slack:T_TEST:C${i}`);
    await runScheduleTick(store, clock.now(), silentLogger);
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk, _e, done) => (lines.push(String(chunk)), done()) }) });
    const transports = new TransportRegistry();
    // The client gives up after 300 ms; hung posts are answered only after 1.5 s.
    transports.register(await slackTransport(slack, 300, logger));
    const outcomes: DeliveryOutcome[] = [];
    const worker = createDeliveryWorker({
      store,
      composer: createDigestService({ store, taxonomy, clock, logger: silentLogger }),
      transports,
      clock,
      logger,
      leaseMs: 30_000,
      random: () => 0,
      policy: { ...DEFAULT_RETRY_POLICY, baseMs: 1_000 },
      onOutcome: (o) => outcomes.push(o),
    });
    for (let round = 0; round < 20; round++) {
      await worker.runOnce();
      const open = await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status IN ('pending', 'sending')`);
      if (Number(open[0]!.n) === 0) break;
      clock.advance(10_000);
    }
    return { outcomes, clock };
  }

  it('with channels:history: recovered by the probe, 0 duplicates, guarantee exactly-once', async () => {
    for (const c of ['C0', 'C1', 'C2']) slack.hangAfterLanding.set(c, 1_500);
    const lines: string[] = [];
    const { outcomes } = await run(6, lines);
    expect([slack.digestCounts().size, slack.landed.length, slack.duplicates()]).toEqual([6, 6, 0]);
    expect(outcomes.sort()).toEqual(['recovered', 'recovered', 'recovered', 'retry', 'retry', 'retry', 'sent', 'sent', 'sent']);
    const rows = await store.deliveries.list();
    expect(rows.map((r) => [r.status, r.guarantee])).toEqual(Array.from({ length: 6 }, () => ['sent', 'exactly-once']));
    expect(lines.join('').includes('may duplicate')).toBe(false);
  }, 60_000);

  it('without the history scope: no retry within 60 s, then one logged "may duplicate", and deliveries shows the guarantee', async () => {
    slack.grantedScopes = ['commands', 'chat:write', 'chat:write.public', 'channels:read'];
    slack.hangAfterLanding.set('C0', 1_500);
    const lines: string[] = [];
    const started = Date.now();
    const { clock } = await run(2, lines);
    const c0 = slack.landed.filter((m) => m.channel === 'C0');
    expect([slack.landed.length, c0.length, slack.duplicates()]).toEqual([3, 2, 1]);
    const row = (await store.deliveries.list()).find((r) => r.channelId === 'slack:T_TEST:C0')!;
    // The second post went out no sooner than 60 s (injected clock) after the first attempt began posting.
    expect(row.lastPostAt!.getTime() - row.firstPostAt!.getTime()).toBeGreaterThanOrEqual(BLIND_RETRY_MS);
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(BLIND_RETRY_MS);
    const warnings = lines.map((l) => JSON.parse(l) as { msg: string; channel?: string }).filter((l) => /may duplicate/.test(l.msg));
    expect(warnings.map((w) => [w.channel, w.msg])).toEqual([
      ['slack:T_TEST:C0', 'outcome of the last post unknown and no probe; waiting before a retry that may duplicate'],
      ['slack:T_TEST:C0', 'retrying a post whose outcome is unknown: may duplicate'],
    ]);
    const out: string[] = [];
    const code = await deliveriesCommand.run([], { io: { out: (l) => out.push(l), err: () => undefined, isTTY: false }, env: { DATABASE_URL: db.url }, logger: silentLogger, plugins: [] });
    expect(code).toBe(0);
    expect(out.map((l) => l.replace(/scheduled:\S+/, '<period>').replace(/ \d{4}-\S+Z /, ' <when> '))).toEqual([
      'sent     slack:T_TEST:C1  <period>  <when>  attempts=1 stories=1 guarantee=at-most-one-duplicate',
      'sent     slack:T_TEST:C0  <period>  <when>  attempts=3 stories=1 guarantee=at-most-one-duplicate',
    ]);
  }, 60_000);
});
