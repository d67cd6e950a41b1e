import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { createAnalyzer, type AnalyzerOptions } from '../../src/analysis/create-analyzer.js';
import { loadGazetteer } from '../../src/analysis/entity-gazetteer.js';
import { InputError } from '../../src/errors.js';
import type { AnalyzedItem, Item } from '../../src/items/item.js';
import { fromRoot } from '../../src/package-root.js';
import { scoreEntities, type EntityMistake, type EntityScores } from './entity-scores.js';

/** One labelled line of test/fixtures/eval/items.jsonl. */
export const LabelledItemSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  content: z.string(),
  url: z.string().url().nullish(),
  published: z.string().nullish(),
  source: z.string().nullish(),
  lang: z.string().nullish(),
  label: z.object({
    lang: z.string(),
    topics: z.array(z.string()),
    story: z.string().nullish(),
    /** Named organisations, people and places (corpus test and dev): see entity-scores.ts. */
    entities: z.array(z.object({ text: z.string().min(1), type: z.enum(['org', 'person', 'place']), id: z.string().min(1) })).optional(),
  }),
});
export type LabelledItem = z.infer<typeof LabelledItemSchema>;

export interface Scores {
  items: number;
  language: number;
  mainTopic: number;
  topicPrecision: number;
  topicRecall: number;
  topicF1: number;
  storyPrecision: number;
  storyRecall: number;
  storyF1: number;
}

export interface Mistake {
  id: string;
  kind: 'lang' | 'main-topic' | 'topics' | 'story-split' | 'story-merge' | EntityMistake['kind'];
  expected: string;
  got: string;
}

export interface EvalReport {
  /** The file measured (relative to the package root). */
  path: string;
  overall: Scores;
  byLanguage: Record<string, Scores>;
  byTopic: Record<string, TopicScores>;
  confusion: Confusion[];
  mistakes: Mistake[];
  itemsPerSecond: number;
  /** Entity precision and recall, when the file labels entities. */
  entities: EntityScores | null;
}

/** Issue 13's goals, on the corpus's test split; every language's main topic must reach languageMainTopic. */
export const GOALS = { language: 0.98, mainTopic: 0.9, topicF1: 0.88, storyF1: 0.9, storyPrecision: 0.99, languageMainTopic: 0.8, entityPrecision: 0.95, entityRecall: 0.8 } as const;

export interface TopicScores {
  /** Items labelled with the topic (any rank), and with it as main topic. */
  labelled: number;
  main: number;
  precision: number;
  recall: number;
  f1: number;
  /** Of the items whose main topic it is, the share the analyser gave it as main topic. */
  mainAccuracy: number;
}

/** Main-topic confusions: expected -> got, how often. */
export interface Confusion {
  expected: string;
  got: string;
  count: number;
}

export function defaultFixturePath(): string {
  return fromRoot('test', 'fixtures', 'eval', 'items.jsonl');
}

export type CorpusSplit = 'train' | 'dev' | 'test';

/** test/fixtures/eval/corpus/<split>.jsonl: the labelled corpus (train fits, dev tunes, test measures). */
export function corpusPath(split: CorpusSplit): string {
  return fromRoot('test', 'fixtures', 'eval', 'corpus', `${split}.jsonl`);
}

/**
 * The train split's files: train.jsonl, then any train-<part>.jsonl beside it in name order (parts written
 * apart, so that writers adding training items never edit the same file).
 */
export function trainSplitPaths(): string[] {
  const dir = fromRoot('test', 'fixtures', 'eval', 'corpus');
  const parts = existsSync(dir) ? readdirSync(dir).filter((f) => /^train-[a-z0-9-]+\.jsonl$/.test(f)).sort() : [];
  return [corpusPath('train'), ...parts.map((f) => join(dir, f))].filter((p) => existsSync(p));
}

/** Read and validate the labelled set; errors name the line. */
export function readLabelledItems(path: string = defaultFixturePath()): LabelledItem[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: LabelledItem[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      throw new InputError(`${path}:${i + 1}`, `not JSON: ${(err as Error).message}`);
    }
    const parsed = LabelledItemSchema.safeParse(json);
    if (!parsed.success) throw new InputError(`${path}:${i + 1}`, parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '));
    out.push(parsed.data);
  });
  return out;
}

const FALLBACK_TIME = new Date('2026-11-01T00:00:00Z');

export function toItem(l: LabelledItem): Item {
  const published = l.published ? new Date(l.published) : null;
  return {
    id: l.id,
    sourceId: l.source ?? 'eval',
    url: l.url ?? null,
    title: l.title,
    content: l.content,
    published: published && !Number.isNaN(published.getTime()) ? published : null,
    fetchedAt: published && !Number.isNaN(published.getTime()) ? published : FALLBACK_TIME,
    author: null,
    categories: [],
    lang: l.lang ?? null,
  };
}

function f1(p: number, r: number): number {
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** Scores of `pairs` of (label, result) restricted to `subset` (indices). */
function score(labels: LabelledItem[], results: AnalyzedItem[], subset: number[], mistakes?: Mistake[]): Scores {
  let lang = 0;
  let main = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const i of subset) {
    const l = labels[i]!.label;
    const a = results[i]!.analysis;
    if (a.lang === l.lang) lang++;
    else mistakes?.push({ id: labels[i]!.id, kind: 'lang', expected: l.lang, got: a.lang });
    const gotMain = a.topics[0]?.slug ?? '(none)';
    const wantMain = l.topics[0] ?? '(none)';
    if (gotMain === wantMain) main++;
    else mistakes?.push({ id: labels[i]!.id, kind: 'main-topic', expected: wantMain, got: gotMain });
    const got = new Set(a.topics.map((t) => t.slug));
    const want = new Set(l.topics);
    for (const t of got) (want.has(t) ? tp++ : fp++);
    for (const t of want) if (!got.has(t)) fn++;
    if ([...got].sort().join() !== [...want].sort().join() && gotMain === wantMain) {
      mistakes?.push({ id: labels[i]!.id, kind: 'topics', expected: [...want].join(','), got: [...got].join(',') });
    }
  }
  // Story pairs: every pair with at least one item in the subset.
  const inSubset = new Set(subset);
  let sTp = 0;
  let sFp = 0;
  let sFn = 0;
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      if (!inSubset.has(i) && !inSubset.has(j)) continue;
      const li = labels[i]!.label.story ?? `#${labels[i]!.id}`;
      const lj = labels[j]!.label.story ?? `#${labels[j]!.id}`;
      const same = li === lj;
      const got = results[i]!.analysis.story === results[j]!.analysis.story;
      if (same && got) sTp++;
      else if (got) {
        sFp++;
        mistakes?.push({ id: `${labels[i]!.id}+${labels[j]!.id}`, kind: 'story-merge', expected: `${li} / ${lj}`, got: results[i]!.analysis.story });
      } else if (same) {
        sFn++;
        mistakes?.push({ id: `${labels[i]!.id}+${labels[j]!.id}`, kind: 'story-split', expected: li, got: `${results[i]!.analysis.story} / ${results[j]!.analysis.story}` });
      }
    }
  }
  const topicPrecision = ratio(tp, tp + fp);
  const topicRecall = ratio(tp, tp + fn);
  const storyPrecision = ratio(sTp, sTp + sFp);
  const storyRecall = ratio(sTp, sTp + sFn);
  return {
    items: subset.length,
    language: ratio(lang, subset.length),
    mainTopic: ratio(main, subset.length),
    topicPrecision,
    topicRecall,
    topicF1: tp + fp + fn === 0 ? 1 : f1(topicPrecision, topicRecall),
    storyPrecision,
    storyRecall,
    storyF1: sTp + sFp + sFn === 0 ? 1 : f1(storyPrecision, storyRecall),
  };
}

/** Analyse the labelled set in one batch (as an import would) and score it. */
export async function runEvaluation(path: string = defaultFixturePath(), options: AnalyzerOptions = {}): Promise<EvalReport> {
  const labels = readLabelledItems(path);
  const analyzer = await createAnalyzer(options);
  const items = labels.map(toItem);
  const started = performance.now();
  const results = analyzer.analyze(items);
  const seconds = (performance.now() - started) / 1000;
  const mistakes: Mistake[] = [];
  const all = labels.map((_, i) => i);
  const overall = score(labels, results, all, mistakes);
  const byLanguage: Record<string, Scores> = {};
  const langs = [...new Set(labels.map((l) => l.label.lang))].sort();
  for (const lang of langs) byLanguage[lang] = score(labels, results, all.filter((i) => labels[i]!.label.lang === lang));
  const entityMistakes: EntityMistake[] = [];
  const entities = scoreEntities(
    labels.map((l) => ({ id: l.id, title: l.title, content: l.content, labels: l.label.entities })),
    results,
    loadGazetteer(options.gazetteerPath),
    entityMistakes,
  );
  for (const m of entityMistakes) mistakes.push({ id: m.id, kind: m.kind, expected: m.kind === 'entity-missed' ? m.text : '(none)', got: m.kind === 'entity-false' ? m.text : '(none)' });
  return {
    path: relative(fromRoot(), path),
    overall,
    byLanguage,
    byTopic: topicScores(labels, results),
    confusion: confusions(labels, results),
    mistakes,
    itemsPerSecond: items.length / Math.max(seconds, 1e-9),
    entities,
  };
}

function topicScores(labels: LabelledItem[], results: AnalyzedItem[]): Record<string, TopicScores> {
  const slugs = new Set<string>();
  labels.forEach((l, i) => {
    for (const t of l.label.topics) slugs.add(t);
    for (const t of results[i]!.analysis.topics) slugs.add(t.slug);
  });
  const out: Record<string, TopicScores> = {};
  for (const slug of [...slugs].sort()) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let main = 0;
    let mainHit = 0;
    labels.forEach((l, i) => {
      const got = results[i]!.analysis.topics;
      const want = l.label.topics.includes(slug);
      const has = got.some((t) => t.slug === slug);
      if (want && has) tp++;
      else if (has) fp++;
      else if (want) fn++;
      if (l.label.topics[0] === slug) {
        main++;
        if (got[0]?.slug === slug) mainHit++;
      }
    });
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    out[slug] = { labelled: tp + fn, main, precision, recall, f1: tp + fp + fn === 0 ? 1 : f1(precision, recall), mainAccuracy: ratio(mainHit, main) };
  }
  return out;
}

function confusions(labels: LabelledItem[], results: AnalyzedItem[]): Confusion[] {
  const counts = new Map<string, Confusion>();
  labels.forEach((l, i) => {
    const expected = l.label.topics[0] ?? '(none)';
    const got = results[i]!.analysis.topics[0]?.slug ?? '(none)';
    if (expected === got) return;
    const key = `${expected}\u0000${got}`;
    const c = counts.get(key) ?? { expected, got, count: 0 };
    c.count++;
    counts.set(key, c);
  });
  return [...counts.values()].sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected) || a.got.localeCompare(b.got));
}

/** Goals the scores miss (overall figures and every language's main topic). */
export function failedGoals(report: Pick<EvalReport, 'overall' | 'byLanguage'> & { entities?: EntityScores | null }): string[] {
  const s = report.overall;
  const out: string[] = [];
  if (s.language < GOALS.language) out.push('language');
  if (s.mainTopic < GOALS.mainTopic) out.push('main topic');
  if (s.topicF1 < GOALS.topicF1) out.push('topic F1');
  if (s.storyF1 < GOALS.storyF1) out.push('story F1');
  if (s.storyPrecision < GOALS.storyPrecision) out.push('story precision');
  for (const [lang, l] of Object.entries(report.byLanguage)) if (l.mainTopic < GOALS.languageMainTopic) out.push(`main topic in ${lang}`);
  if (report.entities && report.entities.precision < GOALS.entityPrecision) out.push('entity precision');
  if (report.entities && report.entities.recall < GOALS.entityRecall) out.push('entity recall');
  return out;
}

export function meetsGoals(report: Pick<EvalReport, 'overall' | 'byLanguage'> & { entities?: EntityScores | null }): boolean {
  return failedGoals(report).length === 0;
}
