import type { Clock } from '../clock.js';
import { createTokenBucketLimiter, type RateLimiter } from '../commands/rate-limiter.js';
import type { SharedLimits } from './shared-limits.js';

/** Commands a user may send per minute (README: "20 commands a minute"). */
export const COMMANDS_PER_MINUTE = 20;

/**
 * The per-user command limit: one window of 20 a minute shared by every replica when the limits are
 * shared (PostgreSQL or Redis), else the in-process token bucket (PGlite: one process).
 */
export function commandRateLimiter(limits: SharedLimits | null, clock: Clock): RateLimiter {
  if (!limits) return createTokenBucketLimiter({ clock, capacity: COMMANDS_PER_MINUTE, perMinute: COMMANDS_PER_MINUTE });
  const window = limits.window('commands', COMMANDS_PER_MINUTE, 60_000);
  return { take: (userId) => window.take(userId) };
}
