/**
 * Builds the bench store in a fresh PGlite data folder, in two phases:
 * 1. end to end: the first `--e2e` generated items, as a JSON Lines file, go through the importer the
 *    CLI uses (streamed in batches, parsed, analysed against each batch's story window read back from
 *    the store, upserted) -> ingest_items_per_s;
 * 2. bulk fill: the rest are analysed for real (story window kept in memory) and upserted in batches.
 * Emits both rates, the data folder's size on disk and the process's peak RSS. The folder is kept for
 * the ask, serve and startup parts.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import { ManualClock } from '../../src/clock.js';
import { ingestInputs, once } from '../../src/ingest/run-ingest.js';
import { openStore } from '../../src/store/store.js';
import { diskBytes, emit, flag, procMemoryMb, round } from '../bench-util.js';
import { generateRecords, recordToItem } from '../generate-items.js';

const count = Number(flag('count', '100000'));
const e2eCount = Math.min(count, Number(flag('e2e', '10000')));
const dataDir = flag('dir', '/tmp/cpbench/store');
const work = flag('work', '/tmp/cpbench');

rmSync(dataDir, { recursive: true, force: true });
const records = generateRecords({ count, seed: 42 });
const file = join(work, `items-${e2eCount}.jsonl`);
writeFileSync(file, `${records.slice(0, e2eCount).map((r) => JSON.stringify(r)).join('\n')}\n`);

const started = performance.now();
const cpu = process.cpuUsage();
const open = once(async () => {
  const [store, analyzer] = await Promise.all([openStore({ dataDir }), createAnalyzer()]);
  return { store, analyzer };
});
const outcomes = await ingestInputs([{ name: file, kind: 'file', location: file }], {
  open,
  clock: new ManualClock('2026-11-20T00:00:00Z'),
  // Under the file's size, so the JSON Lines file is streamed in batches as a large import is.
  maxBytes: 1_000_000,
});
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
const outcome = outcomes[0]!;
if (outcome.error) throw new Error(`ingest failed: ${outcome.error}`);
const { store, analyzer } = await open();

// Phase 2: bulk fill, oldest first, each batch analysed against the previous items of its window.
const bulkStarted = performance.now();
let known = await store.items.find({ limit: 2000 });
const rest = records.slice(e2eCount);
for (let i = 0; i < rest.length; i += 1000) {
  const analyzed = analyzer.analyze(rest.slice(i, i + 1000).map((r) => recordToItem(r)), { known });
  await store.items.upsert(analyzed);
  known = [...known, ...analyzed].slice(-2000);
  if ((i / 1000) % 10 === 0) process.stderr.write(`bulk ${e2eCount + i + 1000}/${count}\n`);
}
const bulkSeconds = (performance.now() - bulkStarted) / 1000;
const stored = await store.items.count();
const stories = (await store.database.query<{ n: number }>('SELECT count(DISTINCT story_id)::int AS n FROM items'))[0]!.n;
const langs = (await store.items.languages()).length;
await store.close();
const mem = procMemoryMb();
const result = {
  ingest_items_per_s: Math.round(e2eCount / seconds),
  ingest_items_per_cpu_s: Math.round(e2eCount / ((used.user + used.system) / 1e6)),
  ingest_e2e_items: e2eCount,
  ingest_bulk_items_per_s: rest.length ? Math.round(rest.length / bulkSeconds) : 0,
  ingest_stored: stored,
  ingest_stories: stories,
  ingest_languages: langs,
  ingest_rss_peak_mb: round(mem.peak, 0),
  disk_mb_100k: round(diskBytes(dataDir) / 1e6, 1),
  ingest_built_at: new Date().toISOString(),
};
// Kept beside the folder, so a later run that reuses the store (--reuse-store) reports how it was built.
writeFileSync(`${dataDir}.json`, JSON.stringify({ count, ...result }));
emit(result);
rmSync(file, { force: true });
