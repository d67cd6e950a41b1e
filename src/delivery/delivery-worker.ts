import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import { TransientDeliveryError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import type { ClaimedDelivery } from '../store/delivery-repository.js';
import type { Store } from '../store/store.js';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry-policy.js';
import type { TransportRegistry } from './transport.js';

/** A digest chosen for a delivery: the window it covers, its stories, and what to post (null: nothing). */
export interface ComposedDigest {
  windowStart: Date;
  windowEnd: Date;
  storyIds: string[];
  doc: ReplyDocument | null;
}

/** What the worker needs from src/digests. `frozen` repeats an earlier choice of stories exactly. */
export interface DigestComposer {
  composeForDelivery(channelId: string, now: Date, frozen?: { windowStart: Date; windowEnd: Date; storyIds: string[] }): Promise<ComposedDigest>;
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
  /** Deliveries posted in parallel. */
  concurrency?: number;
  /** How often the background loop looks for work. */
  pollMs?: number;
  policy?: RetryPolicy;
  random?: () => number;
  onOutcome?(outcome: DeliveryOutcome, delivery: ClaimedDelivery): void;
}

export interface DeliveryWorker {
  readonly workerId: string;
  /** Claim and process deliveries due at clock.now() until none is left; returns how many were handled. */
  runOnce(): Promise<number>;
  /** Poll in the background every pollMs. */
  start(): void;
  /** Stop polling; wait up to `graceMs` for in-flight deliveries, then release the rest to other processes. */
  stop(graceMs?: number): Promise<{ finished: number; released: number }>;
}

/**
 * The outbox worker. Exactly once per (channel, period): rows are claimed under a lease, the chosen
 * stories are frozen before the first post, and a row whose earlier attempt may have reached the
 * platform is first checked with transport.wasPosted. The remaining window is a post that lands after
 * its lease expired AND after the next claimer's wasPosted check (a process frozen longer than the
 * lease mid-request), or a transport without wasPosted.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { store, composer, transports, clock, logger } = options;
  const workerId = options.workerId ?? `w-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 4;
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

  async function claimLoop(): Promise<number> {
    let handled = 0;
    while (!stopping) {
      const claimed = (await store.deliveries.claim(workerId, clock.now(), leaseMs, concurrency)).filter((d) => !inFlight.has(d.id));
      if (claimed.length === 0) break;
      if (stopping) {
        // Shutdown began while claiming: hand the rows straight back rather than start posting them.
        await store.deliveries.release(claimed.map((d) => d.id), workerId, clock.now());
        break;
      }
      await Promise.all(
        claimed.map((d) => {
          const p = withHeartbeat(d, () => processDelivery(d)).finally(() => inFlight.delete(d.id));
          inFlight.set(d.id, p);
          return p;
        }),
      );
      handled += claimed.length;
    }
    return handled;
  }

  async function processDelivery(d: ClaimedDelivery): Promise<void> {
    const meta = { channel: d.channelId, period: d.periodKey, attempt: d.attempts };
    let stage = 'compose';
    try {
      const transport = transports.for(d.channelId);
      if (!transport) throw new TransientDeliveryError(`no transport for ${d.channelId.split(':')[0]} in this process`);
      const channel = await store.channels.get(d.channelId);
      if (!channel) {
        await store.deliveries.fail(d.id, workerId, 'dead', 'channel no longer exists', clock.now());
        report('dead', d);
        return;
      }
      let composed: ComposedDigest;
      if (d.windowEnd && d.windowStart) {
        composed = await composer.composeForDelivery(d.channelId, clock.now(), { windowStart: d.windowStart, windowEnd: d.windowEnd, storyIds: d.storyIds });
      } else {
        composed = await composer.composeForDelivery(d.channelId, clock.now());
        const kept = await store.deliveries.freeze(d.id, workerId, { start: composed.windowStart, end: composed.windowEnd }, composed.storyIds);
        if (!kept) return lostLease(d);
      }
      if (!composed.doc) {
        await finish(d, 'empty', null);
        return;
      }
      stage = 'recover';
      // An earlier attempt may have posted before its process died or timed out: ask before posting again.
      const outcomeUnknown = d.previousStatus === 'sending' || (d.attempts > 1 && !d.lastError?.startsWith('rate_limited'));
      if (outcomeUnknown && transport.wasPosted) {
        const messageId = await transport.wasPosted(d.channelId, d.periodKey);
        if (messageId) {
          log.info({ ...meta, messageId }, 'delivery already posted by an earlier attempt; recorded');
          await finish(d, 'sent', messageId, 'recovered');
          return;
        }
      }
      stage = 'post';
      // Fencing: post only while the lease is still ours (a slow compose must not race a takeover).
      if (!(await store.deliveries.extendLease(d.id, workerId, new Date(clock.now().getTime() + leaseMs)))) return lostLease(d);
      const posted = await transport.post(d.channelId, composed.doc!, { deliveryKey: d.periodKey });
      stage = 'record';
      await finish(d, 'sent', posted.messageId);
    } catch (err) {
      if (stage === 'record') {
        // Posted, but the database is unreachable: leave the row to its lease; the next claim finds the post via wasPosted.
        log.error({ ...meta, err: errorMessage(err) }, 'posted but could not record; recovery will reconcile');
        return;
      }
      await handleFailure(d, err, meta);
    }
  }

  /** Record the outcome, retrying briefly so a dropped database connection (the pool reconnects) does not lose it. */
  async function finish(d: ClaimedDelivery, status: 'sent' | 'empty', messageId: string | null, outcome: DeliveryOutcome = status): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 6; attempt++) {
      try {
        const ok = await store.deliveries.complete(d.id, workerId, { status, messageId }, clock.now());
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

  async function handleFailure(d: ClaimedDelivery, err: unknown, meta: Record<string, unknown>): Promise<void> {
    const decision = decideRetry(err, d.attempts, policy, random);
    const now = clock.now();
    try {
      if (decision.action === 'retry') {
        const at = new Date(now.getTime() + decision.delayMs);
        if (await store.deliveries.retryLater(d.id, workerId, at, decision.reason)) report('retry', d);
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
    runOnce,
    start() {
      stopping = false;
      schedule();
    },
    async stop(graceMs = 8_000) {
      stopping = true;
      if (timer) clearTimeout(timer);
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

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
