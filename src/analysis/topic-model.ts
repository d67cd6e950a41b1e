/**
 * The learned topic model shipped as data (digests/topic-model.json): one-vs-rest logistic
 * regression over the hashed features of topic-features.ts. `npm run train` writes it from the
 * labelled corpus (test/eval/run-train.ts); it records the corpus hash it came from and is
 * validated on load (feature recipe, topic list against the taxonomy, weight count).
 *
 * Weights are stored feature-major (bucket * topics + topic) as int8 with one scale per topic,
 * deflated and base64-encoded: small, and byte-for-byte reproducible.
 */
import { readJsonFile } from '../data-file.js';
import { deflateSync, inflateSync } from 'node:zlib';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { fromRoot } from '../package-root.js';
import { FEATURE_VERSION, type FeatureVector } from './topic-features.js';

export const TopicModelFileSchema = z.object({
  format: z.literal('cyberpolicy-topic-model'),
  version: z.number().int().positive(),
  featureVersion: z.number().int(),
  /** Where the weights came from: corpus files with their SHA-256, items used, seed, settings. */
  trainedOn: z.object({
    corpusSha256: z.string().regex(/^[0-9a-f]{64}$/),
    files: z.array(z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), items: z.number().int().nonnegative() })),
    items: z.number().int().nonnegative(),
    seed: z.number().int(),
    settings: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  }),
  dims: z.number().int().refine((d) => d >= 256 && (d & (d - 1)) === 0, 'a power of two >= 256'),
  topics: z.array(z.string().min(1)).min(1),
  /** Decision thresholds on the probability, chosen on the dev split. */
  thresholds: z.object({
    main: z.number().min(0).max(1),
    secondary: z.number().min(0).max(1),
    /** How sure the model must be when the item shows no cyber context at all (never below main). */
    bare: z.number().min(0).max(1),
    precedence: z.number().min(0).max(10),
  }),
  bias: z.array(z.number()),
  scale: z.array(z.number().nonnegative()),
  /** base64(deflate(int8[dims * topics])). */
  weights: z.string(),
  /**
   * The main-topic head (topic-trainer.ts: trainMainHead): a softmax over the topics and "none"
   * (last), stored like the weights above with topics + 1 classes. Absent: the one-vs-rest
   * probabilities decide alone.
   */
  mainHead: z.object({ bias: z.array(z.number()), scale: z.array(z.number().nonnegative()), weights: z.string() }).optional(),
});
export type TopicModelFile = z.infer<typeof TopicModelFileSchema>;

export interface TopicModel {
  file: TopicModelFile;
  dims: number;
  topics: string[];
  bias: Float64Array;
  scale: Float64Array;
  /** Quantised weights, feature-major (int8: a quarter of the memory of floats, so more stays in cache). */
  weights: Int8Array;
  /** The main-topic head, the same way (topics + 1 classes, "none" last), when the file has one. */
  head: { bias: Float64Array; scale: Float64Array; weights: Int8Array } | null;
}

export function defaultTopicModelPath(): string {
  return fromRoot('digests', 'topic-model.json');
}

/** Quantise float weights (feature-major) to the stored form. */
export function encodeWeights(weights: Float64Array | Float32Array, topics: number): { scale: number[]; weights: string } {
  const scale = new Array<number>(topics).fill(0);
  for (let i = 0; i < weights.length; i++) scale[i % topics] = Math.max(scale[i % topics]!, Math.abs(weights[i]!));
  const rounded = scale.map((s) => (s === 0 ? 0 : Number((s / 127).toPrecision(6))));
  const q = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const s = rounded[i % topics]!;
    q[i] = s === 0 ? 0 : Math.max(-127, Math.min(127, Math.round(weights[i]! / s)));
  }
  return { scale: rounded, weights: deflateSync(new Uint8Array(q.buffer), { level: 9 }).toString('base64') };
}

/** Check a parsed model file against the taxonomy's topics and build the runtime model. */
export function compileTopicModel(file: TopicModelFile, taxonomySlugs: readonly string[], where = 'topic model'): TopicModel {
  const fail = (msg: string) => new InputError(where, msg);
  if (file.featureVersion !== FEATURE_VERSION) throw fail(`trained with feature recipe ${file.featureVersion}, this build computes ${FEATURE_VERSION}: run npm run train`);
  const missing = taxonomySlugs.filter((s) => !file.topics.includes(s));
  const unknown = file.topics.filter((s) => !taxonomySlugs.includes(s));
  if (missing.length || unknown.length) throw fail(`topics differ from the taxonomy (missing ${missing.join(', ') || 'none'}; unknown ${unknown.join(', ') || 'none'}): run npm run train`);
  const t = file.topics.length;
  if (file.bias.length !== t || file.scale.length !== t) throw fail(`bias and scale need one value per topic (${t})`);
  const weights = inflateWeights(file.weights, file.dims * t, 'weights', 'dims x topics', fail);
  let head: TopicModel['head'] = null;
  if (file.mainHead) {
    const h = file.mainHead;
    if (h.bias.length !== t + 1 || h.scale.length !== t + 1) throw fail(`the main-topic head's bias and scale need one value per topic and one for none (${t + 1})`);
    head = { bias: Float64Array.from(h.bias), scale: Float64Array.from(h.scale), weights: inflateWeights(h.weights, file.dims * (t + 1), 'main-topic head weights', 'dims x (topics + 1)', fail) };
  }
  return { file, dims: file.dims, topics: file.topics, bias: Float64Array.from(file.bias), scale: Float64Array.from(file.scale), weights, head };
}

function inflateWeights(text: string, expected: number, what: string, shape: string, fail: (msg: string) => Error): Int8Array {
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.from(text, 'base64'));
  } catch (err) {
    throw fail(`${what} are not base64 deflate data: ${(err as Error).message}`);
  }
  if (raw.length !== expected) throw fail(`${what} hold ${raw.length} values, expected ${shape} = ${expected}`);
  return Int8Array.from(new Int8Array(raw.buffer, raw.byteOffset, raw.length));
}

/** Read and validate digests/topic-model.json (or `path`). */
export function loadTopicModel(taxonomySlugs: readonly string[], path: string = defaultTopicModelPath()): TopicModel {
  return compileTopicModel(readJsonFile(path, 'topic model', TopicModelFileSchema), taxonomySlugs, path);
}

/** Probability per topic (model order) for one feature vector. */
export function predictTopics(model: TopicModel, x: FeatureVector): Float64Array {
  const z = linearScores(model.weights, model.topics.length, x);
  // Each topic's weights share one scale: apply it once to the sum.
  for (let j = 0; j < z.length; j++) z[j] = 1 / (1 + Math.exp(-(model.bias[j]! + model.scale[j]! * z[j]!)));
  return z;
}

/** The main-topic head's probabilities (topics in model order, then "none"); null without a head. */
export function predictMainTopic(model: TopicModel, x: FeatureVector): Float64Array | null {
  const head = model.head;
  if (head === null) return null;
  const z = linearScores(head.weights, model.topics.length + 1, x);
  for (let j = 0; j < z.length; j++) z[j] = head.bias[j]! + head.scale[j]! * z[j]!;
  softmaxInPlace(z);
  return z;
}

/** z -> softmax(z), in place (the largest subtracted first, so exp never overflows). */
export function softmaxInPlace(z: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) max = Math.max(max, z[j]!);
  let sum = 0;
  for (let j = 0; j < z.length; j++) sum += z[j] = Math.exp(z[j]! - max);
  for (let j = 0; j < z.length; j++) z[j] = z[j]! / sum;
}

/** Unscaled dot products of `x` with each of `t` classes' quantised weights (feature-major). */
function linearScores(w: Int8Array, t: number, x: FeatureVector): Float64Array {
  const z = new Float64Array(t);
  const { index, value } = x;
  const n = index.length;
  // Eight (then four) topics at a time in registers, features in order within each: every sum adds
  // the same terms in the same order as a plain loop (identical results), with each feature's
  // weights read in fewer passes over the features.
  let j = 0;
  for (; j + 8 <= t; j += 8) {
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    let z4 = 0;
    let z5 = 0;
    let z6 = 0;
    let z7 = 0;
    for (let k = 0; k < n; k++) {
      const v = value[k]!;
      const base = index[k]! * t + j;
      z0 += v * w[base]!;
      z1 += v * w[base + 1]!;
      z2 += v * w[base + 2]!;
      z3 += v * w[base + 3]!;
      z4 += v * w[base + 4]!;
      z5 += v * w[base + 5]!;
      z6 += v * w[base + 6]!;
      z7 += v * w[base + 7]!;
    }
    z[j] = z0;
    z[j + 1] = z1;
    z[j + 2] = z2;
    z[j + 3] = z3;
    z[j + 4] = z4;
    z[j + 5] = z5;
    z[j + 6] = z6;
    z[j + 7] = z7;
  }
  for (; j + 4 <= t; j += 4) {
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    for (let k = 0; k < n; k++) {
      const v = value[k]!;
      const base = index[k]! * t + j;
      z0 += v * w[base]!;
      z1 += v * w[base + 1]!;
      z2 += v * w[base + 2]!;
      z3 += v * w[base + 3]!;
    }
    z[j] = z0;
    z[j + 1] = z1;
    z[j + 2] = z2;
    z[j + 3] = z3;
  }
  for (; j < t; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += value[k]! * w[index[k]! * t + j]!;
    z[j] = s;
  }
  return z;
}
