/**
 * The bundled content is data, so it gets checked like code: every sample item and every labelled
 * evaluation item is parsed with zod, and the coverage the product relies on (languages, topics,
 * multilingual stories, decoys) is asserted with exact rules.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fromRoot } from '../../src/package-root.js';

/** The taxonomy slugs the issues require (digests/topics.json may add more). */
const SLUGS = [
  'paris-call', 'council-of-europe', 'cybercrime', 'data-protection', 'un-cyber-norms',
  'supply-chain-security', 'critical-infrastructure', 'ransomware', 'election-security',
  'child-online-safety', 'freedom-of-expression', 'internet-governance', 'ai-governance',
  'encryption', 'attribution-sanctions', 'spyware-export-controls',
] as const;
const CORE_LANGS = ['en', 'fr', 'de', 'es', 'it', 'pt', 'ru', 'uk', 'ar', 'zh', 'lt', 'pl'];

/** Fictional URLs only: example.* and .test domains, https. */
function isFictionalUrl(value: string): boolean {
  const url = new URL(value);
  const host = url.hostname;
  return url.protocol === 'https:' && (/(^|\.)example\.(org|com|net)$/.test(host) || /\.(example|test)$/.test(host));
}

/** ISO 8601 with an explicit zone, and a real calendar date. */
const IsoWithZone = z.iso.datetime({ offset: true }).refine((s) => {
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d!));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
}, 'not a calendar date');

const FictionalUrl = z.string().url().refine(isFictionalUrl, 'URL outside example.* / .test domains');
const Lang = z.string().regex(/^[a-z]{2}$/);

const SampleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(10).max(200),
  content: z.string().min(600).max(1500),
  url: FictionalUrl,
  published: IsoWithZone.refine((s) => {
    const t = Date.parse(s);
    return t >= Date.parse('2026-06-01T00:00:00Z') && t <= Date.parse('2026-11-20T23:59:59Z');
  }, 'outside 2026-06-01 .. 2026-11-20'),
  lang: Lang,
  source: z.string().min(3),
});
type Sample = z.infer<typeof SampleSchema>;

const LabelledSchema = z.strictObject({
  id: z.string().regex(/^eval-\d{4}$/),
  title: z.string().min(10).max(200),
  content: z.string().min(80).max(900),
  url: FictionalUrl.optional(),
  published: IsoWithZone,
  source: z.string().min(3),
  label: z.strictObject({
    lang: Lang,
    topics: z.array(z.enum(SLUGS)).refine((t) => new Set(t).size === t.length, 'duplicate topic'),
    story: z.string().regex(/^[a-z0-9-]+$/),
  }),
});
type Labelled = z.infer<typeof LabelledSchema>;

/** Parse a JSON Lines file; a failure names the file and line. */
function readJsonl<T>(path: string, schema: z.ZodType<T>): T[] {
  return readFileSync(path, 'utf8').split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    const parsed = schema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    return [parsed.data];
  });
}

function countBy<T>(values: T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

const samplesDir = fromRoot('digests', 'samples');
const sampleFiles = readdirSync(samplesDir).filter((n) => n.endsWith('.jsonl')).sort();
const samples: Sample[] = sampleFiles.flatMap((n) => readJsonl(join(samplesDir, n), SampleSchema));
const sampleReadme = readFileSync(join(samplesDir, 'README.md'), 'utf8');

/** The label table of digests/samples/README.md: `| id | lang | topics | story |`. */
const sampleLabels = new Map(
  [...sampleReadme.matchAll(/^\| ([a-z0-9-]+-\d{4}-\d{3}) \| ([a-z]{2}) \| ([^|]+) \| ([a-z0-9-]+) \|$/gm)].map((m) => [
    m[1]!,
    { lang: m[2]!, topics: m[3]!.trim() === '—' ? [] : m[3]!.split(',').map((s) => s.trim()), story: m[4]! },
  ]),
);

describe('bundled sample items (digests/samples)', () => {
  it('has at least 48 written items in at least 10 languages, with unique ids', () => {
    expect(samples.length).toBeGreaterThanOrEqual(48);
    expect(new Set(samples.map((s) => s.lang)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
  });

  it('keeps the two shared seeds and says where they come from', () => {
    for (const seed of ['000_9d3fa56a83e923b6.txt', '003_6a0df7d2b21cfab0.txt']) expect(existsSync(join(samplesDir, seed))).toBe(true);
    expect(sampleReadme).toContain('../shared/seeds/');
  });

  it('has 3 to 8 sentences per item', () => {
    // A sentence ends at CJK full stops, or at . ! ? followed by a space and a non-lowercase letter
    // (so abbreviations such as "m.in. ryzyko" or "7 tys. stacji" do not count).
    const sentences = (text: string) => text.split(/(?<=[。！？])|(?<=[.!?]["»“”]?)\s+(?=[^\p{Ll}\s])/u).filter((s) => s.trim().length > 0).length;
    const outside = samples.filter((s) => sentences(s.content) < 3 || sentences(s.content) > 8).map((s) => s.id);
    expect(outside).toEqual([]);
  });

  it('labels every item in the README table, with the item language and known topics', () => {
    expect([...sampleLabels.keys()].sort()).toEqual(samples.map((s) => s.id).sort());
    for (const s of samples) expect(sampleLabels.get(s.id)!.lang).toBe(s.lang);
    const unknown = [...sampleLabels.values()].flatMap((l) => l.topics).filter((t) => !(SLUGS as readonly string[]).includes(t));
    expect(unknown).toEqual([]);
  });

  it('covers every topic at least twice, the Paris Call at least 3 times, and has off-topic items', () => {
    const counts = countBy([...sampleLabels.values()].flatMap((l) => l.topics));
    expect(SLUGS.filter((slug) => (counts.get(slug) ?? 0) < 2)).toEqual([]);
    expect(counts.get('paris-call')).toBeGreaterThanOrEqual(3);
    expect([...sampleLabels.values()].filter((l) => l.topics.length === 0).length).toBeGreaterThanOrEqual(1);
  });

  it('tells several stories in 2 or more languages', () => {
    const langs = new Map<string, Set<string>>();
    for (const l of sampleLabels.values()) langs.set(l.story, (langs.get(l.story) ?? new Set()).add(l.lang));
    expect([...langs.values()].filter((s) => s.size >= 2).length).toBeGreaterThanOrEqual(5);
    const parisCall = samples.filter((s) => sampleLabels.get(s.id)!.topics[0] === 'paris-call').map((s) => s.lang);
    expect(parisCall).toEqual(expect.arrayContaining(['fr', 'ar']));
  });
});

const evalPath = fromRoot('test', 'fixtures', 'eval', 'items.jsonl');
const labelled: Labelled[] = readJsonl(evalPath, LabelledSchema);

describe('labelled evaluation set (test/fixtures/eval)', () => {
  it('has at least 160 items with unique ids', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(160);
    expect(new Set(labelled.map((l) => l.id)).size).toBe(labelled.length);
  });

  it('covers at least 12 languages, each core language at least 8 times', () => {
    const langs = countBy(labelled.map((l) => l.label.lang));
    expect(langs.size).toBeGreaterThanOrEqual(12);
    expect(CORE_LANGS.filter((lang) => (langs.get(lang) ?? 0) < 8)).toEqual([]);
  });

  it('uses every topic at least 5 times and has items with no topic', () => {
    const counts = countBy(labelled.flatMap((l) => l.label.topics));
    expect(SLUGS.filter((slug) => (counts.get(slug) ?? 0) < 5)).toEqual([]);
    expect(labelled.filter((l) => l.label.topics.length === 0).length).toBeGreaterThanOrEqual(10);
  });

  it('has at least 12 stories told in 2 or more languages, and near-duplicates in one language', () => {
    const byStory = new Map<string, Labelled[]>();
    for (const l of labelled) byStory.set(l.label.story, [...(byStory.get(l.label.story) ?? []), l]);
    const multilingual = [...byStory.values()].filter((items) => new Set(items.map((i) => i.label.lang)).size >= 2);
    expect(multilingual.length).toBeGreaterThanOrEqual(12);
    const sameLanguage = [...byStory.values()].filter((items) => new Set(items.map((i) => i.label.lang)).size < items.length);
    expect(sameLanguage.length).toBeGreaterThanOrEqual(3);
  });

  it('gives singletons their own story label and keeps each story within a few days', () => {
    const byStory = new Map<string, Labelled[]>();
    for (const l of labelled) byStory.set(l.label.story, [...(byStory.get(l.label.story) ?? []), l]);
    for (const [story, items] of byStory) {
      if (items.length === 1) expect(story).toBe(items[0]!.id);
      else expect(story.startsWith('eval-')).toBe(false);
      const times = items.map((i) => Date.parse(i.published));
      expect(Math.max(...times) - Math.min(...times), story).toBeLessThanOrEqual(3 * 86_400_000);
    }
  });

  it('states its own size in the README', () => {
    const readme = readFileSync(fromRoot('test', 'fixtures', 'eval', 'README.md'), 'utf8');
    const langs = new Set(labelled.map((l) => l.label.lang)).size;
    expect(readme).toContain(`${labelled.length} items in ${langs} languages`);
  });
});

describe('labels and the taxonomy file', () => {
  const topicsPath = fromRoot('digests', 'topics.json');
  // digests/topics.json is owned by the taxonomy; when present, every slug used here must exist there.
  it.runIf(existsSync(topicsPath))('uses only slugs that digests/topics.json defines', () => {
    const defined = new Set((JSON.parse(readFileSync(topicsPath, 'utf8')) as { topics: { slug: string }[] }).topics.map((t) => t.slug));
    const used = new Set([...labelled.flatMap((l) => l.label.topics), ...[...sampleLabels.values()].flatMap((l) => l.topics)]);
    expect([...used].filter((slug) => !defined.has(slug))).toEqual([]);
  });
});
