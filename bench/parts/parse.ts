/**
 * Feed import speed against rss-parser, in one process, alternating runs over the same files: the
 * RSS/Atom fixtures both can read, plus generated 50-item feeds with HTML descriptions in several
 * languages. Ours = parseInput (sniff, charset decode, parse, HTML to text, dates, URLs, ids: no
 * analysis); theirs = Buffer -> string -> rss-parser's parseString.
 * parse_speed_ratio_vs_rss_parser = rss-parser time / our time (wall); parse_speed_ratio_cpu the same in
 * process CPU time.
 */
import { readFileSync, readdirSync } from 'node:fs';
import Parser from 'rss-parser';
import { parseInput } from '../../src/ingest/parse-input.js';
import { fromRoot } from '../../src/package-root.js';
import { emit, flag, round } from '../bench-util.js';
import { generateRecords } from '../generate-items.js';

const rounds = Number(flag('rounds', '30'));
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

/** CPU milliseconds of the process (all its threads, so JIT compilation and GC count) per side. */
const cpuMs = { ours: 0, theirs: 0 };
async function time(fn: (f: (typeof files)[number]) => Promise<number>): Promise<number> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const f of files) await fn(f);
  const used = process.cpuUsage(cpu);
  cpuMs[fn === ours ? 'ours' : 'theirs'] += (used.user + used.system) / 1000;
  return performance.now() - started;
}

for (let i = 0; i < 5; i++) {
  await time(ours);
  await time(theirs);
}
cpuMs.ours = 0;
cpuMs.theirs = 0;
let oursMs = 0;
let theirsMs = 0;
for (let i = 0; i < rounds; i++) {
  // Alternate which goes first, so neither always runs on a warmer (or colder) machine.
  if (i % 2 === 0) {
    oursMs += await time(ours);
    theirsMs += await time(theirs);
  } else {
    theirsMs += await time(theirs);
    oursMs += await time(ours);
  }
}
const bytes = files.reduce((s, f) => s + f.bytes.length, 0);
emit({
  parse_speed_ratio_vs_rss_parser: round(theirsMs / oursMs, 2),
  parse_files: files.length,
  parse_kb: round(bytes / 1024, 0),
  parse_ours_ms_per_round: round(oursMs / rounds, 1),
  parse_rss_parser_ms_per_round: round(theirsMs / rounds, 1),
  // The same ratio in CPU time: steadier than wall time when other processes share the cores.
  parse_speed_ratio_cpu: round(cpuMs.theirs / cpuMs.ours, 2),
  parse_ours_cpu_ms_per_round: round(cpuMs.ours / rounds, 1),
  parse_rss_parser_cpu_ms_per_round: round(cpuMs.theirs / rounds, 1),
});
