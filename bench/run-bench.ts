/**
 * `npm run bench` (about 20 min on 2 free cores) or `npm run bench -- --quick` (about 2 min, smaller
 * scale, same keys). Each part runs in its own process, bundled by esbuild the way dist/cli.js is
 * (no tsx loader in the measured code), and hands back its figures; this file writes them, flat, with
 * the machine and the load before and after, to one file per run (bench/results.json for a full run,
 * which also regenerates the README's table; results-quick.json; results-partial.json for --only,
 * --items, --channels or --reuse-store) and prints a table with the goals (bench/goals.ts).
 *   --reuse-store   reuse a store the ingest part built earlier at this scale (its build figures are kept)
 *   --channels=N    fan out to N channels instead of the scale's default (a busy machine)
 *   --only=a,b      run only these parts
 *   --items=N       store scale (default 100,000; 10,000 with --quick)
 *   --parallel      run the store readers (ask, ask-postgres, serve) at once, each on its own copy
 *                   of the store (PGlite is single-process); only for a machine short of time
 * Parts: analyze, parse, ingest, ask, ask-postgres, serve, first-start, backup, translate, fanout-slack, fanout-teams.
 */
import { execFileSync, spawn } from 'node:child_process';
import { buildSync } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fromRoot } from '../src/package-root.js';
import { parseEmitted, round } from './bench-util.js';
import { GOALS, goalState } from './goals.js';
import { writeReadmeTable } from './readme-table.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const reuse = args.includes('--reuse-store');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
// Scratch stores and generated files; BENCH_WORK_DIR lets checkouts side by side keep their own.
const work = process.env.BENCH_WORK_DIR ?? '/tmp/cyberpolicy-bench';
mkdirSync(work, { recursive: true });

const scale = quick
  ? { items: 10_000, e2e: 2_000, analyze: 2_000, askRounds: 3, starts: 2, serveSamples: 400, serveDigests: 50, serveFeeds: 10, channels: 100, parseRounds: 16 }
  : { items: 100_000, e2e: 10_000, analyze: 5_000, askRounds: 8, starts: 3, serveSamples: 2_000, serveDigests: 200, serveFeeds: 50, channels: 1_000, parseRounds: 40 };
const parallel = args.includes('--parallel');
const itemsArg = args.find((a) => a.startsWith('--items='));
if (itemsArg) {
  scale.items = Number(itemsArg.slice(8));
  scale.e2e = Math.min(scale.e2e, scale.items);
}
const channelsArg = args.find((a) => a.startsWith('--channels='));
if (channelsArg) scale.channels = Number(channelsArg.slice(11));
const store = join(work, `store-${scale.items}`);

interface Part {
  name: string;
  file: string;
  args: string[];
  skip?: () => Record<string, number | string> | null;
}

const parts: Part[] = [
  { name: 'analyze', file: 'analyze', args: ['--items', String(scale.analyze), '--runs', '3'] },
  { name: 'parse', file: 'parse', args: ['--rounds', String(scale.parseRounds)] },
  {
    name: 'ingest',
    file: 'ingest',
    args: ['--count', String(scale.items), '--e2e', String(scale.e2e), '--dir', store, '--work', work],
    skip: () => {
      if (!reuse || !existsSync(`${store}.json`) || !existsSync(store)) return null;
      const built = JSON.parse(readFileSync(`${store}.json`, 'utf8')) as Record<string, number | string>;
      return built.count === scale.items ? built : null;
    },
  },
  { name: 'ask', file: 'ask', args: ['--backend', 'pglite', '--dir', store, '--rounds', String(scale.askRounds)] },
  { name: 'ask-postgres', file: 'ask', args: ['--backend', 'postgres', '--dir', store, '--rounds', String(scale.askRounds)] },
  { name: 'serve', file: 'serve', args: ['--dir', store, '--starts', String(scale.starts), '--samples', String(scale.serveSamples), '--clients', '4', '--digests', String(scale.serveDigests), '--feeds', String(scale.serveFeeds)] },
  { name: 'first-start', file: 'first-start', args: ['--settle-s', quick ? '5' : '10'] },
  { name: 'backup', file: 'backup', args: ['--dir', store, '--work', work] },
  { name: 'translate', file: 'translate', args: ['--channels', '200'] },
  { name: 'fanout-slack', file: 'fanout', args: ['--platform', 'slack', '--channels', String(scale.channels), '--rate', '100'] },
  // Teams: a fifth as many conversations, five digests due in each (the per-conversation limits bind), the same 1,000 deliveries.
  { name: 'fanout-teams', file: 'fanout', args: ['--platform', 'teams', '--channels', String(Math.max(1, Math.round(scale.channels / 5))), '--digests-per-channel', '5', '--rate', '50'] },
];


/** Bundle a part like dist/cli.js (ESM, packages external) into dist/bench/. */
function bundle(file: string): string {
  const out = fromRoot('dist', 'bench', `${file}.mjs`);
  buildSync({
    entryPoints: [fromRoot('bench', 'parts', `${file}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
  });
  return out;
}

function runPart(part: Part): Promise<Record<string, number | string>> {
  const script = bundle(part.file);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', script, ...part.args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      if (process.env.BENCH_VERBOSE) process.stderr.write(d);
    });
    child.on('exit', (code) => {
      const result = parseEmitted(out);
      if (code === 0 && result) resolve(result);
      else reject(new Error(`${part.name} failed (exit ${code}):\n${err.slice(-3000)}`));
    });
  });
}

execFileSync('npm', ['run', 'build', '--silent'], { cwd: fromRoot(), stdio: 'inherit' });
const results: Record<string, number> = {};
const notes: string[] = [];
const load = [round(loadavg()[0]!, 1)];
const started = performance.now();
const runStartedAt = new Date().toISOString();
async function runOne(part: Part): Promise<void> {
  const t = performance.now();
  process.stderr.write(`bench: ${part.name}…\n`);
  try {
    const reused = part.skip?.() ?? null;
    const r = reused ?? (await runPart(part));
    if (reused) notes.push(`${part.name}: store reused, figures from its build at ${String(reused.ingest_built_at)}`);
    for (const [k, v] of Object.entries(r)) if (typeof v === 'number') results[k] = v;
    process.stderr.write(`bench: ${part.name} done in ${round((performance.now() - t) / 1000, 1)} s\n`);
  } catch (err) {
    notes.push(`${part.name}: FAILED: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`);
    process.stderr.write(`${(err as Error).message}\n`);
  }
}

const selected = parts.filter((p) => !only || only.includes(p.name));
const readers = new Set(['ask', 'ask-postgres', 'serve']);
for (const part of selected.filter((p) => !parallel || !readers.has(p.name))) await runOne(part);
if (parallel) {
  const concurrent = selected.filter((p) => readers.has(p.name));
  for (const part of concurrent) {
    const copy = `${store}-${part.name}`;
    rmSync(copy, { recursive: true, force: true });
    cpSync(store, copy, { recursive: true });
    part.args = part.args.map((a) => (a === store ? copy : a));
  }
  notes.push(`${concurrent.map((p) => p.name).join(', ')} ran at the same time (--parallel)`);
  await Promise.all(concurrent.map(runOne));
}
load.push(round(loadavg()[0]!, 1));
const cpu = cpus()[0]?.model.trim() ?? 'cpu';
const scaleItems = results.ask_items_embedded ?? results.ingest_stored ?? scale.items;
Object.assign(results, {
  bench_scale_items: scaleItems,
  fanout_scale_channels: scale.channels,
  bench_quick: quick ? 1 : 0,
  bench_minutes: round((performance.now() - started) / 60_000, 1),
  machine_cores: cpus().length,
  node_major: Number(process.versions.node.split('.')[0]),
  machine_loadavg_1m_start: load[0]!,
  machine_loadavg_1m_end: load[1]!,
});
// One run, one file: a partial run (--only, --items, --channels, --reuse-store) never mixes its figures into the
// full run's results.json, whose keys, minutes and load must all describe the same run.
const partial = Boolean(only || itemsArg || channelsArg || reuse);
const merged: Record<string, number | string> = {
  ...results,
  run_started_at: runStartedAt,
  run_parts: selected.map((p) => p.name).join(','),
  machine_cpu: cpu,
  node_version: process.versions.node,
};
const file = fromRoot('bench', quick ? 'results-quick.json' : partial ? 'results-partial.json' : 'results.json');
writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
if (!quick && !partial) writeReadmeTable(fromRoot('README.md'), file);

console.log(`\ncyberpolicy bench${quick ? ' --quick' : ''}: store of ${scaleItems.toLocaleString('en')} items, fan-out to ${merged.fanout_channels ?? scale.channels} channels; ${cpus().length} cores (${cpu}), Node ${process.versions.node}; load average ${load[0]} -> ${load[1]}`);
const rows = GOALS.map((g) => {
  const v = merged[g.key];
  return [g.key, v === undefined ? 'missing' : String(v), g.goal, goalState(g, merged)];
});
const widths = [0, 1, 2, 3].map((i) => Math.max(...[['key', 'value', 'goal', 'met?'], ...rows].map((r) => r[i]!.length)));
for (const r of [['key', 'value', 'goal', 'met?'], ...rows]) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
if (quick) console.log(`(--quick: ${scale.items.toLocaleString('en')} items, ${scale.channels} channels; keys keep their 100k names)`);
if (scaleItems < 100_000) {
  console.log(`note: the *_100k keys were measured with ${scaleItems.toLocaleString('en')} items; disk and query cost grow with the store, so "yes" there does not mean met at 100k`);
}
for (const n of notes) console.log(`note: ${n}`);
console.log(`written: ${file}`);
