/**
 * `npx tsx scripts/check-split-overlap.ts <file.jsonl> [...]`: flags items of new train files that may tell
 * an event of the test or dev split (the corpus README's cross-split check). Two items match when they
 * were published within 6 days of each other and share at least two rare names or numbers (transliterated
 * with any-ascii, so scripts compare). It prints only the new files' item ids and the split they match,
 * never the text of a test item, so running it does not expose the test split to whoever writes train items.
 */
import { readFileSync } from 'node:fs';
import anyAscii from 'any-ascii';
import { fromRoot } from '../src/package-root.js';

interface Row {
  id: string;
  title: string;
  content: string;
  published: string;
}

const DAY = 86_400_000;
const read = (path: string): Row[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);

/** Capitalised words (any script with case), CJK/Arabic/Hebrew runs, and numbers of 3+ digits, as ASCII. */
function marks(row: Row): Set<string> {
  const text = `${row.title} ${row.content}`;
  const out = new Set<string>();
  for (const m of text.matchAll(/\p{Lu}[\p{L}\p{M}'-]{2,}|[\p{Script=Han}\p{Script=Hangul}\p{Script=Katakana}]{2,}|[\p{Script=Arabic}\p{Script=Hebrew}]{4,}|\d[\d.,]{2,}\d/gu)) {
    const ascii = anyAscii(m[0]).toLowerCase().replace(/[^a-z0-9]/g, '');
    if (ascii.length >= 3) out.add(ascii.slice(0, 8));
  }
  return out;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: check-split-overlap <new-train.jsonl> [...]\n');
  process.exit(2);
}
const held = (['test', 'dev'] as const).flatMap((split) => read(fromRoot('test', 'fixtures', 'eval', 'corpus', `${split}.jsonl`)).map((row) => ({ split, row, marks: marks(row), at: Date.parse(row.published) })));
const fresh = files.flatMap((f) => read(f).map((row) => ({ row, marks: marks(row), at: Date.parse(row.published) })));
// A mark is rare when under 1 % of all items hold it (country names, Microsoft, years are not evidence).
const df = new Map<string, number>();
for (const x of [...held, ...fresh]) for (const m of x.marks) df.set(m, (df.get(m) ?? 0) + 1);
const rareLimit = Math.max(3, Math.round(0.01 * (held.length + fresh.length)));
let flagged = 0;
for (const f of fresh) {
  const hits = new Map<string, number>();
  for (const h of held) {
    if (Math.abs(h.at - f.at) > 6 * DAY) continue;
    let shared = 0;
    for (const m of f.marks) if (h.marks.has(m) && (df.get(m) ?? 0) <= rareLimit) shared++;
    if (shared >= 2) hits.set(h.split, (hits.get(h.split) ?? 0) + 1);
  }
  if (hits.size > 0) {
    flagged++;
    process.stdout.write(`${f.row.id}\t${[...hits].map(([s, n]) => `${s}:${n}`).join(' ')}\n`);
  }
}
process.stderr.write(`${flagged} of ${fresh.length} items may tell a test or dev event (rare = in at most ${rareLimit} items)\n`);
