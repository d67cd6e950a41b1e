import { CyberpolicyError, PermanentDeliveryError, RateLimitedError, errorMessage } from '../errors.js';

export interface RetryPolicy {
  /** First retry delay; doubles per attempt. */
  baseMs: number;
  /** Largest backoff delay. */
  maxMs: number;
  /** Give up (status 'failed') after this many attempts at a transient failure. */
  maxAttempts: number;
  /** A PermanentDeliveryError is confirmed once more before the channel is disabled (a 403 can be a blip). */
  permanentAttempts: number;
  /** Rate limits are the platform pacing us, not failures: they get a larger budget. */
  maxRateLimitedAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 5_000,
  maxMs: 15 * 60_000,
  maxAttempts: 8,
  permanentAttempts: 2,
  maxRateLimitedAttempts: 30,
};

export type RetryDecision =
  | { action: 'retry'; delayMs: number; reason: string }
  | { action: 'fail'; reason: string }
  | { action: 'dead'; reason: string };

/**
 * What to do after attempt number `attempt` (1-based) failed with `err`. Exponential backoff with
 * full jitter (AWS architecture blog): delay = random(0, min(max, base * 2^(attempt-1))), never below
 * a Retry-After the platform sent. Errors are classified by type, never by message text.
 */
export function decideRetry(err: unknown, attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random: () => number = Math.random): RetryDecision {
  const reason = describeError(err);
  if (err instanceof PermanentDeliveryError) {
    return attempt >= policy.permanentAttempts ? { action: 'dead', reason } : { action: 'retry', delayMs: policy.baseMs, reason };
  }
  const backoff = Math.round(random() * Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30)));
  if (err instanceof RateLimitedError) {
    if (attempt >= policy.maxRateLimitedAttempts) return { action: 'fail', reason };
    // Honour Retry-After, plus a little jitter so a fleet of workers does not return in lockstep.
    return { action: 'retry', delayMs: err.retryAfterMs + Math.round(random() * Math.min(1_000, policy.baseMs)), reason };
  }
  if (attempt >= policy.maxAttempts) return { action: 'fail', reason };
  return { action: 'retry', delayMs: backoff, reason };
}

function describeError(err: unknown): string {
  const text = errorMessage(err);
  return err instanceof CyberpolicyError ? `${err.code}: ${text}` : text;
}
