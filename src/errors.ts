/** Base error: a stable code for callers, a message fit to show a user, and the cause. */
export class CyberpolicyError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = new.target.name;
  }
}

/** Bad input from a user, a file or a feed; `where` names the input (file, line, column, field). */
export class InputError extends CyberpolicyError {
  constructor(
    readonly where: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('input_error', `${where}: ${message}`, options);
  }
}

/** The platform asked us to slow down. */
export class RateLimitedError extends CyberpolicyError {
  constructor(
    readonly retryAfterMs: number,
    message = 'rate limited',
    options?: { cause?: unknown },
  ) {
    super('rate_limited', message, options);
  }
}

/** Retrying will not help: the channel is gone, the bot was removed, access is forbidden. */
export class PermanentDeliveryError extends CyberpolicyError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('permanent_delivery_failure', message, options);
  }
}

/**
 * A delivery failed in a way worth retrying (5xx, timeout, network). `notPosted` when the platform
 * certainly did not post (it answered with an error); otherwise the post may have landed.
 */
export class TransientDeliveryError extends CyberpolicyError {
  readonly notPosted: boolean;
  constructor(message: string, options?: { cause?: unknown; notPosted?: boolean }) {
    super('transient_delivery_failure', message, options);
    this.notPosted = options?.notPosted ?? false;
  }
}

/** A URL refused by the outbound-request guard (SSRF protection). */
export class BlockedUrlError extends CyberpolicyError {
  constructor(readonly url: string, reason: string) {
    super('blocked_url', `${url}: refused (${reason})`);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof CyberpolicyError) return err.userMessage;
  if (err instanceof Error) return err.message;
  return String(err);
}
