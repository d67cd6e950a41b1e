import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { DigestComposer } from '../digests/digest-service.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ClaimedDelivery } from '../store/delivery-repository.js';
import type { Store } from '../store/store.js';
import { createClaimLoop } from './claim-loop.js';
import { ComposeSlots } from './compose-slots.js';
import { deliverOne, sleep, type DeliveryOutcome, type DeliveryRun } from './deliver-one.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
import type { TransportRegistry } from './transport.js';

export { BLIND_RETRY_MS, type DeliveryOutcome } from './deliver-one.js';

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
  const { store, clock } = options;
  const workerId = options.workerId ?? `w-${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const composeConcurrency = Math.max(1, Math.floor(options.composeConcurrency ?? 2));
  // Read when claiming, so transports registered after the worker was created count too.
  const maxInFlight = () => Math.max(1, Math.floor(options.concurrency ?? options.transports.maxInFlight() ?? DEFAULT_CONCURRENCY));
  const pollMs = options.pollMs ?? 1_000;
  const log = options.logger.child({ worker: workerId });
  let timer: NodeJS.Timeout | null = null;
  let stopping = false;
  let loop: Promise<unknown> | null = null;

  const run: DeliveryRun = {
    store,
    composer: options.composer,
    transports: options.transports,
    clock,
    log,
    workerId,
    leaseMs,
    policy: options.policy ?? DEFAULT_RETRY_POLICY,
    random: options.random ?? Math.random,
    // Composition is CPU and database work: a few at a time. Posting is mostly waiting on the platform: many at a time.
    slots: new ComposeSlots(composeConcurrency),
    isStopping: () => stopping,
    report(outcome, d) {
      try {
        options.onOutcome?.(outcome, d);
      } catch {
        // metrics must never break delivery
      }
    },
  };
  const claims = createClaimLoop({
    store,
    clock,
    log,
    workerId,
    leaseMs,
    maxInFlight,
    composeConcurrency,
    isStopping: () => stopping,
    deliver: (d, composed) => deliverOne(run, d, composed),
  });

  function schedule(): void {
    if (stopping) return;
    timer = setTimeout(() => {
      loop = claims
        .runOnce()
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
    runOnce: () => claims.runOnce(),
    start() {
      stopping = false;
      schedule();
    },
    async stop(graceMs = 8_000) {
      stopping = true;
      if (timer) clearTimeout(timer);
      claims.nudge();
      const pending = [...claims.inFlight.values()];
      const before = claims.inFlight.size;
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(pending), new Promise((r) => (graceTimer = setTimeout(r, graceMs)))]);
      clearTimeout(graceTimer);
      const leftover = [...claims.inFlight.keys()];
      const released = leftover.length ? await store.deliveries.release(leftover, workerId, clock.now()).catch(() => 0) : 0;
      if (loop) await Promise.race([loop, sleep(100)]);
      if (before || released) log.info({ finished: before - leftover.length, released }, 'delivery worker stopped');
      return { finished: before - leftover.length, released };
    },
  };
}

/** In-flight deliveries when neither the options nor the transports say otherwise. */
const DEFAULT_CONCURRENCY = 8;
