/** Small helpers shared by the bench parts: result hand-off, statistics, memory and disk figures. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MARK = 'BENCH_RESULT ';

/** A part prints its figures as one marked JSON line; run-bench.ts picks it from stdout. */
export function emit(result: Record<string, number | string>): void {
  process.stdout.write(`${MARK}${JSON.stringify(result)}\n`);
}

export function parseEmitted(stdout: string): Record<string, number | string> | null {
  const line = stdout.split('\n').find((l) => l.startsWith(MARK));
  return line ? (JSON.parse(line.slice(MARK.length)) as Record<string, number | string>) : null;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Peak and current resident set of a process, in MB, from /proc (VmHWM, VmRSS). */
export function procMemoryMb(pid: number | 'self' = 'self'): { peak: number; current: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { peak: kb('VmHWM') / 1024, current: kb('VmRSS') / 1024 };
}

/** Bytes on disk under a folder (allocated blocks, as `du` counts). */
export function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += diskBytes(path);
    else if (entry.isFile()) total += statSync(path).blocks * 512;
  }
  return total;
}

/** Command-line flag value: --name=value or --name value. */
export function flag(name: string, fallback: string): string {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = args[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[i + 1] ?? fallback);
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
