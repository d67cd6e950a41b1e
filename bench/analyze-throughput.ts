/**
 * Analyzer throughput and memory: `npx tsx bench/analyze-throughput.ts [items] [--eld=size]`.
 * Builds ~1 KB items in many languages from the labelled eval set, warms up, then analyses them
 * as ingestion does: chunks of 500 against up to 5,000 known items of the window.
 * Prints items/s on one core and the process RSS.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createAnalyzer } from '../src/analysis/create-analyzer.js';
import type { EldSize } from '../src/analysis/detect-language.js';
import type { AnalyzedItem, Item } from '../src/items/item.js';
import { fromRoot } from '../src/package-root.js';

const args = process.argv.slice(2);
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 10000);
const eldSize = (args.find((a) => a.startsWith('--eld='))?.slice(6) ?? 'extrasmall') as EldSize;

interface Labelled {
  id: string;
  title: string;
  content: string;
}

const labelled: Labelled[] = readFileSync(fromRoot('test/fixtures/eval/items.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Labelled);

/** ~1 KB items: an eval item's text, repeated with a serial number so texts differ. */
function makeItems(n: number, offset: number): Item[] {
  const start = Date.parse('2026-11-01T00:00:00Z');
  return Array.from({ length: n }, (_, k) => {
    const i = offset + k;
    const src = labelled[i % labelled.length]!;
    let content = `${src.content} (${i})`;
    while (Buffer.byteLength(src.title + content) < 1000) content += `\n${src.content}`;
    while (Buffer.byteLength(src.title + content) > 1000) content = content.slice(0, -8);
    return {
      id: `bench-${i}`,
      sourceId: 'bench',
      url: `https://example.org/news/${i}`,
      title: src.title,
      content,
      published: new Date(start + i * 60_000),
      fetchedAt: new Date(start + i * 60_000),
      author: null,
      categories: [],
      lang: null,
    };
  });
}

const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const rssBefore = process.memoryUsage().rss;
const loadStart = performance.now();
const analyzer = await createAnalyzer({ eldSize, gazetteerPath: process.env.BENCH_GAZETTEER });
const loadMs = performance.now() - loadStart;
const rssLoaded = process.memoryUsage().rss;

let known: AnalyzedItem[] = [];
/** Wall time and CPU time (user + system) in ms: on a shared machine CPU time is the fair measure. */
function run(items: Item[]): { wall: number; cpu: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < items.length; i += 500) {
    const out = analyzer.analyze(items.slice(i, i + 500), { known });
    known = [...known, ...out].slice(-5000);
  }
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

run(makeItems(2000, 0)); // warm-up: JIT, stemmer caches
const items = makeItems(total, 2000);
const { wall, cpu } = run(items);
globalThis.gc?.();
const rss = process.memoryUsage().rss;
const bytes = items.reduce((s, i) => s + Buffer.byteLength(i.title + i.content), 0) / items.length;

console.log(`eld model: ${eldSize}; load ${Math.round(loadMs)} ms`);
console.log(`items: ${total} of ~${Math.round(bytes)} bytes, chunks of 500, up to 5000 known`);
console.log(`throughput: ${Math.round((total / cpu) * 1000)} items/s per core of CPU time (${Math.round((total / wall) * 1000)} items/s wall clock; load average ${os.loadavg()[0]!.toFixed(1)})`);
console.log(`rss: start ${mb(rssBefore)}, models loaded ${mb(rssLoaded)}, after run ${mb(rss)}; heap ${mb(process.memoryUsage().heapUsed)}`);
