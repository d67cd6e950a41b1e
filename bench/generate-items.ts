/**
 * Realistic bench items: stories recombined from the sentences of the bundled samples and the labelled
 * eval set, in their own language. Each story is told by 1–8 sources over a day or two, with
 * its sentences reordered and trimmed per source, so the store holds many languages, topics and
 * stories, and near-duplicates the way real feeds do. Deterministic for a given seed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '../src/items/item.js';
import { fromRoot } from '../src/package-root.js';
import { prng } from '../test/helpers/prng.js';

/** One JSON Lines record, as `cyberpolicy ingest` reads it. */
export interface BenchRecord {
  id: string;
  title: string;
  content: string;
  url: string;
  published: string;
  source: string;
}

interface Seed {
  group: string;
  title: string;
  sentences: string[];
}

const SENTENCE_END = /(?<=[.!?。！？؟])\s+|(?<=[。！？])/u;

function loadSeeds(): Seed[] {
  const seeds: Seed[] = [];
  const add = (group: string, title: string, content: string) => {
    const sentences = content
      .split(SENTENCE_END)
      .map((s) => s.trim())
      .filter((s) => s.length > 15);
    if (sentences.length > 0) seeds.push({ group, title, sentences });
  };
  for (const line of readFileSync(fromRoot('test/fixtures/eval/items.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { title: string; content: string; label: { lang: string } };
    add(r.label.lang, r.title, r.content);
  }
  const dir = fromRoot('digests/samples');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { title: string; content: string; lang?: string };
      add(r.lang ?? file, r.title, r.content);
    }
  }
  return seeds;
}

const SOURCES = Array.from({ length: 60 }, (_, i) => `bench-source-${String(i + 1).padStart(2, '0')}`);
const DAY = 86_400_000;

export interface GenerateOptions {
  count: number;
  seed?: number;
  /** Items spread evenly over this many days ending at `end`. */
  days?: number;
  end?: Date;
  /** Target characters of title + content. */
  bytes?: number;
}

/**
 * `count` records, oldest first. A story borrows its lead and title from one seed item and its other
 * sentences from items of the same language; sources retell it with small differences.
 */
export function generateRecords(options: GenerateOptions): BenchRecord[] {
  const random = prng(options.seed ?? 42);
  const seeds = loadSeeds();
  const pools = new Map<string, string[]>();
  for (const s of seeds) pools.set(s.group, [...(pools.get(s.group) ?? []), ...s.sentences]);
  const days = options.days ?? 540;
  const end = (options.end ?? new Date('2026-11-20T00:00:00Z')).getTime();
  const start = end - days * DAY;
  const target = options.bytes ?? 1000;
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const out: BenchRecord[] = [];
  let story = 0;
  while (out.length < options.count) {
    story++;
    const lead = pick(seeds);
    const pool = pools.get(lead.group)!;
    const body = [...lead.sentences];
    // Grow the story with sentences of the same language until it is about `target` long.
    while (body.join(' ').length + lead.title.length < target * 1.3) body.push(pick(pool));
    const storyTime = start + ((out.length + random()) / options.count) * days * DAY;
    const tellers = 1 + Math.floor(random() ** 2 * 8);
    const tag = story.toString(36);
    for (let t = 0; t < tellers && out.length < options.count; t++) {
      const source = pick(SOURCES);
      // Each source keeps the lead, reorders the rest and stops near the target length.
      const rest = shuffle(body.slice(1), random);
      let content = body[0]!;
      for (const s of rest) {
        if (content.length + lead.title.length >= target) break;
        content += ` ${s}`;
      }
      const n = out.length;
      out.push({
        id: `bench-${n}`,
        title: t === 0 ? lead.title : `${lead.title}${random() < 0.5 ? '' : ` (${tag})`}`,
        content,
        url: `https://${source}.example/news/${tag}-${n}`,
        published: new Date(storyTime + random() * 1.5 * DAY).toISOString(),
        source,
      });
    }
  }
  return out.sort((a, b) => a.published.localeCompare(b.published));
}

function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/** A record as the JSONL importer would build it (for benches that skip parsing). */
export function recordToItem(r: BenchRecord, fetchedAt = new Date('2026-11-20T00:00:00Z')): Item {
  return {
    id: r.id,
    sourceId: r.source,
    url: r.url,
    title: r.title,
    content: r.content,
    published: new Date(r.published),
    fetchedAt,
    author: null,
    categories: [],
    lang: null,
  };
}
