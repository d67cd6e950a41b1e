/**
 * The very first `serve` of a fresh clone (`npm start`): an empty DATA_DIR, so serve creates the
 * store (migrations), loads the bundled sample items (analysed on the way in) and only then answers
 * /healthz. Defaults otherwise (SAMPLES=1, scheduler on, playground on, no platform credentials).
 * - first_start_rss_peak_mb: the process's VmHWM once it has settled (`--settle-s` after /healthz);
 * - serve_rss_small_mb: its VmRSS then;
 * - first_start_s, first_start_items, and the heap and external figures from /metrics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, flag, procMemoryMb, round } from '../bench-util.js';
import { memoryBreakdownMb, scrapeMetrics, startServe } from '../serve-process.js';

const settleS = Number(flag('settle-s', '10'));
const dataDir = mkdtempSync(join(tmpdir(), 'cyberpolicy-first-start-'));
// Platform credentials from the caller's environment would start adapters a fresh clone does not have.
for (const key of Object.keys(process.env)) if (/^(SLACK_|MicrosoftApp|DATABASE_URL|REDIS_URL|TRANSLATE_)/.test(key)) delete process.env[key];

const serve = await startServe({ DATA_DIR: dataDir });
const atHealthz = procMemoryMb(serve.pid);
const health = (await (await fetch(`${serve.url}/healthz`)).json()) as { items?: number };
let rssMax = atHealthz.current;
for (let waited = 0; waited < settleS * 1000; waited += 100) {
  await new Promise((r) => setTimeout(r, 100));
  rssMax = Math.max(rssMax, procMemoryMb(serve.pid).current);
}
const settled = procMemoryMb(serve.pid);
const mem = memoryBreakdownMb(await scrapeMetrics(serve.url));
await serve.stop();
rmSync(dataDir, { recursive: true, force: true });

emit({
  first_start_s: round(serve.startupS, 2),
  first_start_cpu_s: round(serve.cpuS, 2),
  first_start_items: health.items ?? 0,
  first_start_rss_peak_mb: round(settled.peak, 0),
  first_start_rss_at_healthz_mb: round(atHealthz.current, 0),
  serve_rss_small_mb: round(settled.current, 0),
  first_start_heap_used_mb: round(mem.heapUsed, 0),
  first_start_heap_total_mb: round(mem.heapTotal, 0),
  first_start_external_mb: round(mem.external, 0),
});
