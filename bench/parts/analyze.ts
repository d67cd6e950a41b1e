/**
 * Analyser throughput on one core: ~1 KB generated items in many languages, analysed in batches of
 * 100 against a rolling window of 500 known items (as ingestion does), after a warm-up.
 * Emits the median items/s of several runs and the process RSS.
 */
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import type { AnalyzedItem, Item } from '../../src/items/item.js';
import { emit, flag, median, procMemoryMb, round } from '../bench-util.js';
import { generateRecords, recordToItem } from '../generate-items.js';

const perRun = Number(flag('items', '5000'));
const runs = Number(flag('runs', '3'));
const warmup = 1500;

const items = generateRecords({ count: warmup + perRun * runs, seed: 7 }).map((r) => recordToItem(r));
const bytes = items.reduce((s, i) => s + Buffer.byteLength(i.title + i.content), 0) / items.length;
const chars = items.reduce((s, i) => s + i.title.length + i.content.length, 0) / items.length;
const loadStart = performance.now();
const analyzer = await createAnalyzer();
const loadMs = performance.now() - loadStart;

let known: AnalyzedItem[] = [];
/** CPU milliseconds (user + system) and wall milliseconds: on a shared machine CPU time is the per-core figure. */
function run(batch: Item[]): { cpu: number; wall: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < batch.length; i += 100) {
    const out = analyzer.analyze(batch.slice(i, i + 100), { known });
    known = [...known, ...out].slice(-500);
  }
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - started };
}

run(items.slice(0, warmup));
const rates: number[] = [];
const wallRates: number[] = [];
for (let r = 0; r < runs; r++) {
  const batch = items.slice(warmup + r * perRun, warmup + (r + 1) * perRun);
  const t = run(batch);
  rates.push((batch.length / t.cpu) * 1000);
  wallRates.push((batch.length / t.wall) * 1000);
}
const mem = procMemoryMb();
emit({
  analyze_items_per_s_per_core: Math.round(median(rates)),
  analyze_items_per_s_wall: Math.round(median(wallRates)),
  analyze_runs: rates.map((x) => Math.round(x)).join(' '),
  analyze_item_bytes: Math.round(bytes),
  analyze_item_chars: Math.round(chars),
  analyze_model_load_ms: Math.round(loadMs),
  analyze_rss_peak_mb: round(mem.peak, 0),
});
