import type { Clock } from '../clock.js';

export type RateVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface RateLimiter {
  /** Takes one token for `key`; when none is left, says how long until the next one. Shared limiters answer asynchronously. */
  take(key: string): RateVerdict | Promise<RateVerdict>;
}

export interface TokenBucketOptions {
  clock: Clock;
  /** Burst size: commands a user may send at once. */
  capacity?: number;
  /** Tokens regained per minute. */
  perMinute?: number;
  /** Most users tracked at once; the least recently seen are forgotten beyond it (memory stays bounded). */
  maxKeys?: number;
}

/**
 * A token bucket per key (per user id), in memory: the limit of a single process (PGlite). Replicas on
 * PostgreSQL or Redis share one window instead (src/limits/command-limit.ts).
 */
export function createTokenBucketLimiter(options: TokenBucketOptions): { take(key: string): RateVerdict } {
  const capacity = options.capacity ?? 20;
  const perMs = (options.perMinute ?? 20) / 60_000;
  const maxKeys = options.maxKeys ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const now = options.clock.now().getTime();
      const bucket = buckets.get(key) ?? { tokens: capacity, at: now };
      // A clock that goes backwards must not mint tokens.
      const elapsed = Math.max(0, now - bucket.at);
      bucket.tokens = Math.min(capacity, bucket.tokens + elapsed * perMs);
      bucket.at = Math.max(bucket.at, now);
      buckets.delete(key); // re-insert: Map order is then least recently seen first
      buckets.set(key, bucket);
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true };
      }
      // The small epsilon keeps float noise (1000.0000001 ms) from adding a whole second to the message.
      return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs - 1e-6) };
    },
  };
}

/** A limiter that never refuses (trusted local paths such as tests of other features). */
export const unlimited: RateLimiter = { take: () => ({ allowed: true }) };
