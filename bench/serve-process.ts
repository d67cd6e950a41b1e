/**
 * The built CLI's `serve` (bin/cyberpolicy.js) as a child process for the serve and first-start parts:
 * started until /healthz answers 200, with its memory read from /proc and its /metrics scraped.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fromRoot } from '../src/package-root.js';
import { freePort } from '../test/helpers/spawn-serve.js';

export interface ServeChild {
  pid: number;
  url: string;
  /** Spawn until /healthz answered 200. */
  startupS: number;
  /** CPU seconds the process had used by then. */
  cpuS: number;
  logs(): string;
  stop(): Promise<void>;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export async function startServe(env: Record<string, string>, timeoutMs = 180_000): Promise<ServeChild> {
  const port = await freePort();
  let output = '';
  const started = performance.now();
  // BENCH_SERVE_NODE_ARGS: flags Node refuses in NODE_OPTIONS (e.g. --cpu-prof --cpu-prof-dir=…), to profile serve under the load.
  const nodeArgs = process.env.BENCH_SERVE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, fromRoot('bin', 'cyberpolicy.js'), 'serve'], {
    // BENCH_SERVE_NODE_OPTIONS: Node flags for serve alone (e.g. --max-old-space-size=256), to see what bounds its memory.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...(process.env.BENCH_SERVE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVE_NODE_OPTIONS } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`serve did not answer /healthz within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    pid: child.pid!,
    url,
    startupS: (performance.now() - started) / 1000,
    cpuS: cpuSeconds(child.pid!),
    logs: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Unlabelled and labelled samples of a Prometheus text page, e.g. { 'x_bytes': 1, 'y{space="new"}': 2 }. */
export async function scrapeMetrics(url: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

/** Where a process's memory is, in MB, from its /metrics (prom-client's default metrics). */
export function memoryBreakdownMb(metrics: Map<string, number>): { rss: number; heapUsed: number; heapTotal: number; external: number } {
  const mb = (key: string) => (metrics.get(`cyberpolicy_${key}`) ?? 0) / 1_048_576;
  return { rss: mb('process_resident_memory_bytes'), heapUsed: mb('nodejs_heap_size_used_bytes'), heapTotal: mb('nodejs_heap_size_total_bytes'), external: mb('nodejs_external_memory_bytes') };
}
