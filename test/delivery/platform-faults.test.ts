import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createDigestService } from '../../src/digests/create-digest-service.js';
import { createDeliveryWorker, type DeliveryOutcome } from '../../src/delivery/delivery-worker.js';
import { DEFAULT_RETRY_POLICY } from '../../src/delivery/retry-policy.js';
import { runScheduleTick } from '../../src/delivery/schedule-tick.js';
import { TransportRegistry } from '../../src/delivery/transport.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/store.js';
import { storeBackends } from '../helpers/store-backends.js';
import { FakePlatformServer } from './support/fake-platform-server.js';
import { HttpTestTransport } from './support/http-test-transport.js';
import { seedDueChannels } from './support/fleet.js';

const taxonomy = { topics: [{ slug: 'paris-call', names: { en: 'Paris Call' } }] };
const CHANNELS = 24;

/**
 * Platform faults over real HTTP (issue 9): 500s, timeouts whose post still landed, and a 429 storm
 * with Retry-After. The clock is injected: the test moves it instead of sleeping through backoffs.
 */
for (const backend of storeBackends) {
  describe(`platform faults on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let fake: FakePlatformServer;
    let fakeUrl: string;

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(() => cleanup());
    beforeEach(async () => {
      await store.database.query('TRUNCATE items, channels, deliveries, sent_stories');
      fake = new FakePlatformServer();
      fakeUrl = await fake.start();
      const current = fake;
      return async () => {
        await current.close();
        fake = undefined as unknown as FakePlatformServer;
      };
    });

    async function runUntilSettled(clock: ManualClock, outcomes: DeliveryOutcome[]) {
      const transports = new TransportRegistry();
      transports.register(new HttpTestTransport(fakeUrl, 'w', 1_000));
      const worker = createDeliveryWorker({
        store,
        composer: createDigestService({ store, taxonomy, clock, logger: silentLogger }),
        transports,
        clock,
        logger: silentLogger,
        leaseMs: 30_000,
        concurrency: 6,
        random: () => 1,
        policy: { ...DEFAULT_RETRY_POLICY, baseMs: 1_000, maxMs: 8_000 },
        onOutcome: (o) => outcomes.push(o),
      });
      let rounds = 0;
      const mine = fake;
      // Stop if the test ended (timeout) so a stray loop never touches the next test's rows.
      for (; rounds < 200 && fake === mine; rounds++) {
        await worker.runOnce();
        const open = await store.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status IN ('pending', 'sending')`);
        if (Number(open[0]!.n) === 0) break;
        clock.advance(5_000);
      }
      return rounds;
    }

    it('500s, timeouts that landed, and a 429 storm: backoff, then every channel gets exactly one post', async () => {
      const now = new Date('2026-11-23T10:00:30Z');
      const clock = new ManualClock(now);
      await seedDueChannels(store, CHANNELS, now);
      expect((await runScheduleTick(store, clock.now(), silentLogger)).enqueued).toBe(CHANNELS);
      for (let i = 0; i < CHANNELS; i++) {
        const channel = `demo:c${i}`;
        if (i % 3 === 0) fake.faults.set(channel, [{ status: 500 }, { status: 500 }, { status: 500 }]);
        // The platform took the post but answered after our 1 s timeout: a retry must not post again.
        if (i % 3 === 1) fake.faults.set(channel, [{ hangMs: 1_500, land: true }]);
        // Everyone is rate limited for a while: 429 with Retry-After 20 s, four times in a row.
        if (i % 3 === 2) fake.faults.set(channel, Array.from({ length: 4 }, () => ({ status: 429 as const, retryAfterSeconds: 20 })));
      }
      const outcomes: DeliveryOutcome[] = [];
      const rounds = await runUntilSettled(clock, outcomes);
      const counts = fake.counts();
      console.log(`[faults:${backend.name}] requests ${fake.requests}, posts ${fake.posts.length}, recovered ${fake.lookupHits}, rounds ${rounds}`);
      expect([counts.size, fake.posts.length, fake.duplicates()]).toEqual([CHANNELS, CHANNELS, 0]);
      expect(outcomes.filter((o) => o === 'sent').length + outcomes.filter((o) => o === 'recovered').length).toBe(CHANNELS);
      // At least every timed-out post that landed was found by wasPosted (a slow answer under load adds more, never a post).
      expect(outcomes.filter((o) => o === 'recovered').length).toBeGreaterThanOrEqual(CHANNELS / 3);
      // 8 channels x 3 500s + 8 timeouts + 8 x 4 429s + 16 successful posts.
      expect(fake.requests).toBe(8 * 3 + 8 + 8 * 4 + 16);
      const rows = await store.deliveries.list({ limit: 100 });
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      // A rate-limited channel waited out every Retry-After: 4 x 20 s at least.
      const limited = rows.find((r) => r.channelId === 'demo:c2')!;
      expect(limited.attempts).toBe(5);
      expect(limited.sentAt!.getTime() - now.getTime()).toBeGreaterThanOrEqual(80_000);
    }, 180_000);

    it('a channel that is gone (404) is marked dead, disabled, and shown as failed', async () => {
      const now = new Date('2026-11-23T10:00:30Z');
      const clock = new ManualClock(now);
      await seedDueChannels(store, 2, now);
      await runScheduleTick(store, clock.now(), silentLogger);
      fake.faults.set('demo:c0', [{ status: 404 }, { status: 404 }]);
      const outcomes: DeliveryOutcome[] = [];
      await runUntilSettled(clock, outcomes);
      const failed = await store.deliveries.list({ failedOnly: true });
      expect(failed.map((f) => [f.channelId, f.status, f.lastError, f.disabledReason])).toEqual([
        ['demo:c0', 'dead', 'permanent_delivery_failure: channel demo:c0: HTTP 404', 'delivery failed permanently: permanent_delivery_failure: channel demo:c0: HTTP 404'],
      ]);
      expect([...fake.counts().keys()].map((k) => k.split('|')[0])).toEqual(['demo:c1']);
    }, 120_000);
  });
}
