import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createDigestService } from '../../src/digests/create-digest-service.js';
import { createDeliveryWorker, type DeliveryOutcome } from '../../src/delivery/delivery-worker.js';
import { MemoryTransport } from '../../src/delivery/memory-transport.js';
import { DEFAULT_RETRY_POLICY } from '../../src/delivery/retry-policy.js';
import { runScheduleTick } from '../../src/delivery/schedule-tick.js';
import { TransportRegistry } from '../../src/delivery/transport.js';
import { PermanentDeliveryError, RateLimitedError, TransientDeliveryError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import type { Store } from '../../src/store/store.js';
import { makeItem } from '../helpers/item-factory.js';
import { storeBackends } from '../helpers/store-backends.js';

const taxonomy = { topics: [{ slug: 'paris-call', names: { en: 'Paris Call' } }] };
// Monday 23 November 2026, 09:00 in Vilnius is 07:00 UTC.
const MONDAY_DUE = '2026-11-23T07:00:00.000Z';
const weekly = { kind: 'weekly', day: 1, time: '09:00' } as const;

for (const backend of storeBackends) {
  describe(`outbox on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let clock: ManualClock;
    let transport: MemoryTransport;
    let outcomes: DeliveryOutcome[];

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(() => cleanup());
    beforeEach(async () => {
      await store.database.query('TRUNCATE items, channels, deliveries, sent_stories');
      clock = new ManualClock('2026-11-20T12:00:00Z');
      transport = new MemoryTransport('demo');
      outcomes = [];
    });

    const worker = (id: string, leaseMs = 10_000) => {
      const transports = new TransportRegistry();
      transports.register(transport);
      const composer = createDigestService({ store, taxonomy, clock, logger: silentLogger });
      return createDeliveryWorker({
        store,
        composer,
        transports,
        clock,
        logger: silentLogger,
        workerId: id,
        leaseMs,
        random: () => 0.5,
        policy: { ...DEFAULT_RETRY_POLICY, baseMs: 1_000 },
        onOutcome: (o) => outcomes.push(o),
      });
    };

    /** A Vilnius channel following paris-call, with one fresh story. */
    async function setupChannel(id = 'demo:vilnius', story = 'S1') {
      await store.channels.update(id, { topics: ['paris-call'], cadence: weekly, timeZone: 'Europe/Vilnius' }, clock.now());
      await store.items.upsert([
        makeItem({ id: `${id}-${story}`, published: new Date('2026-11-19T10:00:00Z') }, { story, topics: [{ slug: 'paris-call', score: 1 }], summary: ['A summary.'] }),
      ]);
    }

    it('a tick schedules, then enqueues each (channel, period) once, even when ticks race', async () => {
      await setupChannel();
      expect(await runScheduleTick(store, clock.now(), silentLogger)).toEqual({ enqueued: 0, advanced: 1 });
      expect((await store.channels.get('demo:vilnius'))!.nextDueAt!.toISOString()).toBe(MONDAY_DUE);
      clock.set('2026-11-23T07:00:30Z');
      const [a, b, c] = await Promise.all([1, 2, 3].map(() => runScheduleTick(store, clock.now(), silentLogger)));
      expect(a!.enqueued + b!.enqueued + c!.enqueued).toBe(1);
      expect((await store.channels.get('demo:vilnius'))!.nextDueAt!.toISOString()).toBe('2026-11-30T07:00:00.000Z');
      expect((await store.deliveries.list()).map((d) => [d.periodKey, d.status])).toEqual([[`scheduled:${MONDAY_DUE}`, 'pending']]);

      expect(await worker('w1').runOnce()).toBe(1);
      expect(transport.posts.map((p) => [p.channelId, p.deliveryKey])).toEqual([['demo:vilnius', `scheduled:${MONDAY_DUE}`]]);
      const sent = await store.deliveries.get('demo:vilnius', `scheduled:${MONDAY_DUE}`);
      expect([sent!.status, sent!.messageId, sent!.storyIds]).toEqual(['sent', 'm1', ['S1']]);
      expect(await store.deliveries.sentStoryIds('demo:vilnius')).toEqual(new Set(['S1']));
      expect((await store.channels.get('demo:vilnius'))!.lastDigestAt!.toISOString()).toBe('2026-11-23T07:00:30.000Z');
      expect(await worker('w2').runOnce()).toBe(0);
    });

    it('a tick missed while the bot was down is caught up once after restart', async () => {
      await setupChannel();
      await runScheduleTick(store, clock.now(), silentLogger);
      // Down from Friday to the Wednesday after the Monday digest, and again past two more Mondays.
      clock.set('2026-11-25T15:00:00Z');
      expect((await runScheduleTick(store, clock.now(), silentLogger)).enqueued).toBe(1);
      expect((await runScheduleTick(store, clock.now(), silentLogger)).enqueued).toBe(0);
      await worker('w1').runOnce();
      clock.set('2026-12-10T15:00:00Z');
      expect((await runScheduleTick(store, clock.now(), silentLogger)).enqueued).toBe(1);
      expect((await store.channels.get('demo:vilnius'))!.nextDueAt!.toISOString()).toBe('2026-12-14T07:00:00.000Z');
      expect((await store.deliveries.list()).map((d) => d.periodKey).sort()).toEqual([`scheduled:${MONDAY_DUE}`, 'scheduled:2026-11-30T07:00:00.000Z']);
    });

    it('retries 500s with backoff and 429s after Retry-After, then delivers once', async () => {
      await setupChannel();
      await store.deliveries.enqueueFrozen({ channelId: 'demo:vilnius', periodKey: 'manual:r1', kind: 'manual', windowStart: new Date('2026-11-13T00:00:00Z'), windowEnd: clock.now(), storyIds: ['S1'] }, clock.now());
      transport.failNext(new TransientDeliveryError('HTTP 500'), new RateLimitedError(30_000));
      const w = worker('w1');
      await w.runOnce();
      let row = await store.deliveries.get('demo:vilnius', 'manual:r1');
      // Full jitter with random()=0.5 and base 1 s: 500 ms after the first failure.
      expect([row!.status, row!.attempts, row!.nextAttemptAt.toISOString(), row!.lastError]).toEqual([
        'pending', 1, '2026-11-20T12:00:00.500Z', 'transient_delivery_failure: HTTP 500',
      ]);
      clock.advance(500);
      await w.runOnce();
      row = await store.deliveries.get('demo:vilnius', 'manual:r1');
      expect([row!.status, row!.attempts, row!.nextAttemptAt.toISOString()]).toEqual(['pending', 2, '2026-11-20T12:00:31.000Z']);
      clock.advance(29_000);
      expect(await w.runOnce()).toBe(0);
      clock.advance(1_500);
      expect(await w.runOnce()).toBe(1);
      expect(transport.posts.length).toBe(1);
      expect(outcomes).toEqual(['retry', 'retry', 'sent']);
    });

    it('a permanent failure marks the delivery dead and disables the channel schedule', async () => {
      await setupChannel();
      await runScheduleTick(store, clock.now(), silentLogger);
      clock.set('2026-11-23T07:00:00Z');
      await runScheduleTick(store, clock.now(), silentLogger);
      transport.failNext(new PermanentDeliveryError('channel_not_found'), new PermanentDeliveryError('channel_not_found'));
      const w = worker('w1');
      await w.runOnce();
      clock.advance(1_000);
      await w.runOnce();
      const [row] = await store.deliveries.list({ failedOnly: true });
      expect([row!.status, row!.lastError, row!.disabledReason]).toEqual([
        'dead', 'permanent_delivery_failure: channel_not_found', 'delivery failed permanently: permanent_delivery_failure: channel_not_found',
      ]);
      clock.set('2026-11-30T08:00:00Z');
      expect(await runScheduleTick(store, clock.now(), silentLogger)).toEqual({ enqueued: 0, advanced: 0 });
      expect(transport.posts.length).toBe(0);
    });

    it('a worker that died after posting is not followed by a second post (lease expiry + wasPosted)', async () => {
      await setupChannel();
      await store.deliveries.enqueueFrozen({ channelId: 'demo:vilnius', periodKey: 'manual:crash', kind: 'manual', windowStart: new Date('2026-11-13T00:00:00Z'), windowEnd: clock.now(), storyIds: ['S1'] }, clock.now());
      // Worker "dead" claims and posts, then its process vanishes before recording the post.
      const [claimed] = await store.deliveries.claim('dead', clock.now(), 10_000, 1);
      // As every worker does, it records that it begins posting (the fencing lease update), then posts.
      expect(await store.deliveries.extendLease(claimed!.id, 'dead', new Date(clock.now().getTime() + 10_000), clock.now())).toBe(true);
      await transport.post('demo:vilnius', { visibility: 'channel', fallbackText: 'x', blocks: [] }, { deliveryKey: claimed!.periodKey });
      expect(await worker('w2').runOnce()).toBe(0); // still leased
      clock.advance(10_001);
      expect(await worker('w2').runOnce()).toBe(1);
      expect(transport.posts.length).toBe(1);
      expect(outcomes).toEqual(['recovered']);
      const row = await store.deliveries.get('demo:vilnius', 'manual:crash');
      expect([row!.status, row!.messageId, row!.attempts]).toEqual(['sent', 'm1', 2]);
      // The dead worker's late write is refused: the row is no longer its own.
      expect(await store.deliveries.complete(row!.id, 'dead', { status: 'sent', messageId: 'late' }, clock.now())).toBe(false);
    });

    it('claims never overlap: many workers, many channels, each delivered once', async () => {
      for (let i = 0; i < 30; i++) await setupChannel(`demo:c${i}`, `S${i}`);
      await runScheduleTick(store, clock.now(), silentLogger);
      clock.set('2026-11-23T07:00:05Z');
      expect((await runScheduleTick(store, clock.now(), silentLogger)).enqueued).toBe(30);
      const handled = await Promise.all(['a', 'b', 'c', 'd'].map((id) => worker(id).runOnce()));
      expect(handled.reduce((x, y) => x + y, 0)).toBe(30);
      expect(new Set(transport.posts.map((p) => p.channelId)).size).toBe(30);
      expect(transport.posts.length).toBe(30);
    }, 120_000);

    it('a channel with a broken stored schedule is paused with the reason; the others still run', async () => {
      await setupChannel('demo:ok', 'S1');
      await setupChannel('demo:bad', 'S2');
      await store.channels.update('demo:bad', { timeZone: 'Mars/Olympus_Mons' }, clock.now());
      expect(await runScheduleTick(store, clock.now(), silentLogger)).toEqual({ enqueued: 0, advanced: 1 });
      const bad = await store.channels.get('demo:bad');
      expect(bad!.disabledReason).toBe('invalid schedule: unknown time zone "Mars/Olympus_Mons"');
      expect((await store.channels.get('demo:ok'))!.nextDueAt!.toISOString()).toBe(MONDAY_DUE);
    });

    it('stop() releases claimed rows at once so another process takes them', async () => {
      await setupChannel();
      await store.deliveries.enqueueFrozen({ channelId: 'demo:vilnius', periodKey: 'manual:rel', kind: 'manual', windowStart: new Date('2026-11-13T00:00:00Z'), windowEnd: clock.now(), storyIds: ['S1'] }, clock.now());
      const [claimed] = await store.deliveries.claim('leaving', clock.now(), 60_000, 1);
      expect(await store.deliveries.release([claimed!.id], 'leaving', clock.now())).toBe(1);
      expect(await worker('next').runOnce()).toBe(1);
      expect(transport.posts.length).toBe(1);
    });
  });
}
