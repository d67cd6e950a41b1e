/**
 * Hashed features of an item for the learned topic model, built from what the analyser has already
 * computed (no second pass over the text): the stems of `itemTokens`, character 4-grams of its
 * folded words, gazetteer entity ids and types, the concepts of digests/topic-concepts.json the
 * text names (matched in the rules' own pass), and the taxonomy rules' per-topic scores.
 *
 * Every group works in every language: stems where a stemmer exists, 4-grams for the rest (and for
 * compounds and inflection the stemmer misses), CJK as character bigrams; entities, concepts and
 * rule scores are language-independent ids, so what is learned from one language carries to all. The text block (stems + 4-grams) is sqrt-tf weighted and scaled to
 * unit length so long and short items weigh alike; entity and rule features keep their own scale.
 *
 * FEATURE_VERSION names this recipe: a model trained with another recipe is refused on load.
 */
import type { EntityMention } from '../items/item.js';
import type { ItemTokens } from './item-tokens.js';

export interface RuleScore {
  slug: string;
  score: number;
  inTitle: boolean;
}

export const FEATURE_VERSION = 3;

export interface FeatureInput {
  tokens: Pick<ItemTokens, 'title' | 'all' | 'words'> & Partial<Pick<ItemTokens, 'wordMemos'>>;
  entities: readonly Pick<EntityMention, 'id' | 'type'>[];
  /** Every topic the rules scored (scoreTopics), and the rules' own choice (main first). */
  rules: readonly RuleScore[];
  ruleTopics: readonly string[];
  /** Concepts the text names (id -> count, the title counting twice). */
  concepts: ReadonlyMap<string, number>;
  /** The item shows cyber context (topic-matcher.ts); its absence is a feature. */
  cyberContext: boolean;
}

/** Sparse vector: bucket indices (distinct) and values. */
export interface FeatureVector {
  index: Int32Array;
  value: Float32Array;
}

// Group seeds: the same string in two groups lands in different buckets.
const G_STEM = 0x9e3779b1;
const G_GRAM = 0x85ebca77;
const G_ENTITY = 0xc2b2ae3d;
const G_TYPE = 0x27d4eb2f;
const G_RULE = 0x165667b1;
const G_CONCEPT = 0xd3a2646c;
const G_PAIR = 0x5bd1e995;

/** Entity and rule features relative to the unit-length text block. */
const ENTITY_VALUE = 0.3;
const CONCEPT_VALUE = 0.5;
/** Each pair of concepts named together (a conjunction: hospital + ransom). */
const PAIR_VALUE = 0.3;
const RULE_SCALE = 1 / 6;
const RULE_CAP = 12;
const TITLE_REPEAT = 2;
const GRAM = 4;
const BOUNDARY = 0x1f;

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over s[from, to) (boundary marks at either end when asked), seeded by group. */
function hashRange(seed: number, s: string, from: number, to: number, open: boolean, close: boolean): number {
  let h = (2166136261 ^ seed) >>> 0;
  if (open) h = Math.imul(h ^ BOUNDARY, 16777619);
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  if (close) h = Math.imul(h ^ BOUNDARY, 16777619);
  return mix(h);
}

function hashString(seed: number, s: string): number {
  return hashRange(seed, s, 0, s.length, false, false);
}

/** Reusable accumulator: a dense scratch array plus the list of buckets touched (values are >= 0). */
class Accumulator {
  private readonly dense: Float32Array;
  private touched: Int32Array = new Int32Array(1024);
  size = 0;
  constructor(private readonly mask: number) {
    this.dense = new Float32Array(mask + 1);
  }
  add(hash: number, v: number): void {
    const b = hash & this.mask;
    if (this.dense[b] === 0) {
      if (this.size === this.touched.length) {
        const grown = new Int32Array(this.size * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.size++] = b;
    }
    this.dense[b] += v;
  }
  /** Apply f to every bucket touched from `from` on (one block of features). */
  map(from: number, f: (v: number) => number): void {
    for (let i = from; i < this.size; i++) {
      const b = this.touched[i]!;
      this.dense[b] = f(this.dense[b]!);
    }
  }
  /** map(0, Math.sqrt) and map(0, v => v / d) without a call per bucket (the text block is most of them). */
  sqrtAll(): void {
    for (let i = 0; i < this.size; i++) {
      const b = this.touched[i]!;
      this.dense[b] = Math.sqrt(this.dense[b]!);
    }
  }
  divideAll(d: number): void {
    for (let i = 0; i < this.size; i++) {
      const b = this.touched[i]!;
      this.dense[b] = this.dense[b]! / d;
    }
  }
  sumSquares(from: number): number {
    let s = 0;
    for (let i = from; i < this.size; i++) {
      const v = this.dense[this.touched[i]!]!;
      s += v * v;
    }
    return s;
  }
  /** The vector in insertion order (deterministic for a given input), and a clean scratch array. */
  finish(): FeatureVector {
    const index = this.touched.slice(0, this.size);
    const value = new Float32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      value[i] = this.dense[index[i]!]!;
      this.dense[index[i]!] = 0;
    }
    this.size = 0;
    return { index, value };
  }
}

const accumulators = new Map<number, Accumulator>();

/**
 * Hashes of a word's features, cached per spelling: news vocabulary repeats, so most words cost
 * one lookup. Stems: one hash; words: "^word$" cut into 4-grams (first and last carry the boundary).
 */
const CACHE_LIMIT = 200_000;
const gramHashes = new Map<string, Uint32Array>();

/** hashString(seed, s) through a per-group cache (no string is built or hashed twice). */
function memoHash(cache: Map<string, number>, seed: number, s: string): number {
  let h = cache.get(s);
  if (h === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(s, (h = hashString(seed, s)));
  }
  return h;
}

const entityHashes = new Map<string, number>();
const typeHashes = new Map<string, number>();
const conceptHashes = new Map<string, number>();
/** Rule features per topic slug: its score, a cue in the title, the rules' main or other topic. */
const ruleHashes = { score: new Map<string, number>(), title: new Map<string, number>(), main: new Map<string, number>(), other: new Map<string, number>() };
const RULE_SEEDS = { score: G_RULE, title: G_RULE ^ 0x1, main: G_RULE ^ 0x2, other: G_RULE ^ 0x3 };

/** Stems are short: hashing one costs less than looking it up. */
function stemHash(stem: string): number {
  return hashRange(G_STEM, stem, 0, stem.length, false, false);
}

function gramsFor(w: string): Uint32Array {
  const n = w.length;
  if (n < GRAM - 1) return new Uint32Array(0);
  const grams = new Uint32Array(n - GRAM + 3);
  let k = 0;
  grams[k++] = hashRange(G_GRAM, w, 0, GRAM - 1, true, false);
  for (let i = 0; i + GRAM <= n; i++) grams[k++] = hashRange(G_GRAM, w, i, i + GRAM, false, false);
  grams[k++] = hashRange(G_GRAM, w, n - (GRAM - 1), n, false, true);
  return grams;
}

function gramsOf(w: string): Uint32Array {
  let grams = gramHashes.get(w);
  if (grams === undefined) {
    grams = gramsFor(w);
    if (gramHashes.size >= CACHE_LIMIT) gramHashes.clear();
    gramHashes.set(w, grams);
  }
  return grams;
}

/** Numbers the topicFeatures calls, for the per-spelling occurrence counts kept on word memos. */
let featureCalls = 0;

/** Features of one item in a space of `dims` buckets (a power of two). */
export function topicFeatures(input: FeatureInput, dims: number): FeatureVector {
  let acc = accumulators.get(dims);
  if (!acc) accumulators.set(dims, (acc = new Accumulator(dims - 1)));
  // Text block: stems (title stems again, so the headline weighs more) and 4-grams of words.
  for (const s of input.tokens.all) acc.add(stemHash(s), 1);
  for (let r = 1; r < TITLE_REPEAT; r++) for (const s of input.tokens.title) acc.add(stemHash(s), 1);
  const { words, wordMemos } = input.tokens;
  // A spelling's 4-grams are added once with its number of occurrences (counted on its memo), at its
  // first occurrence: every bucket is first touched where it was before (a later occurrence of a
  // word touches nothing new), and the counts are small integers, so the sums are exact and equal.
  const call = ++featureCalls;
  if (wordMemos) {
    for (let k = 0; k < words.length; k++) {
      const memo = wordMemos[k];
      if (!memo) continue;
      if (memo.featureCall !== call) {
        memo.featureCall = call;
        memo.featureCount = 0;
      }
      memo.featureCount++;
    }
  }
  for (let k = 0; k < words.length; k++) {
    // The word's own memo when the scanner gave one: a field read instead of a map lookup.
    const memo = wordMemos?.[k];
    if (memo) {
      const count = memo.featureCount;
      if (count === 0) continue;
      memo.featureCount = 0;
      const grams = (memo.grams ??= gramsFor(words[k]!));
      for (let i = 0; i < grams.length; i++) acc.add(grams[i]!, count);
    } else {
      const grams = gramsOf(words[k]!);
      for (let i = 0; i < grams.length; i++) acc.add(grams[i]!, 1);
    }
  }
  acc.sqrtAll();
  const norm = Math.sqrt(acc.sumSquares(0));
  if (norm > 0) acc.divideAll(norm);
  // Language-independent evidence: entity ids and types, and what the taxonomy's rules say.
  const entityFrom = acc.size;
  for (const e of input.entities) {
    acc.add(memoHash(entityHashes, G_ENTITY, e.id), 1);
    acc.add(memoHash(typeHashes, G_TYPE, e.type), 1);
  }
  acc.map(entityFrom, (v) => ENTITY_VALUE * Math.min(1, Math.sqrt(v) / 2));
  const conceptFrom = acc.size;
  for (const [id, n] of input.concepts) acc.add(memoHash(conceptHashes, G_CONCEPT, id), n);
  acc.map(conceptFrom, (v) => CONCEPT_VALUE * Math.sqrt(v));
  if (input.concepts.size > 1) {
    // Concepts together (a hospital and a ransom, a mobile operator and an outage): what a linear
    // model over single concepts cannot weigh, and the same conjunction in every language.
    // Order-free: the two concepts' hashes, smaller first, mixed (no string is built per pair).
    const hs = [...input.concepts.keys()].map((id) => memoHash(conceptHashes, G_CONCEPT, id));
    for (let i = 0; i < hs.length; i++) {
      for (let j = i + 1; j < hs.length; j++) {
        const [lo, hi] = hs[i]! < hs[j]! ? [hs[i]!, hs[j]!] : [hs[j]!, hs[i]!];
        acc.add(mix((Math.imul(lo, 31) ^ hi ^ G_PAIR) >>> 0), PAIR_VALUE);
      }
    }
  }
  for (const e of input.rules) {
    if (e.score <= 0) continue;
    acc.add(memoHash(ruleHashes.score, RULE_SEEDS.score, e.slug), Math.min(e.score, RULE_CAP) * RULE_SCALE);
    if (e.inTitle) acc.add(memoHash(ruleHashes.title, RULE_SEEDS.title, e.slug), 1);
  }
  if (!input.cyberContext) acc.add(memoHash(ruleHashes.other, G_RULE ^ 0x4, 'no cyber context'), 1);
  for (let rank = 0; rank < input.ruleTopics.length; rank++) {
    const kind = rank === 0 ? 'main' : 'other';
    acc.add(memoHash(ruleHashes[kind], RULE_SEEDS[kind], input.ruleTopics[rank]!), 1);
  }
  return acc.finish();
}
