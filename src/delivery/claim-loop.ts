import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ClaimedDelivery } from '../store/delivery-repository.js';
import type { Store } from '../store/store.js';

export interface ClaimLoopOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  workerId: string;
  leaseMs: number;
  /** Deliveries in flight at once (read at every claim: transports may register late). */
  maxInFlight(): number;
  composeConcurrency: number;
  isStopping(): boolean;
  /** The life of one claimed row; `composed()` says it no longer needs a compose slot. */
  deliver(d: ClaimedDelivery, composed: () => void): Promise<void>;
}

export interface ClaimLoop {
  /** Claim and deliver rows due now until none is left; one loop at a time per process. */
  runOnce(): Promise<number>;
  /** Rows claimed by this process and not finished yet. */
  readonly inFlight: ReadonlyMap<number, Promise<void>>;
  /** Wakes a loop waiting for a row to finish (stop() calls it). */
  nudge(): void;
}

/**
 * Claims rows only as compose slots come free (a batch ahead, CLAIM_BATCH), so a process never sits on
 * leased rows it cannot start soon, while up to maxInFlight() are posting.
 */
export function createClaimLoop(options: ClaimLoopOptions): ClaimLoop {
  const { store, clock, log, workerId, leaseMs, composeConcurrency } = options;
  const inFlight = new Map<number, Promise<void>>();
  /** Claimed rows not yet past composition (queued or composing). */
  const beforePosting = new Set<number>();
  let wake: (() => void) | null = null;
  let finishedSinceClaim = false;
  const nudge = () => {
    const w = wake;
    wake = null;
    w?.();
  };

  async function loop(): Promise<number> {
    let handled = 0;
    const mine = new Set<Promise<void>>();
    let drained = false;
    while (!options.isStopping()) {
      const room = Math.min(options.maxInFlight() - inFlight.size, composeConcurrency + CLAIM_BATCH - beforePosting.size);
      // Claim in batches: one claim costs about the same for 1 row as for 8 (it sorts every due row), and
      // claiming one row per freed slot made it two claims per delivery, ~5 ms of a ~20 ms budget on PGlite.
      // Claim again once the queue is down to the rows being composed (or the in-flight limit is near).
      const worth = room >= Math.min(CLAIM_BATCH, options.maxInFlight() - inFlight.size) || beforePosting.size <= composeConcurrency;
      if (room > 0 && worth && !drained) {
        finishedSinceClaim = false;
        const claimed = (await store.deliveries.claim(workerId, clock.now(), leaseMs, room)).filter((d) => !inFlight.has(d.id));
        if (claimed.length > 0 && options.isStopping()) {
          // Shutdown began while claiming: hand the rows straight back rather than start posting them.
          await store.deliveries.release(claimed.map((d) => d.id), workerId, clock.now());
          break;
        }
        for (const d of claimed) {
          beforePosting.add(d.id);
          const composed = () => {
            if (beforePosting.delete(d.id)) nudge();
          };
          const p: Promise<void> = options
            .deliver(d, composed)
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

  // The poll loop and tick nudges share one chain, so a process never holds two copies of a row.
  let chain: Promise<unknown> = Promise.resolve();
  return {
    inFlight,
    nudge,
    runOnce() {
      const run = chain.then(loop);
      chain = run.catch(() => undefined);
      return run;
    },
  };
}

/**
 * Rows claimed ahead of the compose slots: a batch of them at a time. A few hundred milliseconds of
 * composing, far inside a lease, so a process still never sits on rows it cannot start soon.
 */
const CLAIM_BATCH = 8;
