import { CyberpolicyError, PermanentDeliveryError, RateLimitedError, TransientDeliveryError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { ConnectorError } from './activity.js';
import type { SharedPacer, SharedPenalty, SharedWindow } from '../../src/limits/shared-limits.js';
import type { SlidingWindowLimiter, TenantMargin } from './rate-limiter.js';

export interface RetryPolicy {
  /** Tries per message, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest pause taken inline (rate limit or Retry-After); longer ones go back to the scheduler as RateLimitedError. */
  maxInlineWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxInlineWaitMs: 10_000 };

/** Statuses Teams documents as worth retrying (throttled, precondition race, gateway trouble), plus no response. */
const RETRYABLE = new Set([0, 412, 429, 502, 503, 504]);
/** Of those, the ones after which the message may have been posted all the same (no answer, bad gateway, gateway timeout). */
const OUTCOME_UNKNOWN = new Set([0, 502, 504]);

export interface SenderDeps {
  /** Per conversation (Teams' per-bot-per-thread limits). */
  limiter: SlidingWindowLimiter;
  /** Per tenant (Teams' global limit per app per tenant), for sends that name their tenant. */
  tenantLimiter?: SlidingWindowLimiter;
  /** The tenant windows' margin, learned from how long posts take from their slot to the answer (and from 429s). */
  tenantMargin?: TenantMargin;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  policy?: RetryPolicy;
  /**
   * The tenant's rate and Retry-After shared by every replica (PostgreSQL or Redis): slots 1/50 s apart
   * per tenant handed out from the shared store, and a 429 holding the tenant back in every replica.
   */
  shared?: {
    tenantSlots: SharedPacer;
    /** The width of one tenant slot (ms): a post that wakes later than that after its slot takes a fresh one. */
    tenantSlotMs?: number;
    held: SharedPenalty;
    /** Per conversation: posting slots (see TEAMS_SHARED_CONVERSATION_INTERVAL_MS) and an hourly cap, whoever posts. */
    conversationSlots?: SharedPacer;
    conversationHour?: SharedWindow;
  };
}

/**
 * Sends one message to a conversation within Teams' per-conversation limits, retrying throttling and
 * gateway errors with exponential backoff and jitter, and turning what is left into the errors the
 * scheduler acts on. Teams offers no idempotency key: a retried 502/504 may duplicate a post the
 * connector did accept, so scheduled digests (noBlindRetry) leave those to the outbox's probe or wait.
 */
export class ConversationSender {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;

  constructor(private readonly deps: SenderDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = deps.random ?? Math.random;
    this.policy = deps.policy ?? DEFAULT_RETRY_POLICY;
  }

  /**
   * `tenant`, when known, also counts the send against the app's per-tenant rate. `noBlindRetry`: a
   * failure after which the message may have been posted anyway is not retried here but handed to the
   * outbox (which probes, or waits before a retry that may duplicate); scheduled digests use it.
   */
  async send(conversation: string, post: () => Promise<string>, tenant?: string, options: { noBlindRetry?: boolean } = {}): Promise<string> {
    const margin = tenant ? this.deps.tenantMargin : undefined;
    for (let attempt = 1; ; attempt++) {
      await this.waitForSlot(conversation, tenant);
      const bookedAt = margin?.stamp();
      await this.waitForSharedConversationSlot(conversation);
      if (tenant) await this.waitForSharedSlot(tenant);
      try {
        const id = await post();
        if (bookedAt !== undefined) margin!.answered(bookedAt);
        return id;
      } catch (err) {
        const failure = classify(err);
        if (failure.status === 429) margin?.limited();
        if (tenant && failure.status === 429) void this.deps.shared?.held.hold(tenant, failure.retryAfterMs ?? 1_000).catch(() => undefined);
        if (options.noBlindRetry && failure.status !== null && OUTCOME_UNKNOWN.has(failure.status)) throw failure.error;
        if (!failure.retry || attempt >= this.policy.maxAttempts) throw failure.error;
        const delay = failure.retryAfterMs ?? this.backoff(attempt);
        if (delay > this.policy.maxInlineWaitMs) throw failure.error instanceof RateLimitedError ? new RateLimitedError(delay, failure.error.message) : failure.error;
        this.deps.logger.warn({ conversation, attempt, status: failure.status, delayMs: delay }, 'teams: send failed, retrying');
        await this.sleep(delay);
      }
    }
  }

  /** With replicas: the conversation's hourly cap, then a shared posting slot in it (another replica may post there too). */
  private async waitForSharedConversationSlot(conversation: string): Promise<void> {
    const shared = this.deps.shared;
    if (!shared?.conversationSlots) return;
    try {
      const hour = await shared.conversationHour?.take(conversation);
      if (hour && !hour.allowed) {
        throw new RateLimitedError(hour.retryAfterMs, `Teams limits messages per conversation (1,800 an hour); next slot in ${Math.ceil(hour.retryAfterMs / 1000)} s`);
      }
      const at = await shared.conversationSlots.reserve(conversation, Date.now());
      if (at > Date.now()) await this.sleep(at - Date.now());
    } catch (err) {
      if (err instanceof RateLimitedError) throw err;
      // The shared store is not answering: this replica's own limiter still applies.
    }
  }

  /** With replicas: wait out another replica's 429 for this tenant, then take a shared tenant slot. */
  private async waitForSharedSlot(tenant: string): Promise<void> {
    const shared = this.deps.shared;
    if (!shared) return;
    try {
      for (let round = 0; round < 20; round++) {
        const held = await shared.held.remaining(tenant);
        if (held <= 0) break;
        if (held > this.policy.maxInlineWaitMs) throw new RateLimitedError(held, `Teams is throttling this bot in tenant ${tenant} (seen by another replica)`);
        await this.sleep(held);
      }
      // A slot is only good near its time: a post that wakes late (a busy event loop, a slow store) takes
      // a fresh slot rather than leave together with the posts of the next slots.
      for (let late = 0; late < 5; late++) {
        const at = await shared.tenantSlots.reserve(tenant, Date.now());
        if (at > Date.now()) await this.sleep(at - Date.now());
        if (shared.tenantSlotMs === undefined || Date.now() - at <= shared.tenantSlotMs) break;
      }
    } catch (err) {
      if (err instanceof RateLimitedError) throw err;
      // The shared store is not answering: this replica's own limiter still applies.
    }
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
  backoff(attempt: number): number {
    const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  private async waitForSlot(conversation: string, tenant?: string): Promise<void> {
    const tenantLimiter = tenant ? this.deps.tenantLimiter : undefined;
    // Bounded: a clock that does not move (or a limiter bug) must not spin forever.
    for (let round = 0; ; round++) {
      const wait = this.deps.limiter.peek(conversation);
      if (wait === 0) {
        if (!tenantLimiter) {
          this.deps.limiter.reserve(conversation);
          return;
        }
        // The conversation is free: queue (first come, first served) for the tenant's rate, and book
        // both at one instant, unless another send to this conversation took its slot meanwhile.
        if (await this.inTenantTurn(tenant!, tenantLimiter, () => this.deps.limiter.reserve(conversation) === 0)) return;
        continue;
      }
      if (wait > this.policy.maxInlineWaitMs || round >= 20) {
        throw new RateLimitedError(wait, `Teams limits messages per conversation; next slot in ${Math.ceil(wait / 1000)} s`);
      }
      await this.sleep(wait);
    }
  }

  private readonly tenantTurns = new Map<string, Promise<unknown>>();

  /** Runs `book` once the tenant has a free slot, one caller at a time per tenant; books the tenant slot when `book` succeeds. */
  private inTenantTurn(tenant: string, limiter: SlidingWindowLimiter, book: () => boolean): Promise<boolean> {
    const previous = this.tenantTurns.get(tenant) ?? Promise.resolve();
    const turn = previous.then(async () => {
      for (let round = 0; ; round++) {
        const wait = limiter.peek(tenant);
        if (wait === 0) {
          if (!book()) return false;
          limiter.reserve(tenant);
          return true;
        }
        if (round >= 20) throw new RateLimitedError(wait, `Teams limits messages per app and tenant; next slot in ${Math.ceil(wait / 1000)} s`);
        await this.sleep(wait);
      }
    });
    const settled = turn.catch(() => undefined);
    this.tenantTurns.set(tenant, settled);
    void settled.then(() => {
      if (this.tenantTurns.get(tenant) === settled) this.tenantTurns.delete(tenant);
    });
    return turn;
  }
}

interface Failure {
  retry: boolean;
  status: number | null;
  retryAfterMs: number | null;
  error: CyberpolicyError;
}

function classify(err: unknown): Failure {
  if (err instanceof CyberpolicyError) return { retry: false, status: null, retryAfterMs: null, error: err };
  if (!(err instanceof ConnectorError)) {
    const message = err instanceof Error ? err.message : String(err);
    return { retry: false, status: null, retryAfterMs: null, error: new TransientDeliveryError(`Teams delivery failed: ${message.split('\n')[0]}`, { cause: err }) };
  }
  const { status, retryAfterMs } = err;
  if (status === 403) {
    return { retry: false, status, retryAfterMs, error: new PermanentDeliveryError('Teams refused the message (403): the bot was removed or blocked in this conversation', { cause: err }) };
  }
  if (status === 404) {
    return { retry: false, status, retryAfterMs, error: new PermanentDeliveryError('Teams does not know this conversation (404): it was deleted or the bot never joined it', { cause: err }) };
  }
  if (status === 429) {
    return { retry: true, status, retryAfterMs, error: new RateLimitedError(retryAfterMs ?? 1_000, 'Teams is throttling this bot (429)', { cause: err }) };
  }
  if (RETRYABLE.has(status)) {
    const message = status === 0 ? 'the Bot Connector did not answer' : `the Bot Connector answered ${status}`;
    return { retry: true, status, retryAfterMs, error: new TransientDeliveryError(message, { cause: err, notPosted: !OUTCOME_UNKNOWN.has(status) }) };
  }
  if (status === 401) {
    return { retry: false, status, retryAfterMs, error: new TransientDeliveryError('the Bot Connector rejected our token (401): check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId', { cause: err, notPosted: true }) };
  }
  return { retry: false, status, retryAfterMs, error: new TransientDeliveryError(`the Bot Connector rejected the message (${status})`, { cause: err, notPosted: status >= 400 && status < 500 }) };
}
