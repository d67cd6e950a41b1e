import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { PermanentDeliveryError, RateLimitedError, TransientDeliveryError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { platformOf } from '../platform/channel-id.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import type { ClaimedDelivery } from '../store/delivery-repository.js';
import type { Store } from '../store/store.js';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry-policy.js';
import { isProbeUnavailable, type DeliveryGuarantee, type PostedMessage, type ProbeUnavailable, type Transport, type TransportRegistry } from './transport.js';

/** A digest chosen for a delivery: the window it covers, its stories, and what to post (null: nothing). */
export interface ComposedDigest {
  windowStart: Date;
  windowEnd: Date;
  storyIds: string[];
  doc: ReplyDocument | null;
}

/**
 * What the worker needs from src/digests. `frozen` repeats an earlier choice of stories exactly.
 * `shareReads` lets a first composition use what another channel's read a few seconds ago.
 */
export interface DigestComposer {
  composeForDelivery(
    channelId: string,
    now: Date,
    frozen?: { windowStart: Date; windowEnd: Date; storyIds: string[] },
    options?: { shareReads?: boolean },
  ): Promise<ComposedDigest>;
}

export type DeliveryOutcome = 'sent' | 'empty' | 'recovered' | 'retry' | 'failed' | 'dead' | 'lost_lease';

export interface DeliveryWorkerOptions {
  store: Store;
  composer: DigestComposer;
  transports: TransportRegistry;
  clock: Clock;
  logger: Logger;
  /** Unique per process; defaults to a random id. */
  workerId?: string;
  /** How long a claim lasts without a heartbeat. A dead worker's rows are taken over after this. */
  leaseMs?: number;
  /**
   * Deliveries in flight at once (composing, or waiting on the platform's rate limits). Defaults to
   * what the registered transports declare (`maxInFlight`: their rate times how long one delivery
   * takes), so a channel waiting its turn for a thread reply does not hold up the others.
   */
  concurrency?: number;
  /** Digests composed at once (CPU and database work); the rest of the in-flight deliveries are posting. Default 2. */
  composeConcurrency?: number;
  /** How often the background loop looks for work. */
  pollMs?: number;
  policy?: RetryPolicy;
  random?: () => number;
  onOutcome?(outcome: DeliveryOutcome, delivery: ClaimedDelivery): void;
}

export interface DeliveryWorker {
  readonly workerId: string;
  /** The in-flight limit in force (the option, or the transports' declared default). */
  readonly concurrency: number;
  /** Claim and process deliveries due at clock.now() until none is left; returns how many were handled. */
  runOnce(): Promise<number>;
  /** Poll in the background every pollMs. */
  start(): void;
  /** Stop polling; wait up to `graceMs` for in-flight deliveries, then release the rest to other processes. */
  stop(graceMs?: number): Promise<{ finished: number; released: number }>;
}

/**
 * The outbox worker. Exactly once per (channel, period): rows are claimed under a lease, the chosen
 * stories are frozen before the first post, each attempt records when it begins posting, and a row
 * whose earlier attempt may have reached the platform is first checked with transport.wasPosted. Where
 * the probe cannot answer (no history permission), the retry waits BLIND_RETRY_MS after that attempt
 * and may duplicate it once. The remaining window is a post that lands after its lease expired AND
 * after the next claimer's wasPosted check (a process frozen longer than the lease mid-request).
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { store, composer, transports, clock, logger } = options;
  const workerId = options.workerId ?? `w-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const composeConcurrency = Math.max(1, Math.floor(options.composeConcurrency ?? 2));
  // Read when claiming, so transports registered after the worker was created count too.
  const maxInFlight = () => Math.max(1, Math.floor(options.concurrency ?? transports.maxInFlight() ?? DEFAULT_CONCURRENCY));
  const pollMs = options.pollMs ?? 1_000;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const log = logger.child({ worker: workerId });
  const inFlight = new Map<number, Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let loop: Promise<unknown> | null = null;

  const report = (outcome: DeliveryOutcome, d: ClaimedDelivery) => {
    try {
      options.onOutcome?.(outcome, d);
    } catch {
      // metrics must never break delivery
    }
  };

  // One claim loop at a time per process (the poll loop and tick nudges share it), so a process
  // never holds two copies of a row.
  let chain: Promise<unknown> = Promise.resolve();
  function runOnce(): Promise<number> {
    const run = chain.then(claimLoop);
    chain = run.catch(() => undefined);
    return run;
  }

  // Composition is CPU and database work: a few at a time. Posting is mostly waiting on the platform:
  // many at a time. Rows are claimed only as compose slots come free (a little ahead), so a process
  // never sits on leased rows it cannot start soon, while up to maxInFlight() are posting.
  let composeFree = composeConcurrency;
  const composeQueue: (() => void)[] = [];
  /** Claimed rows not yet past composition (queued or composing). */
  const beforePosting = new Set<number>();
  let wake: (() => void) | null = null;
  let finishedSinceClaim = false;
  const nudge = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  async function composeSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (composeFree > 0) composeFree--;
    else await new Promise<void>((resolve) => composeQueue.push(resolve));
    try {
      return await fn();
    } finally {
      const next = composeQueue.shift();
      if (next) next();
      else composeFree++;
    }
  }

  async function claimLoop(): Promise<number> {
    let handled = 0;
    const mine = new Set<Promise<void>>();
    let drained = false;
    while (!stopping) {
      const room = Math.min(maxInFlight() - inFlight.size, composeConcurrency * 2 - beforePosting.size);
      if (room > 0 && !drained) {
        finishedSinceClaim = false;
        const claimed = (await store.deliveries.claim(workerId, clock.now(), leaseMs, room)).filter((d) => !inFlight.has(d.id));
        if (claimed.length > 0 && stopping) {
          // Shutdown began while claiming: hand the rows straight back rather than start posting them.
          await store.deliveries.release(claimed.map((d) => d.id), workerId, clock.now());
          break;
        }
        for (const d of claimed) {
          beforePosting.add(d.id);
          const p: Promise<void> = withHeartbeat(d, () => processDelivery(d))
            .catch((err) => log.error({ channel: d.channelId, period: d.periodKey, err: errorMessage(err) }, 'delivery failed unexpectedly'))
            .finally(() => {
              inFlight.delete(d.id);
              beforePosting.delete(d.id);
              mine.delete(p);
              finishedSinceClaim = true;
              nudge();
            });
          inFlight.set(d.id, p);
          mine.add(p);
        }
        handled += claimed.length;
        if (claimed.length > 0) continue;
        // Nothing more is due now; look again once a delivery finishes (its row may be due again).
        drained = true;
      }
      if (mine.size === 0) break;
      await new Promise<void>((resolve) => (wake = resolve));
      if (finishedSinceClaim) drained = false;
    }
    await Promise.all(mine);
    return handled;
  }

  async function processDelivery(d: ClaimedDelivery): Promise<void> {
    const meta = { channel: d.channelId, period: d.periodKey, attempt: d.attempts };
    let stage = 'compose';
    const composed = () => {
      if (beforePosting.delete(d.id)) nudge();
    };
    try {
      const transport = transports.for(d.channelId);
      if (!transport) throw new TransientDeliveryError(`no transport for ${platformOf(d.channelId)} in this process`);
      const digest = await composeSlot(async (): Promise<ComposedDigest | 'done'> => {
        if (stopping) {
          // Shutdown began before this row's turn: hand it back untouched.
          await store.deliveries.release([d.id], workerId, clock.now());
          return 'done';
        }
        const channel = await store.channels.get(d.channelId);
        if (!channel) {
          await store.deliveries.fail(d.id, workerId, 'dead', 'channel no longer exists', clock.now());
          report('dead', d);
          return 'done';
        }
        if (d.windowEnd && d.windowStart) {
          return composer.composeForDelivery(d.channelId, clock.now(), { windowStart: d.windowStart, windowEnd: d.windowEnd, storyIds: d.storyIds });
        }
        // A fan-out composes many digests on the same topics at once: let them share their reads.
        const fresh = await composer.composeForDelivery(d.channelId, clock.now(), undefined, { shareReads: true });
        const kept = await store.deliveries.freeze(d.id, workerId, { start: fresh.windowStart, end: fresh.windowEnd }, fresh.storyIds);
        if (!kept) {
          lostLease(d);
          return 'done';
        }
        return fresh;
      }).finally(composed);
      if (digest === 'done') return;
      if (!digest.doc) {
        await finish(d, 'empty', null);
        return;
      }
      stage = 'recover';
      // An earlier attempt began posting and never recorded how it ended (its process died, the answer
      // timed out, the database went away): ask the platform before posting again.
      if (d.lastPostAt) {
        const probe: string | null | ProbeUnavailable = transport.wasPosted
          ? await transport.wasPosted(d.channelId, d.periodKey, { since: d.firstPostAt ?? d.lastPostAt })
          : { unavailable: `the ${transport.platform} transport has no recovery probe` };
        if (typeof probe === 'string') {
          log.info({ ...meta, messageId: probe }, 'delivery already posted by an earlier attempt; recorded');
          await finish(d, 'sent', probe, 'recovered', 'exactly-once');
          return;
        }
        if (isProbeUnavailable(probe)) {
          // Nothing can tell whether it landed: never post blind again within BLIND_RETRY_MS of that attempt.
          const notBefore = d.lastPostAt.getTime() + BLIND_RETRY_MS;
          if (clock.now().getTime() < notBefore) {
            const at = new Date(notBefore);
            if (await store.deliveries.retryLater(d.id, workerId, at, `outcome_unknown: ${probe.unavailable}; retrying after ${BLIND_RETRY_MS / 1000} s`)) report('retry', d);
            log.warn({ ...meta, reason: probe.unavailable, retryAt: at.toISOString() }, 'outcome of the last post unknown and no probe; waiting before a retry that may duplicate');
            return;
          }
          log.warn({ ...meta, reason: probe.unavailable }, 'retrying a post whose outcome is unknown: may duplicate');
        }
      }
      stage = 'post';
      let posted: PostedMessage;
      for (let inline = 0; ; inline++) {
        // Fencing: post only while the lease is still ours (a slow compose must not race a takeover).
        const now = clock.now();
        if (!(await store.deliveries.extendLease(d.id, workerId, new Date(now.getTime() + leaseMs), now))) return lostLease(d);
        try {
          posted = await transport.post(d.channelId, digest.doc, { deliveryKey: d.periodKey });
          break;
        } catch (err) {
          // A short Retry-After: wait it out here with the digest in hand, rather than put the row back
          // and compose it all again. Longer ones (and repeated ones) go back to the outbox.
          if (!(err instanceof RateLimitedError) || err.retryAfterMs > INLINE_RATE_LIMIT_MS || inline >= INLINE_RATE_LIMIT_TRIES || stopping) throw err;
          log.debug({ ...meta, retryAfterMs: err.retryAfterMs }, 'rate limited; retrying in place');
          await sleep(err.retryAfterMs + Math.round(random() * 250));
        }
      }
      stage = 'record';
      await finish(d, 'sent', posted.messageId, 'sent', await guaranteeOf(transport, d.channelId));
    } catch (err) {
      if (stage === 'record') {
        // Posted, but the database is unreachable: leave the row to its lease; the next claim finds the post via wasPosted.
        log.error({ ...meta, err: errorMessage(err) }, 'posted but could not record; recovery will reconcile');
        return;
      }
      // Only the post's own answer says anything about whether it landed; a failed probe says nothing.
      await handleFailure(d, err, meta, stage === 'post' && certainlyNotPosted(err));
    }
  }

  /** Record the outcome, retrying briefly so a dropped database connection (the pool reconnects) does not lose it. */
  async function finish(
    d: ClaimedDelivery,
    status: 'sent' | 'empty',
    messageId: string | null,
    outcome: DeliveryOutcome = status,
    guarantee?: DeliveryGuarantee,
  ): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 6; attempt++) {
      try {
        const ok = await store.deliveries.complete(d.id, workerId, { status, messageId, guarantee }, clock.now());
        if (!ok) return lostLease(d);
        report(outcome, d);
        if (status === 'sent') log.info({ channel: d.channelId, period: d.periodKey, messageId }, 'digest delivered');
        return;
      } catch (err) {
        lastError = err;
        await sleep(Math.min(2_000, 100 * 2 ** attempt));
      }
    }
    throw Object.assign(new Error(`could not record delivery: ${errorMessage(lastError)}`), { recordStage: true });
  }

  async function handleFailure(d: ClaimedDelivery, err: unknown, meta: Record<string, unknown>, notPosted: boolean): Promise<void> {
    const decision = decideRetry(err, d.attempts, policy, random);
    const now = clock.now();
    try {
      if (decision.action === 'retry') {
        const at = new Date(now.getTime() + decision.delayMs);
        if (await store.deliveries.retryLater(d.id, workerId, at, decision.reason, notPosted)) report('retry', d);
        log.warn({ ...meta, reason: decision.reason, retryAt: at.toISOString() }, 'delivery will be retried');
      } else if (decision.action === 'dead') {
        const disable = `delivery failed permanently: ${decision.reason}`;
        if (await store.deliveries.fail(d.id, workerId, 'dead', decision.reason, now, disable)) report('dead', d);
        log.error({ ...meta, reason: decision.reason }, 'delivery dead; channel schedule disabled');
      } else {
        if (await store.deliveries.fail(d.id, workerId, 'failed', decision.reason, now)) report('failed', d);
        log.error({ ...meta, reason: decision.reason }, 'delivery failed after retries');
      }
    } catch (dbErr) {
      // The lease will expire and another attempt will follow.
      log.error({ ...meta, err: errorMessage(dbErr) }, 'could not record delivery failure');
    }
  }

  function lostLease(d: ClaimedDelivery): void {
    report('lost_lease', d);
    log.warn({ channel: d.channelId, period: d.periodKey }, 'lease lost; another worker owns this delivery');
  }

  /** Keep extending the lease while `fn` runs, so slow work or a slow platform is not mistaken for a dead worker. */
  async function withHeartbeat<T>(d: ClaimedDelivery, fn: () => Promise<T>): Promise<T> {
    const beat = setInterval(() => {
      store.deliveries.extendLease(d.id, workerId, new Date(clock.now().getTime() + leaseMs)).catch(() => undefined);
    }, Math.max(50, Math.floor(leaseMs / 3)));
    try {
      return await fn();
    } finally {
      clearInterval(beat);
    }
  }

  function schedule(): void {
    if (stopping) return;
    timer = setTimeout(() => {
      loop = runOnce()
        .catch((err) => log.error({ err: errorMessage(err) }, 'delivery loop failed; will retry'))
        .finally(() => {
          loop = null;
          schedule();
        });
    }, pollMs);
    timer.unref?.();
  }

  return {
    workerId,
    get concurrency() {
      return maxInFlight();
    },
    runOnce,
    start() {
      stopping = false;
      schedule();
    },
    async stop(graceMs = 8_000) {
      stopping = true;
      if (timer) clearTimeout(timer);
      nudge();
      const pending = [...inFlight.values()];
      const before = inFlight.size;
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(pending), new Promise((r) => (graceTimer = setTimeout(r, graceMs)))]);
      clearTimeout(graceTimer);
      const leftover = [...inFlight.keys()];
      const released = leftover.length ? await store.deliveries.release(leftover, workerId, clock.now()).catch(() => 0) : 0;
      if (loop) await Promise.race([loop, sleep(100)]);
      if (before || released) log.info({ finished: before - leftover.length, released }, 'delivery worker stopped');
      return { finished: before - leftover.length, released };
    },
  };
}

/** Rate limits up to this Retry-After are waited out in place (with the composed digest), this many times. */
const INLINE_RATE_LIMIT_MS = 5_000;
const INLINE_RATE_LIMIT_TRIES = 2;

/**
 * Where no probe can tell whether a post landed, a retry of it waits this long after that attempt began,
 * and is logged as one that may duplicate (issue 18: the at-most-one-duplicate guarantee).
 */
export const BLIND_RETRY_MS = 60_000;

/** The platform answered, so the attempt did not post: the next one need not probe. */
function certainlyNotPosted(err: unknown): boolean {
  return err instanceof RateLimitedError || err instanceof PermanentDeliveryError || (err instanceof TransientDeliveryError && err.notPosted);
}

async function guaranteeOf(transport: Transport, channelId: string): Promise<DeliveryGuarantee> {
  if (transport.guarantee) return transport.guarantee(channelId).catch(() => 'at-most-one-duplicate' as const);
  return transport.wasPosted ? 'exactly-once' : 'at-most-one-duplicate';
}

/** In-flight deliveries when neither the options nor the transports say otherwise. */
const DEFAULT_CONCURRENCY = 8;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
