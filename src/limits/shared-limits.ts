import { createHash } from 'node:crypto';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../logger.js';

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** A fixed window per key: `points` uses per `durationMs`, counted from the key's first use. */
export interface SharedWindow {
  take(key: string): Promise<LimitVerdict>;
  /** Keeps the key used up for `ms` from now, whatever it had left (a window restarted at a later moment). */
  closeFor(key: string, ms: number): Promise<void>;
}

/**
 * Posting slots `intervalMs` apart per key (a workspace, a tenant), shared by every replica: each caller
 * gets a slot of its own, so two replicas together keep to the rate one alone would.
 */
export interface SharedPacer {
  /** Reserves the first free slot at or after `earliest` (epoch ms); resolves with its start time. */
  reserve(key: string, earliest: number): Promise<number>;
}

/** A platform's Retry-After, seen by every replica: one replica's 429 holds the others back too. */
export interface SharedPenalty {
  hold(key: string, ms: number): Promise<void>;
  /** Milliseconds the key is still held back (0: free). */
  remaining(key: string): Promise<number>;
}

/** Limits kept in a store every replica shares (PostgreSQL or Redis), through rate-limiter-flexible. */
export interface SharedLimits {
  readonly kind: 'postgres' | 'redis';
  window(name: string, points: number, durationMs: number): SharedWindow;
  pacer(name: string, intervalMs: number): SharedPacer;
  penalty(name: string): SharedPenalty;
  close(): Promise<void>;
}

export interface SharedLimitsOptions {
  /** The project's pg pool (Database.pgPool); the limits live in its rate_limits table (migration 0009). */
  pgPool?: unknown;
  /** REDIS_URL: when set, Redis holds the limits instead of PostgreSQL. */
  redisUrl?: string;
  logger: Logger;
}

/**
 * The one place the limiter store is chosen from the configuration: Redis when REDIS_URL is set, else
 * PostgreSQL when the store is PostgreSQL, else null (PGlite: one process, every limiter stays in memory).
 * If the shared store fails (a PostgreSQL restart), each limiter falls back to an in-memory one until it
 * answers again (rate-limiter-flexible's insuranceLimiter), so a limit never stops the bot.
 */
export async function createSharedLimits(options: SharedLimitsOptions): Promise<SharedLimits | null> {
  if (options.redisUrl) {
    const { Redis } = await import('ioredis');
    const client = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: true });
    client.on('error', (err: Error) => options.logger.warn({ err: err.message }, 'redis error (limits fall back to memory while it lasts)'));
    // Connected before the first limit is asked: until then every replica would count alone in memory.
    try {
      await client.connect();
    } catch (err) {
      client.disconnect();
      throw new Error(`REDIS_URL: could not connect to Redis (${(err as Error).message})`, { cause: err });
    }
    return build('redis', (base) => new RateLimiterRedis({ ...base, storeClient: client, rejectIfRedisNotReady: true }), async () => {
      client.disconnect();
    });
  }
  if (options.pgPool) {
    const pool = options.pgPool;
    return build(
      'postgres',
      (base) => new RateLimiterPostgres({ ...base, storeClient: pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: true }),
      async () => undefined,
    );
  }
  return null;
}

type BaseOptions = { keyPrefix: string; points: number; duration: number; insuranceLimiter: RateLimiterMemory };

function build(kind: SharedLimits['kind'], make: (base: BaseOptions) => RateLimiterAbstract, close: () => Promise<void>): SharedLimits {
  // Redis counts whole seconds (EX); PostgreSQL milliseconds. Never below a second, so a key always expires.
  const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
  const limiter = (keyPrefix: string, points: number, durationMs: number) => {
    const duration = kind === 'redis' ? seconds(durationMs) : Math.max(0.001, durationMs / 1000);
    return make({ keyPrefix, points, duration, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }) });
  };
  return {
    kind,
    window(name, points, durationMs) {
      const rl = limiter(`w:${name}`, points, durationMs);
      return {
        async take(key) {
          try {
            await rl.consume(storeKey(key));
            return { allowed: true };
          } catch (res) {
            if (res instanceof RateLimiterRes) return { allowed: false, retryAfterMs: Math.max(1, res.msBeforeNext) };
            throw res;
          }
        },
        async closeFor(key, ms) {
          await rl.block(storeKey(key), kind === 'redis' ? seconds(ms) : ms / 1000);
        },
      };
    },
    pacer(name, intervalMs) {
      // One key per slot (slot number = epoch ms / interval), one point each: whoever takes it owns that
      // slot. Keys live a few seconds, long enough for slots reserved a little ahead.
      const rl = limiter(`p:${name}`, 1, Math.max(30_000, intervalMs * 4));
      // Per key, the highest slot this process knows is taken: its callers start looking above it,
      // so a burst of local callers does not re-try the same taken slots one by one.
      const known = new Map<string, number>();
      return {
        async reserve(key, earliest) {
          const k = storeKey(key);
          // From the next slot boundary: a slot's post then leaves at its start, so posts are a full interval apart.
          let slot = Math.max(Math.ceil(Math.max(earliest, Date.now()) / intervalMs), (known.get(k) ?? 0) + 1);
          for (let tries = 0; tries < 1_000; tries++, slot++) {
            known.set(k, Math.max(known.get(k) ?? 0, slot));
            if (known.size > 10_000) known.clear();
            try {
              await rl.consume(`${k}:${slot}`);
              return slot * intervalMs;
            } catch (res) {
              // Taken by another replica: try the next one.
              if (!(res instanceof RateLimiterRes)) throw res;
            }
          }
          return slot * intervalMs;
        },
      };
    },
    penalty(name) {
      const rl = limiter(`h:${name}`, 1, 1_000);
      return {
        async hold(key, ms) {
          const current = await this.remaining(key);
          if (current >= ms) return;
          await rl.block(storeKey(key), kind === 'redis' ? seconds(ms) : ms / 1000);
        },
        async remaining(key) {
          const res = await rl.get(storeKey(key));
          return res && res.consumedPoints > 1 ? Math.max(0, res.msBeforeNext) : 0;
        },
      };
    },
    close,
  };
}

/** Keys fit the store's varchar(255): long ones (Teams conversation ids) are hashed. */
function storeKey(key: string): string {
  return key.length <= 180 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
