import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRateLimiter } from '../../src/limits/command-limit.js';
import { createSharedLimits, type SharedLimits } from '../../src/limits/shared-limits.js';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/postgres.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The limiter store chosen from the configuration (src/limits): two "replicas" (two stores, two pools,
 * or two Redis clients) see one limit. PGlite gets null: its limits stay in memory.
 */
describe('shared limits', () => {
  let db: { url: string; drop(): Promise<void> };
  const stores: Store[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('limits');
    for (let i = 0; i < 2; i++) stores.push(await openStore({ databaseUrl: db.url, poolSize: 2 }));
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await db.drop();
  });

  it('PGlite (no pg pool, no REDIS_URL): no shared store, and the command limit is the in-memory token bucket', async () => {
    const limits = await createSharedLimits({ pgPool: undefined, logger: silentLogger });
    expect(limits).toBeNull();
    const limiter = commandRateLimiter(limits, new ManualClock('2026-11-23T07:00:00Z'));
    const verdicts = await Promise.all(Array.from({ length: 21 }, () => limiter.take('demo:u')));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(20);
  });

  it('an unreachable REDIS_URL is an error at start, not a silent per-process limit', async () => {
    await expect(createSharedLimits({ redisUrl: 'redis://127.0.0.1:1', logger: silentLogger })).rejects.toThrow('REDIS_URL: could not connect to Redis');
  });

  for (const kind of ['postgres', 'redis'] as const) {
    describe(kind, () => {
      let replicas: SharedLimits[];
      beforeAll(async () => {
        replicas = await Promise.all(
          stores.map(async (s) => (await createSharedLimits({ pgPool: s.database.pgPool, redisUrl: kind === 'redis' ? REDIS_URL : undefined, logger: silentLogger }))!),
        );
      });
      afterAll(async () => {
        for (const r of replicas) await r.close();
      });

      it('60 commands from one user over two replicas: exactly 20 allowed, the rest told when to retry', async () => {
        expect(replicas.map((r) => r.kind)).toEqual([kind, kind]);
        const user = `slack:U${randomUUID()}`;
        const limiters = replicas.map((r) => commandRateLimiter(r, new ManualClock(new Date())));
        const verdicts = await Promise.all(Array.from({ length: 60 }, (_, i) => limiters[i % 2]!.take(user)));
        const refused = verdicts.filter((v) => !v.allowed) as { retryAfterMs: number }[];
        expect([verdicts.length - refused.length, refused.length]).toEqual([20, 40]);
        expect(refused.every((v) => v.retryAfterMs > 0 && v.retryAfterMs <= 60_000)).toBe(true);
      });

      it('posting slots: reservations from both replicas at once never share a slot', async () => {
        const name = `test-${randomUUID()}`;
        const pacers = replicas.map((r) => r.pacer(name, 50));
        const start = Date.now();
        const slots = await Promise.all(Array.from({ length: 40 }, (_, i) => pacers[i % 2]!.reserve('T1', start)));
        const sorted = [...slots].sort((a, b) => a - b);
        const gaps = sorted.slice(1).map((t, i) => t - sorted[i]!);
        expect(new Set(slots).size).toBe(40);
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(49);
        // 40 slots 50 ms apart, the first at the next slot boundary: no gaps left unused.
        expect(sorted.at(-1)! - sorted[0]!).toBe(39 * 50);
        expect(sorted[0]! - start).toBeLessThanOrEqual(50 + (Date.now() - start));
      });

      it("one replica's Retry-After holds the other back", async () => {
        const name = `test-${randomUUID()}`;
        const [a, b] = replicas.map((r) => r.penalty(name));
        expect(await b!.remaining('T1')).toBe(0);
        await a!.hold('T1', 3_000);
        const left = await b!.remaining('T1');
        expect(left).toBeGreaterThan(1_000);
        expect(left).toBeLessThanOrEqual(3_000);
        expect(await b!.remaining('T2')).toBe(0);
      });

      it("a window closed again by one replica stays closed in the other for the new span, counted from then", async () => {
        const name = `test-${randomUUID()}`;
        const [a, b] = replicas.map((r) => r.window(name, 1, 1_000));
        expect(await a!.take('T1:C1')).toEqual({ allowed: true });
        // Taken a second ago in spirit: the post was answered now, so the window restarts for 3 s.
        await a!.closeFor('T1:C1', 3_000);
        const verdict = await b!.take('T1:C1');
        expect(verdict.allowed).toBe(false);
        const retry = (verdict as { retryAfterMs: number }).retryAfterMs;
        // Redis counts whole seconds; PostgreSQL milliseconds. Either way longer than the 1 s window.
        expect(retry).toBeGreaterThan(1_500);
        expect(retry).toBeLessThanOrEqual(3_000);
        expect(await b!.take('T1:C2')).toEqual({ allowed: true });
      });
    });
  }
});
