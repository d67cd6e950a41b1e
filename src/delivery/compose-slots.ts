import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A counting semaphore for digest composition: CPU and database work, so only a few run at once while
 * many deliveries wait on the platforms' rate limits.
 *
 * Each composition starts on a fresh turn of the event loop. On PGlite every query resolves as a
 * microtask (the database runs in this thread, with no I/O to wait on), so claim, compose and the next
 * compose chain without ever reaching the loop's I/O phase: the posts they start sit unwritten, and the
 * platforms' answers unread, until the whole backlog is composed (measured: 300 channels composed for
 * 10 s with no answer read, then 260 posts landing at once, 87 429s). Yielding lets the sockets move
 * between compositions; it costs one loop turn (microseconds) per digest.
 */
export class ComposeSlots {
  private free: number;
  private readonly queue: (() => void)[] = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.queue.push(resolve));
    try {
      await nextTurn();
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.free++;
    }
  }
}
