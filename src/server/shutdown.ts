import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';

export interface Stoppable {
  name: string;
  stop(): Promise<unknown>;
}

/** Stops everything in order within `budgetMs`; whatever hangs past that is abandoned (leases cover deliveries). */
export async function stopInOrder(stops: Stoppable[], logger: Logger, budgetMs: number): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (const { name, stop } of stops) {
    const left = deadline - Date.now();
    if (left <= 0) {
      logger.warn({ component: name }, 'shutdown budget spent; not waiting');
      continue;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      stop().then(
        () => false,
        (err) => {
          logger.warn({ component: name, err: errorMessage(err) }, 'stop failed');
          return false;
        },
      ),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), left))),
    ]);
    clearTimeout(timer);
    if (timedOut) logger.warn({ component: name }, 'stop timed out');
  }
}
