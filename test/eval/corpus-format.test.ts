/**
 * Format of the labelled corpus (test/fixtures/eval/corpus): every line parses, labels use known
 * topic slugs and language codes, entity surface forms occur verbatim in the item, test and dev
 * carry entity labels, ids are opaque and unique, and no story crosses splits. It checks format
 * only; it never looks at what the analysis makes of the items.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromRoot } from '../../src/package-root.js';
import { trainSplitPaths } from './evaluate.js';

const SPLITS = ['test', 'dev', 'train'] as const;
const LANGS = new Set('en fr de es it pt nl pl lt lv et cs ru uk ar tr zh ja ko ro sv fa he'.split(' '));
const topicSlugs = new Set(
  (JSON.parse(readFileSync(fromRoot('digests/topics.json'), 'utf8')) as { topics: { slug: string }[] }).topics.map((t) => t.slug),
);

const Entity = z.strictObject({
  text: z.string().min(1),
  type: z.enum(['org', 'person', 'place']),
  id: z.string().min(1),
});
const Item = z.strictObject({
  id: z.string().regex(/^c-[0-9a-f]{10}$/),
  title: z.string().min(5).max(300),
  content: z.string().min(40).max(1200),
  published: z.iso.datetime({ offset: true }),
  source: z.string().min(2),
  url: z.string().url().optional(),
  label: z.strictObject({
    lang: z.string().refine((l) => LANGS.has(l), 'unknown language code'),
    topics: z.array(z.string().refine((t) => topicSlugs.has(t), 'unknown topic slug')),
    story: z.string().min(1),
    entities: z.array(Entity).optional(),
  }),
});
type Item = z.infer<typeof Item>;

function readFile(path: string): Item[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const parsed = Item.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${basename(path)} line ${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/** A split's items; the train split also spans its train-<part>.jsonl files. */
function read(split: (typeof SPLITS)[number]): Item[] {
  const paths = split === 'train' ? trainSplitPaths() : [fromRoot(`test/fixtures/eval/corpus/${split}.jsonl`)];
  return paths.flatMap(readFile);
}

const present = SPLITS.filter((s) => existsSync(fromRoot(`test/fixtures/eval/corpus/${s}.jsonl`)));
const splits = new Map(present.map((s) => [s, read(s)] as const));

describe('labelled corpus format (test/fixtures/eval/corpus)', () => {
  it('has all three splits', () => {
    expect(present).toEqual([...SPLITS]);
  });

  it('parses every line, with unique ids across splits', () => {
    const ids = [...splits.values()].flat().map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has no duplicate topic in a label', () => {
    const dupes = [...splits.values()].flat().filter((i) => new Set(i.label.topics).size !== i.label.topics.length);
    expect(dupes.map((i) => i.id)).toEqual([]);
  });

  it('labels entities in test and dev, each surface form verbatim in title or content', () => {
    for (const [split, items] of splits) {
      if (split !== 'train') expect(items.filter((i) => i.label.entities === undefined).map((i) => i.id)).toEqual([]);
      const missing = items.flatMap((i) =>
        (i.label.entities ?? []).filter((e) => !`${i.title}\n${i.content}`.includes(e.text)).map((e) => `${i.id}: ${e.text}`),
      );
      expect(missing).toEqual([]);
    }
  });

  it('keeps the items of a multi-item story within 4 days of each other', () => {
    const spread: string[] = [];
    for (const items of splits.values()) {
      const times = new Map<string, number[]>();
      for (const i of items) times.set(i.label.story, [...(times.get(i.label.story) ?? []), Date.parse(i.published)]);
      for (const [story, ts] of times) if (Math.max(...ts) - Math.min(...ts) > 4 * 86_400_000) spread.push(story);
    }
    expect(spread).toEqual([]);
  });

  it('keeps every story inside one split, and gives a singleton its own id as story', () => {
    const home = new Map<string, string>();
    const crossing: string[] = [];
    for (const [split, items] of splits) {
      const size = new Map<string, number>();
      for (const i of items) size.set(i.label.story, (size.get(i.label.story) ?? 0) + 1);
      for (const i of items) {
        const seen = home.get(i.label.story);
        if (seen !== undefined && seen !== split) crossing.push(i.label.story);
        home.set(i.label.story, split);
        if (size.get(i.label.story) === 1) expect(i.label.story).toBe(i.id);
      }
    }
    expect(crossing).toEqual([]);
  });
});
