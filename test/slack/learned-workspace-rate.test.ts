import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LearnedWorkspaceRates } from '../../adapters/slack/learned-workspace-rates.js';
import { PostRateLimiter, type LimiterTimer } from '../../adapters/slack/post-rate-limiter.js';
import { createSlackWebApi } from '../../adapters/slack/slack-web-api.js';
import { SlackTransport } from '../../adapters/slack/slack-transport.js';
import { ManualClock } from '../../src/clock.js';
import { RateLimitedError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import type { Store } from '../../src/store/store.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { storeBackends } from '../helpers/store-backends.js';

/** A timer that never waits: it moves its own time forward by each sleep. */
class SkippingTimer implements LimiterTimer {
  t = 0;
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
  }
}

const doc: ReplyDocument = { visibility: 'channel', fallbackText: 'Weekly digest', blocks: [{ type: 'header', text: 'Weekly digest' }] };
const DAY = 86_400_000;

for (const backend of storeBackends) {
  describe(`Slack workspace rate kept across restarts: ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let slack: FakeSlackServer;
    let clock: ManualClock;

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      slack = await new FakeSlackServer().start();
    });
    afterAll(async () => {
      await slack.close();
      await cleanup();
    });
    beforeEach(async () => {
      await store.database.query('DELETE FROM learned_rates');
      clock = new ManualClock('2026-12-08T06:00:00Z');
    });

    /** The Slack adapter's posting side as serve builds it after a (re)start: a fresh limiter over the store. */
    async function start(maxAgeMs = 7 * DAY) {
      const memory = new LearnedWorkspaceRates({ port: createAdapterPorts(store).learnedRates, clock, maxAgeMs, logger: silentLogger });
      const timer = new SkippingTimer();
      const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 20, timer, memory });
      const api = await createSlackWebApi({ apiUrl: slack.apiUrl, logger: silentLogger });
      const transport = new SlackTransport({ api, tokens: { botToken: async () => 'xoxb-test' }, limiter, logger: silentLogger });
      return { memory, limiter, transport, timer };
    }

    /**
     * Two workspace 429s within 5 s, with no post waiting on the rate (a pause before them): the first may
     * be a stall (3 % off, the limit unchanged), the second is Slack's limit (20 -> 19.4 -> 15.52).
     */
    async function meetTheLimitTwice(run: Awaited<ReturnType<typeof start>>) {
      await run.transport.post('slack:T_TEST:C1', doc);
      run.timer.t += 5_000;
      for (const channel of ['C2', 'C3']) {
        slack.failNext('chat.postMessage', { retryAfterSeconds: 1 });
        expect(await run.transport.post(`slack:T_TEST:${channel}`, doc).catch((e: unknown) => e)).toBeInstanceOf(RateLimitedError);
      }
      await run.memory.flush();
    }

    it('a 429 that shows the limit lowers the kept rate; a first one at our own pace (maybe a stall) keeps nothing', async () => {
      const run = await start();
      await run.transport.post('slack:T_TEST:C1', doc);
      run.timer.t += 5_000;
      slack.failNext('chat.postMessage', { retryAfterSeconds: 1 });
      await run.transport.post('slack:T_TEST:C2', doc).catch(() => undefined);
      await run.memory.flush();
      expect(run.limiter.workspaceRate('T_TEST')).toBeCloseTo(19.4, 10);
      expect(await store.learnedRates.get('slack', 'T_TEST')).toBeNull();
      slack.failNext('chat.postMessage', { retryAfterSeconds: 1 });
      await run.transport.post('slack:T_TEST:C3', doc).catch(() => undefined);
      await run.memory.flush();
      const kept = await store.learnedRates.get('slack', 'T_TEST');
      expect(kept?.perSecond).toBeCloseTo(15.52, 10);
      expect(kept?.learnedAt.toISOString()).toBe('2026-12-08T06:00:00.000Z');
    });

    it('a restart starts at the kept rate, and posting at it does not renew it', async () => {
      await meetTheLimitTwice(await start());
      clock.advance(DAY);
      const restarted = await start();
      await restarted.transport.post('slack:T_TEST:C4', doc);
      expect(restarted.limiter.workspaceRate('T_TEST')).toBeCloseTo(15.52, 10);
      for (const channel of ['C5', 'C6', 'C7']) await restarted.transport.post(`slack:T_TEST:${channel}`, doc);
      await restarted.memory.flush();
      // Accepted posts at the kept rate say nothing new: the rate keeps the time Slack's answers set it.
      expect((await store.learnedRates.get('slack', 'T_TEST'))?.learnedAt.toISOString()).toBe('2026-12-08T06:00:00.000Z');
      // Another workspace knows nothing of it.
      await restarted.transport.post('slack:T_OTHER:C1', doc);
      expect(restarted.limiter.workspaceRate('T_OTHER')).toBe(20);
    });

    it('a 429 at the kept rate lowers it again, and the store keeps the lower one', async () => {
      await meetTheLimitTwice(await start());
      clock.advance(3_600_000);
      const restarted = await start();
      await meetTheLimitTwice(restarted);
      const kept = await store.learnedRates.get('slack', 'T_TEST');
      // From 15.52: 3 % off at our own pace, then the repeat cuts a fifth: 15.52 x 0.97 x 0.8.
      expect(kept?.perSecond).toBeCloseTo(15.52 * 0.97 * 0.8, 10);
      expect(kept?.learnedAt.toISOString()).toBe('2026-12-08T07:00:00.000Z');
    });

    it('a kept rate older than SLACK_LEARNED_RATE_DAYS is probed again from the configured rate', async () => {
      await meetTheLimitTwice(await start());
      clock.advance(7 * DAY + 1);
      const later = await start();
      await later.transport.post('slack:T_TEST:C4', doc);
      expect(later.limiter.workspaceRate('T_TEST')).toBe(20);
    });

    it('a 429 that meets posts waiting on the rate cuts the limit by a fifth at once, and the store keeps it', async () => {
      const run = await start();
      await run.transport.post('slack:T_TEST:C1', doc);
      // Back to back: C2 waits for the next workspace slot, so demand is above the rate.
      slack.failNext('chat.postMessage', { retryAfterSeconds: 1 });
      await run.transport.post('slack:T_TEST:C2', doc).catch(() => undefined);
      await run.memory.flush();
      expect((await store.learnedRates.get('slack', 'T_TEST'))?.perSecond).toBe(16);
    });

    it('SLACK_LEARNED_RATE_DAYS=0 keeps nothing and starts every run cold', async () => {
      const run = await start(0);
      await meetTheLimitTwice(run);
      expect(run.limiter.workspaceRate('T_TEST')).toBeCloseTo(15.52, 10);
      expect(await store.learnedRates.get('slack', 'T_TEST')).toBeNull();
    });
  });
}
