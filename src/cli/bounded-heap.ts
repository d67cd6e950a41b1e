/**
 * `serve` in a worker thread whose V8 heap is bounded (issue 19: serve's RSS ≤ 400 MB, peak ≤ 600 MB,
 * so a 512 MB container is not killed).
 *
 * Left to itself V8 sizes its heap by the machine: on the bench's 24 GB machine the old generation grew
 * to 426 MB (389 used, mostly garbage a major GC had no reason to collect yet) at 100k items under load,
 * and the young generation to 2 × 16 MB. `--max-old-space-size` would bound it, but a heap's limits are
 * fixed when its isolate is made: `v8.setFlagsFromString` after start changes nothing, and a re-spawned
 * child would leave a second Node process beside it. A Worker's `resourceLimits` are the one bound a
 * running process can set, and the worker is in the same process (its RSS is what is measured).
 *
 * The main thread only waits: it forwards SIGTERM and SIGINT (a worker gets no signals) and returns
 * the worker's exit code. SERVE_HEAP_MB=0 runs `serve` on the main thread as before (Node's own
 * limits, or the operator's NODE_OPTIONS).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export interface HeapLimits {
  /** V8's old generation, MB. */
  oldMb: number;
  /** V8's young generation (3 semi-spaces' worth in V8 11), MB. */
  youngMb: number;
}

/** What `serve` runs with unless SERVE_HEAP_MB says otherwise (bench/README.md: RSS and latency at 100k items). */
export const SERVE_YOUNG_MB = 12;

interface BoundedWorkerData {
  cyberpolicyBoundedHeap: true;
  stderrIsTTY: boolean;
  stdoutIsTTY: boolean;
}

/** True inside the worker `runInBoundedHeap` started. */
export function inBoundedHeapWorker(): boolean {
  return !isMainThread && (workerData as BoundedWorkerData | undefined)?.cyberpolicyBoundedHeap === true;
}

/**
 * Runs `entry` (the CLI's own module) with `argv` in a worker with these heap limits; resolves to its
 * exit code. The worker calls `bootBoundedHeapWorker` first and reports its code with `reportExitCode`.
 */
export function runInBoundedHeap(entry: URL, argv: string[], limits: HeapLimits): Promise<number> {
  const data: BoundedWorkerData = { cyberpolicyBoundedHeap: true, stderrIsTTY: Boolean(process.stderr.isTTY), stdoutIsTTY: Boolean(process.stdout.isTTY) };
  const worker = new Worker(entry, {
    argv,
    workerData: data,
    resourceLimits: { maxOldGenerationSizeMb: limits.oldMb, maxYoungGenerationSizeMb: limits.youngMb },
  });
  // The first SIGTERM or SIGINT goes to the worker (graceful shutdown); a second one gets Node's default.
  const forward = (signal: NodeJS.Signals) => {
    process.off('SIGTERM', forward);
    process.off('SIGINT', forward);
    worker.postMessage({ signal });
  };
  process.on('SIGTERM', forward);
  process.on('SIGINT', forward);
  return new Promise((resolve) => {
    let reported: number | null = null;
    worker.on('message', (message: { exitCode?: number }) => {
      if (typeof message?.exitCode === 'number') reported = message.exitCode;
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const why =
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `the JavaScript heap reached its limit (${limits.oldMb} MB; SERVE_HEAP_MB sets it, 0 leaves it to Node)`
          : (err.stack ?? err.message);
      process.stderr.write(`cyberpolicy ${argv[0] ?? ''}: ${why}\n`);
      reported = 1;
    });
    worker.on('exit', (code) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      resolve(reported ?? code);
    });
  });
}

/** In the worker, before the CLI runs: the terminal the main thread has (pretty logs pick by it). */
export function bootBoundedHeapWorker(): void {
  const data = workerData as BoundedWorkerData;
  // A worker's stdout and stderr are pipes to the main thread, which writes them to its own.
  if (data.stderrIsTTY) Object.defineProperty(process.stderr, 'isTTY', { value: true });
  if (data.stdoutIsTTY) Object.defineProperty(process.stdout, 'isTTY', { value: true });
}

/** In the worker: the code the main thread exits with. */
export function reportExitCode(code: number): void {
  parentPort?.postMessage({ exitCode: code });
}

/** Resolves with the first stop request the main thread forwards (the worker's SIGTERM and SIGINT). */
export function forwardedSignal(): Promise<NodeJS.Signals> | null {
  if (!inBoundedHeapWorker() || !parentPort) return null;
  const port = parentPort;
  return new Promise((resolve) => {
    const on = (message: { signal?: NodeJS.Signals }) => {
      if (!message?.signal) return;
      port.off('message', on);
      resolve(message.signal);
    };
    port.on('message', on);
    // Like a signal handler, the wait must not keep the worker alive (a serve that fails to start ends).
    port.unref();
  });
}
