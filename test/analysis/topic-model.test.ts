import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decideTopics } from '../../src/analysis/topic-classifier.js';
import { topicFeatures } from '../../src/analysis/topic-features.js';
import { TopicModelFileSchema, compileTopicModel, defaultTopicModelPath, encodeWeights, predictMainTopic, predictTopics, softmaxInPlace, type TopicModelFile } from '../../src/analysis/topic-model.js';
import { seededRandom, trainMainHead, trainTopicModel } from '../../src/analysis/topic-trainer.js';
import { loadTaxonomy } from '../../src/analysis/taxonomy-loader.js';
import { InputError } from '../../src/errors.js';
import { buildTopicModel, defaultTrainPaths } from '../eval/train-topic-model.js';

let shipped: string;
let file: TopicModelFile;
let slugs: string[];

beforeAll(() => {
  shipped = readFileSync(defaultTopicModelPath(), 'utf8');
  file = TopicModelFileSchema.parse(JSON.parse(shipped));
  slugs = loadTaxonomy().topics.map((t) => t.slug);
});

describe('shipped topic model (digests/topic-model.json)', () => {
  it('is what npm run train builds from the corpus today, byte for byte (stale weights fail here)', async () => {
    const rebuilt = await buildTopicModel(defaultTrainPaths());
    expect(rebuilt === shipped, 'digests/topic-model.json is stale: run npm run train').toBe(true);
  }, 300_000);

  it('records the corpus it came from and never the test split', () => {
    expect(file.trainedOn.corpusSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(file.trainedOn.files.length).toBeGreaterThan(0);
    expect(file.trainedOn.files.map((f) => f.path).join(' ')).not.toMatch(/test\.jsonl/);
  });

  it('is small: under 1 MB', () => {
    expect(shipped.length).toBeLessThan(1_000_000);
  });

  it('loads against the taxonomy and refuses a model that does not fit it', () => {
    expect(compileTopicModel(file, slugs).weights.length).toBe(file.dims * slugs.length);
    expect(() => compileTopicModel(file, [...slugs, 'new-topic'], 'm.json')).toThrow(InputError);
    expect(() => compileTopicModel(file, slugs.slice(1), 'm.json')).toThrow(/unknown paris-call|unknown [a-z-]+/);
    expect(() => compileTopicModel({ ...file, featureVersion: file.featureVersion + 1 }, slugs, 'm.json')).toThrow(/npm run train/);
    expect(() => compileTopicModel({ ...file, bias: file.bias.slice(1) }, slugs, 'm.json')).toThrow(/one value per topic/);
    expect(() => compileTopicModel({ ...file, weights: encodeWeights(new Float64Array(10), slugs.length).weights }, slugs, 'm.json')).toThrow(/expected dims x topics/);
    expect(TopicModelFileSchema.safeParse({ ...file, dims: 1000 }).success).toBe(false);
  });

  it('carries a main-topic head over the topics and none, and refuses one of the wrong size', () => {
    const head = file.mainHead!;
    expect(head.bias.length).toBe(slugs.length + 1);
    expect(compileTopicModel(file, slugs).head!.weights.length).toBe(file.dims * (slugs.length + 1));
    expect(() => compileTopicModel({ ...file, mainHead: { ...head, bias: head.bias.slice(1) } }, slugs, 'm.json')).toThrow(/one value per topic and one for none \(17\)/);
    expect(() => compileTopicModel({ ...file, mainHead: { ...head, weights: file.weights } }, slugs, 'm.json')).toThrow(/main-topic head weights hold \d+ values, expected dims x \(topics \+ 1\)/);
    expect(compileTopicModel({ ...file, mainHead: undefined }, slugs).head).toBe(null);
  });
});

describe('training', () => {
  /** Two separable toy topics over a few hashed words. */
  function toy(seed: number) {
    const random = seededRandom(seed);
    const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma'];
    return Array.from({ length: 60 }, (_, i) => {
      const topic = i % 3; // 0: topic a, 1: topic b, 2: none
      const bag = [topic === 0 ? 'alpha' : topic === 1 ? 'beta' : 'omega', words[Math.floor(random() * words.length)]!];
      const x = topicFeatures({ tokens: { title: [], all: bag, words: [] }, entities: [], rules: [], ruleTopics: [], concepts: new Map(), cyberContext: true }, 256);
      return { x, topics: topic === 2 ? [] : [topic] };
    });
  }
  const settings = { dims: 256, topics: 2, seed: 7, epochs: 15, rate: 1, l2: 1e-5, secondaryTarget: 0.8, positiveWeight: 2, optimizer: 'sgd' as const };

  it('is deterministic: the same examples and seed give the same weights', () => {
    const a = trainTopicModel(toy(1), settings);
    const b = trainTopicModel(toy(1), settings);
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    expect([...a.bias]).toEqual([...b.bias]);
  });

  it('learns the topic from the words and leaves an item of neither without a topic', () => {
    const trained = trainTopicModel(toy(1), settings);
    const enc = encodeWeights(trained.weights, 2);
    const m = compileTopicModel(
      { ...file, dims: 256, topics: ['a', 'b'], bias: [...trained.bias], scale: enc.scale, weights: enc.weights, thresholds: { main: 0.5, secondary: 0.5, bare: 0.5, precedence: 1 }, mainHead: undefined },
      ['a', 'b'],
    );
    const of = (w: string) => decideTopics(m, predictTopics(m, topicFeatures({ tokens: { title: [], all: [w], words: [] }, entities: [], rules: [], ruleTopics: [], concepts: new Map(), cyberContext: true }, 256))).map((t) => t.slug);
    expect(of('alpha')).toEqual(['a']);
    expect(of('beta')).toEqual(['b']);
    expect(of('omega')).toEqual([]);
  });

  it('softmax sums to one and survives large scores', () => {
    const z = Float64Array.from([1000, 1000, -1000]);
    softmaxInPlace(z);
    expect([...z]).toEqual([0.5, 0.5, 0]);
  });

  it('with a main-topic head: none there means no topic, and below the bar the head names the topic', () => {
    const examples = toy(1);
    const trained = trainTopicModel(examples, settings);
    const head = trainMainHead(examples, settings);
    const enc = encodeWeights(trained.weights, 2);
    const headEnc = encodeWeights(head.weights, 3);
    // A main threshold no probability reaches: without the head nothing would have a topic.
    const m = compileTopicModel(
      { ...file, dims: 256, topics: ['a', 'b'], bias: [...trained.bias], scale: enc.scale, weights: enc.weights, thresholds: { main: 1, secondary: 1, bare: 1, precedence: 1 }, mainHead: { bias: [...head.bias], scale: headEnc.scale, weights: headEnc.weights } },
      ['a', 'b'],
    );
    const of = (w: string, withHead: boolean) => {
      const x = topicFeatures({ tokens: { title: [], all: [w], words: [] }, entities: [], rules: [], ruleTopics: [], concepts: new Map(), cyberContext: true }, 256);
      return decideTopics(m, predictTopics(m, x), [], undefined, true, undefined, withHead ? predictMainTopic(m, x) : null).map((t) => t.slug);
    };
    expect([of('alpha', false), of('beta', false), of('omega', false)]).toEqual([[], [], []]);
    expect([of('alpha', true), of('beta', true), of('omega', true)]).toEqual([['a'], ['b'], []]);
    // Deterministic like the one-vs-rest weights.
    expect(Buffer.from(trainMainHead(toy(1), settings).weights.buffer).equals(Buffer.from(head.weights.buffer))).toBe(true);
  });
});
