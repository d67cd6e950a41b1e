/**
 * Training of the topic model (used by `npm run train`, not at run time): one-vs-rest logistic
 * regression by AdaGrad SGD over hashed feature vectors, with L2 on the weights a step touches.
 * Deterministic: the order of examples comes from a seeded PRNG and all arithmetic is in a fixed
 * order, so the same corpus and settings give the same weights byte for byte.
 *
 * Targets: 1 for an item's main topic, `secondaryTarget` for its other topics, 0 otherwise, so the
 * main topic is learned to rank above a substantial secondary one.
 */
import type { FeatureVector } from './topic-features.js';
import { softmaxInPlace } from './topic-model.js';

export interface TrainingExample {
  x: FeatureVector;
  /** Model topic indices, main first; [] for an off-topic item. */
  topics: number[];
}

export interface TrainingSettings {
  dims: number;
  topics: number;
  seed: number;
  epochs: number;
  /** AdaGrad base step. */
  rate: number;
  l2: number;
  secondaryTarget: number;
  /** 'sgd': plain steps (a feature moves in proportion to its value, so the unit-length text block and the rule features weigh alike); 'adagrad': per-coordinate steps. */
  optimizer: 'sgd' | 'adagrad';
  /** Weight of a positive example's loss (topics are rare: each is 1 item in 15 or so). */
  positiveWeight: number;
}

export interface TrainedWeights {
  bias: Float64Array;
  /** Feature-major: bucket * topics + topic. */
  weights: Float64Array;
}

/** mulberry32: small, seeded, the same sequence on every platform. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
}

export function trainTopicModel(examples: readonly TrainingExample[], s: TrainingSettings): TrainedWeights {
  const T = s.topics;
  const weights = new Float64Array(s.dims * T);
  const grad2 = new Float64Array(s.optimizer === 'adagrad' ? s.dims * T : 0);
  const bias = new Float64Array(T);
  const biasGrad2 = new Float64Array(T);
  const target = new Float64Array(T);
  const z = new Float64Array(T);
  const g = new Float64Array(T);
  const random = seededRandom(s.seed);
  const order = examples.map((_, i) => i);
  const adagrad = s.optimizer === 'adagrad';
  let rate = s.rate;
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    shuffle(order, random);
    // Plain SGD: the step shrinks over the epochs (1/sqrt), so the last passes settle.
    rate = s.rate / Math.sqrt(1 + epoch);
    for (const n of order) {
      const { x, topics } = examples[n]!;
      target.fill(0);
      topics.forEach((t, rank) => (target[t] = rank === 0 ? 1 : Math.max(target[t]!, s.secondaryTarget)));
      z.set(bias);
      for (let k = 0; k < x.index.length; k++) {
        const v = x.value[k]!;
        const base = x.index[k]! * T;
        for (let j = 0; j < T; j++) z[j] += v * weights[base + j]!;
      }
      for (let j = 0; j < T; j++) {
        const p = 1 / (1 + Math.exp(-z[j]!));
        const y = target[j]!;
        // Weighted cross-entropy: positives (y > 0) count positiveWeight times.
        g[j] = (p - y) * (y > 0 ? s.positiveWeight : 1);
        if (adagrad) {
          biasGrad2[j] += g[j]! * g[j]!;
          bias[j] -= (s.rate / Math.sqrt(biasGrad2[j]! + 1e-8)) * g[j]!;
        } else bias[j] -= rate * g[j]!;
      }
      for (let k = 0; k < x.index.length; k++) {
        const v = x.value[k]!;
        const base = x.index[k]! * T;
        for (let j = 0; j < T; j++) {
          const i = base + j;
          const gi = g[j]! * v + s.l2 * weights[i]!;
          if (adagrad) {
            grad2[i] += gi * gi;
            weights[i] -= (s.rate / Math.sqrt(grad2[i]! + 1e-8)) * gi;
          } else weights[i] -= rate * gi;
        }
      }
    }
  }
  return { bias, weights };
}

/**
 * The main-topic head: one softmax over the topics and "none" (index `topics`), fitted on each
 * item's main topic alone, with the same steps, epochs and L2 as the one-vs-rest weights. Its
 * classes compete, so it says whether an item has a topic at all better than one threshold on
 * sixteen independent probabilities (topic-classifier.ts uses it so).
 */
export function trainMainHead(examples: readonly TrainingExample[], s: TrainingSettings): TrainedWeights {
  const C = s.topics + 1;
  const weights = new Float64Array(s.dims * C);
  const bias = new Float64Array(C);
  const g = new Float64Array(C);
  const random = seededRandom(s.seed);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    shuffle(order, random);
    const rate = s.rate / Math.sqrt(1 + epoch);
    for (const n of order) {
      const { x, topics } = examples[n]!;
      const y = topics.length > 0 ? topics[0]! : s.topics;
      g.set(bias);
      for (let k = 0; k < x.index.length; k++) {
        const v = x.value[k]!;
        const base = x.index[k]! * C;
        for (let j = 0; j < C; j++) g[j] += v * weights[base + j]!;
      }
      softmaxInPlace(g);
      for (let j = 0; j < C; j++) {
        g[j] -= j === y ? 1 : 0;
        bias[j] -= rate * g[j]!;
      }
      for (let k = 0; k < x.index.length; k++) {
        const v = x.value[k]!;
        const base = x.index[k]! * C;
        for (let j = 0; j < C; j++) {
          const i = base + j;
          weights[i] -= rate * (g[j]! * v + s.l2 * weights[i]!);
        }
      }
    }
  }
  return { bias, weights };
}

