import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.js';
import { runScheduleTick, type TickResult } from './schedule-tick.js';

export interface Scheduler {
  worker: DeliveryWorker;
  /** One tick at `now` (enqueue due channels), then deliver what is due. For tests and `runSchedulerAt`. */
  runAt(now?: Date): Promise<{ tick: TickResult; delivered: number }>;
  /** node-cron every minute + the worker's poll loop; ticks once at start to catch up missed periods. */
  start(): Promise<void>;
  /** Stop ticking, finish or release in-flight deliveries within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export type SchedulerOptions = DeliveryWorkerOptions & { store: Store; clock: Clock; logger: Logger; cronExpression?: string };

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, clock, logger } = options;
  const worker = createDeliveryWorker(options);
  let task: { stop(): void | Promise<void> } | null = null;
  let ticking: Promise<unknown> | null = null;

  async function tick(now: Date): Promise<TickResult> {
    return runScheduleTick(store, now, logger);
  }

  function tickSafely(): void {
    if (ticking) return; // the previous tick is still running (slow database): skip, the next one catches up
    ticking = tick(clock.now())
      .then((r) => (r.enqueued > 0 ? worker.runOnce() : 0))
      .catch((err) => logger.error({ err: errorMessage(err) }, 'scheduler tick failed; the next tick retries'))
      .finally(() => (ticking = null));
  }

  return {
    worker,
    async runAt(now = clock.now()) {
      const result = await tick(now);
      const delivered = await worker.runOnce();
      return { tick: result, delivered };
    },
    async start() {
      const cron = await import('node-cron');
      task = cron.default.schedule(options.cronExpression ?? '* * * * *', tickSafely, { name: 'cyberpolicy-digests', noOverlap: true });
      tickSafely();
      worker.start();
    },
    async stop(graceMs = 8_000) {
      await task?.stop();
      task = null;
      await worker.stop(graceMs);
      if (ticking) await Promise.race([ticking, new Promise((r) => setTimeout(r, 1_000))]);
    },
  };
}
