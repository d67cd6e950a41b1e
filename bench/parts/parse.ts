/**
 * Feed import speed against rss-parser, in one process, alternating runs over the same files: the
 * RSS/Atom fixtures both can read, plus generated 50-item feeds with HTML descriptions in several
 * languages. Ours = parseInput (sniff, charset decode, parse, HTML to text, dates, URLs, ids: no
 * analysis); theirs = Buffer -> string -> rss-parser's parseString.
 * Both sides warm up (alternating, >= 3 s), then run `rounds` timed pairs of blocks of several passes
 * over all files (~150 ms of ours a block), the order alternating from pair to pair.
 * parse_speed_ratio_vs_rss_parser = the median over pairs of rss-parser's time / ours (wall);
 * parse_speed_ratio_cpu the same in process CPU time.
 */
import { readFileSync, readdirSync } from 'node:fs';
import Parser from 'rss-parser';
import { parseInput } from '../../src/ingest/parse-input.js';
import { fromRoot } from '../../src/package-root.js';
import { emit, flag, median, percentile, round } from '../bench-util.js';
import { generateRecords } from '../generate-items.js';

/** Timed pairs of blocks (one of ours, one of rss-parser's). */
const rounds = Number(flag('rounds', '40'));
const warmupMs = Number(flag('warmup-s', '3')) * 1000;
const blockMs = Number(flag('block-ms', '150'));
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A realistic news feed: 50 items, HTML descriptions (paragraphs, links, emphasis). */
function generatedFeed(seed: number, atom: boolean): Buffer {
  const records = generateRecords({ count: 50, seed, days: 10 });
  const html = (content: string) => {
    const parts = content.split(/(?<=\.)\s+/);
    return parts.map((p, i) => (i === 1 ? `<p><a href="https://example.org/r/${i}">${p}</a></p>` : `<p>${i === 0 ? `<strong>${p}</strong>` : p}</p>`)).join('\n');
  };
  if (atom) {
    const entries = records.map((r) => `<entry><id>${r.url}</id><title>${escape(r.title)}</title><link href="${r.url}"/><updated>${r.published}</updated><author><name>Desk</name></author><content type="html">${escape(html(r.content))}</content></entry>`);
    return Buffer.from(`<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Bench Atom</title><id>urn:bench:${seed}</id><updated>2026-11-20T00:00:00Z</updated>\n${entries.join('\n')}\n</feed>`);
  }
  const items = records.map((r) => `<item><title>${escape(r.title)}</title><link>${r.url}</link><guid>${r.url}</guid><pubDate>${new Date(r.published).toUTCString()}</pubDate><category>policy</category><description><![CDATA[${html(r.content)}]]></description></item>`);
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bench RSS ${seed}</title><link>https://example.org/</link><description>bench</description>\n${items.join('\n')}\n</channel></rss>`);
}

const parser = new Parser();
const fixtureDir = fromRoot('test/fixtures/feeds');
const candidates: { name: string; bytes: Buffer }[] = readdirSync(fixtureDir)
  .filter((f) => /^(rss|atom)/.test(f) && f.endsWith('.xml'))
  .map((f) => ({ name: f, bytes: readFileSync(`${fixtureDir}/${f}`) }));
candidates.push(
  { name: 'generated-rss-1.xml', bytes: generatedFeed(11, false) },
  { name: 'generated-rss-2.xml', bytes: generatedFeed(12, false) },
  { name: 'generated-rss-3.xml', bytes: generatedFeed(13, false) },
  { name: 'generated-atom-1.xml', bytes: generatedFeed(14, true) },
);

const fetchedAt = new Date('2026-11-20T00:00:00Z');
const ours = async (f: { name: string; bytes: Buffer }) => (await parseInput(f.bytes, { name: f.name, sourceId: 'bench', fetchedAt })).items.length;
const theirs = async (f: { name: string; bytes: Buffer }) => (await parser.parseString(f.bytes.toString('utf8'))).items.length;

// The same files for both: those each parser reads without error and finds items in.
const files: typeof candidates = [];
for (const f of candidates) {
  try {
    if ((await ours(f)) > 0 && (await theirs(f)) > 0) files.push(f);
  } catch {
    // one of the two refuses it (legacy charset, broken XML…): not a fair comparison
  }
}

/** One pass: every file once, on one side. */
type Side = (f: (typeof files)[number]) => Promise<number>;
async function pass(fn: Side): Promise<void> {
  for (const f of files) await fn(f);
}

/** Wall and CPU milliseconds (process CPU: all threads, so JIT compilation and GC count) of `passes` passes. */
async function block(fn: Side, passes: number): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < passes; i++) await pass(fn);
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

// Warm-up, alternating, until both sides have run long enough for V8 to have compiled their hot code
// (a long-running import is what is compared, not a cold start).
const warmupStarted = performance.now();
const oursWarm: number[] = [];
for (let i = 0; i < 10 || performance.now() - warmupStarted < warmupMs; i++) {
  oursWarm.push((await block(ours, 1)).cpu);
  await block(theirs, 1);
}
// Blocks of several passes, so each timed block is long enough (~blockMs of ours) that a timer tick,
// a GC pause or another process taking the core is a small part of it. Sized by CPU time, which
// other processes on the machine move less than wall time.
const passes = Math.max(1, Math.round(blockMs / median(oursWarm.slice(-10))));

/**
 * Timed pairs: a block of ours and a block of rss-parser's, back to back, in alternating order (neither
 * always runs on a warmer or colder machine). Each pair gives a ratio; the figure is their median, so
 * one pair disturbed by another process does not move it.
 */
const pairs: { ours: { wall: number; cpu: number }; theirs: { wall: number; cpu: number } }[] = [];
for (let i = 0; i < rounds; i++) {
  if (i % 2 === 0) {
    const o = await block(ours, passes);
    pairs.push({ ours: o, theirs: await block(theirs, passes) });
  } else {
    const t = await block(theirs, passes);
    pairs.push({ ours: await block(ours, passes), theirs: t });
  }
}
const wallRatios = pairs.map((p) => p.theirs.wall / p.ours.wall);
const cpuRatios = pairs.map((p) => p.theirs.cpu / p.ours.cpu);
const perPass = (xs: number[]) => round(median(xs) / passes, 1);
const bytes = files.reduce((s, f) => s + f.bytes.length, 0);
emit({
  parse_speed_ratio_vs_rss_parser: round(median(wallRatios), 2),
  // The spread of the pair ratios (25th and 75th percentiles): how steady the figure is.
  parse_speed_ratio_p25: round(percentile(wallRatios, 25), 2),
  parse_speed_ratio_p75: round(percentile(wallRatios, 75), 2),
  parse_files: files.length,
  parse_kb: round(bytes / 1024, 0),
  parse_pairs: rounds,
  parse_passes_per_block: passes,
  parse_warmup_s: round((performance.now() - warmupStarted - pairs.reduce((s, p) => s + p.ours.wall + p.theirs.wall, 0)) / 1000, 1),
  parse_ours_ms_per_round: perPass(pairs.map((p) => p.ours.wall)),
  parse_rss_parser_ms_per_round: perPass(pairs.map((p) => p.theirs.wall)),
  // The same ratio in CPU time: steadier than wall time when other processes share the cores.
  parse_speed_ratio_cpu: round(median(cpuRatios), 2),
  parse_ours_cpu_ms_per_round: perPass(pairs.map((p) => p.ours.cpu)),
  parse_rss_parser_cpu_ms_per_round: perPass(pairs.map((p) => p.theirs.cpu)),
});
