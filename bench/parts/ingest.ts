/**
 * Builds the bench store in a fresh PGlite data folder, in two phases:
 * 1. end to end: the first `--e2e` generated items, as a JSON Lines file, go through the importer the
 *    CLI uses (streamed in batches, parsed, analysed against each batch's story window read back from
 *    the store, upserted) -> ingest_items_per_s;
 * 2. bulk fill: the rest are analysed for real (story window kept in memory) and upserted in batches.
 * Emits both rates, the data folder's size on disk and this process's peak RSS (which holds every
 * generated record: ingest_bench_process_rss_peak_mb). The importer's own memory is measured apart:
 * the built CLI's `cyberpolicy ingest <file>` imports the same `--e2e` items into a scratch store in a
 * child process, whose VmHWM is ingest_rss_peak_mb (the store created first by importing 10 items:
 * ingest_create_store_rss_peak_mb, PGlite's initdb). The folder is kept for the ask, serve and startup parts.
 */
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import { ManualClock } from '../../src/clock.js';
import { ingestInputs, once } from '../../src/ingest/run-ingest.js';
import { openStore } from '../../src/store/store.js';
import { fromRoot } from '../../src/package-root.js';
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

/** `cyberpolicy ingest <file>` (the built CLI) into `dir`: its peak RSS and wall time. */
async function cliImport(path: string, dir: string): Promise<{ peakMb: number; seconds: number }> {
  const t = performance.now();
  const child = spawn(process.execPath, [fromRoot('bin', 'cyberpolicy.js'), 'ingest', path], { env: { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  let peakMb = 0;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // VmHWM only grows: the last reading before the exit is the peak (within one 50 ms step).
  const poll = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, procMemoryMb(child.pid!).peak);
    } catch {
      // exited between two readings
    }
  }, 50);
  const code = await exited;
  clearInterval(poll);
  if (code !== 0) throw new Error(`cyberpolicy ingest exited with ${code}: ${err.slice(-2000)}`);
  return { peakMb, seconds: (performance.now() - t) / 1000 };
}
// Twice: creating a PGlite store (initdb inside WebAssembly) costs more memory than importing, so the
// store is first created with a 10-item file, then the import is measured into it.
const cliDir = join(work, 'ingest-cli-store');
const firstLines = join(work, 'items-first-10.jsonl');
rmSync(cliDir, { recursive: true, force: true });
writeFileSync(firstLines, `${records.slice(0, 10).map((r) => JSON.stringify(r)).join('\n')}\n`);
const cliCreate = await cliImport(firstLines, cliDir);
const cli = await cliImport(file, cliDir);
rmSync(cliDir, { recursive: true, force: true });
rmSync(firstLines, { force: true });

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
  ingest_rss_peak_mb: round(cli.peakMb, 0),
  ingest_cli_items: e2eCount,
  ingest_cli_s: round(cli.seconds, 1),
  ingest_create_store_rss_peak_mb: round(cliCreate.peakMb, 0),
  ingest_bench_process_rss_peak_mb: round(mem.peak, 0),
  disk_mb_100k: round(diskBytes(dataDir) / 1e6, 1),
  ingest_built_at: new Date().toISOString(),
};
// Kept beside the folder, so a later run that reuses the store (--reuse-store) reports how it was built.
writeFileSync(`${dataDir}.json`, JSON.stringify({ count, ...result }));
emit(result);
rmSync(file, { force: true });
