import type { Clock } from '../clock.js';
import type { ComposedDigest, DigestComposer } from '../digests/digest-service.js';
import { PermanentDeliveryError, RateLimitedError, TransientDeliveryError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { platformOf } from '../platform/channel-id.js';
import type { ClaimedDelivery } from '../store/delivery-repository.js';
import type { Store } from '../store/store.js';
import type { ComposeSlots } from './compose-slots.js';
import { decideRetry, type RetryPolicy } from './retry-policy.js';
import { isProbeUnavailable, type DeliveryGuarantee, type PostedMessage, type ProbeUnavailable, type Transport, type TransportRegistry } from './transport.js';

export type DeliveryOutcome = 'sent' | 'empty' | 'recovered' | 'retry' | 'failed' | 'dead' | 'lost_lease';

/** Rate limits up to this Retry-After are waited out in place (with the composed digest), this many times. */
const INLINE_RATE_LIMIT_MS = 5_000;
const INLINE_RATE_LIMIT_TRIES = 2;

/**
 * Where no probe can tell whether a post landed, a retry of it waits this long after that attempt began,
 * and is logged as one that may duplicate (issue 18: the at-most-one-duplicate guarantee).
 */
export const BLIND_RETRY_MS = 60_000;

/** What the life of one row needs from its worker. */
export interface DeliveryRun {
  store: Store;
  composer: DigestComposer;
  transports: TransportRegistry;
  clock: Clock;
  log: Logger;
  workerId: string;
  leaseMs: number;
  policy: RetryPolicy;
  random: () => number;
  slots: ComposeSlots;
  isStopping(): boolean;
  report(outcome: DeliveryOutcome, d: ClaimedDelivery): void;
}

/**
 * The life of one claimed row: compose (or recompose its frozen stories) in a compose slot, freeze the
 * choice, ask the platform about an earlier attempt whose end was never recorded, post under a fenced
 * lease, record the outcome, or decide a retry. The lease is extended for as long as this runs.
 */
export async function deliverOne(run: DeliveryRun, d: ClaimedDelivery, composed: () => void): Promise<void> {
  const beat = setInterval(() => {
    run.store.deliveries.extendLease(d.id, run.workerId, new Date(run.clock.now().getTime() + run.leaseMs)).catch(() => undefined);
  }, Math.max(50, Math.floor(run.leaseMs / 3)));
  try {
    await lifeOf(run, d, composed);
  } finally {
    clearInterval(beat);
  }
}

async function lifeOf(run: DeliveryRun, d: ClaimedDelivery, composed: () => void): Promise<void> {
  const log = run.log;
  const meta = { channel: d.channelId, period: d.periodKey, attempt: d.attempts };
  let stage: 'compose' | 'recover' | 'post' | 'record' = 'compose';
  try {
    const transport = run.transports.for(d.channelId);
    if (!transport) throw new TransientDeliveryError(`no transport for ${platformOf(d.channelId)} in this process`);
    const digest = await run.slots.run(() => compose(run, d)).finally(composed);
    if (digest === 'done') return;
    if (!digest.doc) {
      await finish(run, d, 'empty', null);
      return;
    }
    stage = 'recover';
    if (d.lastPostAt && (await recovered(run, d, transport, meta))) return;
    stage = 'post';
    const posted = await post(run, d, transport, digest.doc, meta);
    if (!posted) return;
    stage = 'record';
    await finish(run, d, 'sent', posted.messageId, 'sent', await guaranteeOf(transport, d.channelId));
  } catch (err) {
    if (stage === 'record') {
      // Posted, but the database is unreachable: leave the row to its lease; the next claim finds the post via wasPosted.
      log.error({ ...meta, err: errorMessage(err) }, 'posted but could not record; recovery will reconcile');
      return;
    }
    // Only the post's own answer says anything about whether it landed; a failed probe says nothing.
    await handleFailure(run, d, err, meta, stage === 'post' && certainlyNotPosted(err));
  }
}

/** The digest to post, or 'done' when the row was handed back, is dead, or the lease was lost. */
async function compose(run: DeliveryRun, d: ClaimedDelivery): Promise<ComposedDigest | 'done'> {
  const { store, clock, workerId, composer } = run;
  if (run.isStopping()) {
    // Shutdown began before this row's turn: hand it back untouched.
    await store.deliveries.release([d.id], workerId, clock.now());
    return 'done';
  }
  const channel = await store.channels.get(d.channelId);
  if (!channel) {
    await store.deliveries.fail(d.id, workerId, 'dead', 'channel no longer exists', clock.now());
    run.report('dead', d);
    return 'done';
  }
  if (d.windowEnd && d.windowStart) {
    return composer.composeForDelivery(d.channelId, clock.now(), { windowStart: d.windowStart, windowEnd: d.windowEnd, storyIds: d.storyIds }, { channel });
  }
  // A fan-out composes many digests on the same topics at once: let them share their reads.
  const fresh = await composer.composeForDelivery(d.channelId, clock.now(), undefined, { shareReads: true, channel });
  const kept = await store.deliveries.freeze(d.id, workerId, { start: fresh.windowStart, end: fresh.windowEnd }, fresh.storyIds);
  if (!kept) {
    lostLease(run, d);
    return 'done';
  }
  return fresh;
}

/**
 * An earlier attempt began posting and never recorded how it ended (its process died, the answer timed
 * out, the database went away): ask the platform before posting again. True when this row is settled
 * (found and recorded, or put off); false to go on and post.
 */
async function recovered(run: DeliveryRun, d: ClaimedDelivery, transport: Transport, meta: Record<string, unknown>): Promise<boolean> {
  const lastPostAt = d.lastPostAt!;
  const probe: string | null | ProbeUnavailable = transport.wasPosted
    ? await transport.wasPosted(d.channelId, d.periodKey, { since: d.firstPostAt ?? lastPostAt })
    : { unavailable: `the ${transport.platform} transport has no recovery probe` };
  if (typeof probe === 'string') {
    run.log.info({ ...meta, messageId: probe }, 'delivery already posted by an earlier attempt; recorded');
    await finish(run, d, 'sent', probe, 'recovered', 'exactly-once');
    return true;
  }
  if (isProbeUnavailable(probe)) {
    // Nothing can tell whether it landed: never post blind again within BLIND_RETRY_MS of that attempt.
    const notBefore = lastPostAt.getTime() + BLIND_RETRY_MS;
    if (run.clock.now().getTime() < notBefore) {
      const at = new Date(notBefore);
      if (await run.store.deliveries.retryLater(d.id, run.workerId, at, `outcome_unknown: ${probe.unavailable}; retrying after ${BLIND_RETRY_MS / 1000} s`)) run.report('retry', d);
      run.log.warn({ ...meta, reason: probe.unavailable, retryAt: at.toISOString() }, 'outcome of the last post unknown and no probe; waiting before a retry that may duplicate');
      return true;
    }
    run.log.warn({ ...meta, reason: probe.unavailable }, 'retrying a post whose outcome is unknown: may duplicate');
  }
  return false;
}

/** Posts while the lease is ours; null when it was lost. Short rate limits are waited out in place. */
async function post(run: DeliveryRun, d: ClaimedDelivery, transport: Transport, doc: NonNullable<ComposedDigest['doc']>, meta: Record<string, unknown>): Promise<PostedMessage | null> {
  for (let inline = 0; ; inline++) {
    // Fencing: post only while the lease is still ours (a slow compose must not race a takeover).
    const now = run.clock.now();
    if (!(await run.store.deliveries.extendLease(d.id, run.workerId, new Date(now.getTime() + run.leaseMs), now))) {
      lostLease(run, d);
      return null;
    }
    try {
      return await transport.post(d.channelId, doc, { deliveryKey: d.periodKey });
    } catch (err) {
      // A short Retry-After: wait it out here with the digest in hand, rather than put the row back
      // and compose it all again. Longer ones (and repeated ones) go back to the outbox.
      if (!(err instanceof RateLimitedError) || err.retryAfterMs > INLINE_RATE_LIMIT_MS || inline >= INLINE_RATE_LIMIT_TRIES || run.isStopping()) throw err;
      run.log.debug({ ...meta, retryAfterMs: err.retryAfterMs }, 'rate limited; retrying in place');
      await sleep(err.retryAfterMs + Math.round(run.random() * 250));
    }
  }
}

/** Record the outcome, retrying briefly so a dropped database connection (the pool reconnects) does not lose it. */
async function finish(
  run: DeliveryRun,
  d: ClaimedDelivery,
  status: 'sent' | 'empty',
  messageId: string | null,
  outcome: DeliveryOutcome = status,
  guarantee?: DeliveryGuarantee,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const ok = await run.store.deliveries.complete(d.id, run.workerId, { status, messageId, guarantee }, run.clock.now());
      if (!ok) return lostLease(run, d);
      run.report(outcome, d);
      if (status === 'sent') run.log.info({ channel: d.channelId, period: d.periodKey, messageId }, 'digest delivered');
      return;
    } catch (err) {
      lastError = err;
      await sleep(Math.min(2_000, 100 * 2 ** attempt));
    }
  }
  throw new Error(`could not record delivery: ${errorMessage(lastError)}`);
}

async function handleFailure(run: DeliveryRun, d: ClaimedDelivery, err: unknown, meta: Record<string, unknown>, notPosted: boolean): Promise<void> {
  const decision = decideRetry(err, d.attempts, run.policy, run.random);
  const now = run.clock.now();
  const { store, workerId, log } = run;
  try {
    if (decision.action === 'retry') {
      const at = new Date(now.getTime() + decision.delayMs);
      if (await store.deliveries.retryLater(d.id, workerId, at, decision.reason, notPosted)) run.report('retry', d);
      log.warn({ ...meta, reason: decision.reason, retryAt: at.toISOString() }, 'delivery will be retried');
    } else if (decision.action === 'dead') {
      const disable = `delivery failed permanently: ${decision.reason}`;
      if (await store.deliveries.fail(d.id, workerId, 'dead', decision.reason, now, disable)) run.report('dead', d);
      log.error({ ...meta, reason: decision.reason }, 'delivery dead; channel schedule disabled');
    } else {
      if (await store.deliveries.fail(d.id, workerId, 'failed', decision.reason, now)) run.report('failed', d);
      log.error({ ...meta, reason: decision.reason }, 'delivery failed after retries');
    }
  } catch (dbErr) {
    // The lease will expire and another attempt will follow.
    log.error({ ...meta, err: errorMessage(dbErr) }, 'could not record delivery failure');
  }
}

function lostLease(run: DeliveryRun, d: ClaimedDelivery): void {
  run.report('lost_lease', d);
  run.log.warn({ channel: d.channelId, period: d.periodKey }, 'lease lost; another worker owns this delivery');
}

/** The platform answered, so the attempt did not post: the next one need not probe. */
function certainlyNotPosted(err: unknown): boolean {
  return err instanceof RateLimitedError || err instanceof PermanentDeliveryError || (err instanceof TransientDeliveryError && err.notPosted);
}

async function guaranteeOf(transport: Transport, channelId: string): Promise<DeliveryGuarantee> {
  if (!transport.guarantee) return transport.wasPosted ? 'exactly-once' : 'at-most-one-duplicate';
  // A failed lookup (the store's connection was just cut, a network hiccup) says nothing about the channel:
  // ask again a few times before recording the weaker guarantee.
  for (let attempt = 1; ; attempt++) {
    try {
      return await transport.guarantee(channelId);
    } catch {
      if (attempt >= 3) return 'at-most-one-duplicate';
      await sleep(100 * attempt);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
