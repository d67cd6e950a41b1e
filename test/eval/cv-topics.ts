/**
 * `npx tsx test/eval/cv-topics.ts ['{"epochs":30}' ...]` [--no-head]: topic-only k-fold cross-validation on the
 * train split (folds by story), item inputs prepared once, one line per training-settings override
 * given as JSON. Thresholds are chosen on dev per fold, as `npm run train` does; the dev figure with the
 * full-train model is printed beside it. For choosing training settings and features quickly; the
 * test split is never read.
 */
import { createHash } from 'node:crypto';
import { createTopicInputReader } from '../../src/analysis/create-analyzer.js';
import { decideTopics, type TopicInputs } from '../../src/analysis/topic-classifier.js';
import { FEATURE_VERSION } from '../../src/analysis/topic-features.js';
import { compileTopicModel, encodeWeights, type TopicModelFile } from '../../src/analysis/topic-model.js';
import { trainMainHead, trainTopicModel, type TrainingSettings } from '../../src/analysis/topic-trainer.js';
import { loadTaxonomy } from '../../src/analysis/taxonomy-loader.js';
import { DEFAULT_SETTINGS, chooseThresholds, devItem, type DevItem } from './train-topic-model.js';
import { corpusPath, defaultFixturePath, readLabelledItems, toItem, trainSplitPaths, type LabelledItem } from './evaluate.js';

interface P {
  label: LabelledItem;
  inputs: TopicInputs;
}

const K = 5;

function scoreOf(items: DevItem[], decide: (d: DevItem) => string[]): { main: number; f1: number } {
  let main = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const d of items) {
    const got = decide(d);
    if ((got[0] ?? '') === (d.want[0] ?? '')) main++;
    for (const t of got) (d.want.includes(t) ? tp++ : fp++);
    for (const t of d.want) if (!got.includes(t)) fn++;
  }
  return { main: main / items.length, f1: (2 * tp) / (2 * tp + fp + fn) };
}

async function main(argv: string[]): Promise<void> {
  const read = await createTopicInputReader();
  const prep = (path: string): P[] => readLabelledItems(path).map((label) => ({ label, inputs: read(toItem(label)) }));
  const train = trainSplitPaths().flatMap(prep);
  const own = prep(defaultFixturePath());
  const dev = prep(corpusPath('dev'));
  const slugs = loadTaxonomy().topics.map((t) => t.slug);
  const fold = (p: P) => createHash('sha1').update(p.label.label.story ?? p.label.id).digest().readUInt32BE(0) % K;
  // --no-head: the one-vs-rest probabilities alone (the design before the main-topic head).
  const noHead = argv.includes('--no-head');
  argv = argv.filter((a) => a !== '--no-head');
  const overrides = argv.length ? argv.map((a) => JSON.parse(a) as Partial<TrainingSettings>) : [{}];
  for (const o of overrides) {
    const s: TrainingSettings = { ...DEFAULT_SETTINGS, ...o, topics: slugs.length };
    const vec = new Map<P, ReturnType<TopicInputs['features']>>();
    const v = (p: P) => {
      let x = vec.get(p);
      if (!x) vec.set(p, (x = p.inputs.features(s.dims)));
      return x;
    };
    const fitModel = (fit: P[]) => {
      const examples = fit.map((p) => ({ x: v(p), topics: p.label.label.topics.map((t) => slugs.indexOf(t)) }));
      const trained = trainTopicModel(examples, s);
      const enc = encodeWeights(trained.weights, slugs.length);
      const head = noHead ? null : trainMainHead(examples, s);
      const headEnc = head && encodeWeights(head.weights, slugs.length + 1);
      const mainHead = head && headEnc ? { bias: [...head.bias], scale: headEnc.scale, weights: headEnc.weights } : undefined;
      const file = { featureVersion: FEATURE_VERSION, dims: s.dims, topics: slugs, thresholds: { main: 0.5, secondary: 0.5, bare: 0.5, precedence: 1 }, bias: [...trained.bias], scale: enc.scale, weights: enc.weights, mainHead } as unknown as TopicModelFile;
      const model = compileTopicModel(file, slugs);
      const devItems = (ps: P[]): DevItem[] => ps.map((p) => devItem(model, v(p), p.inputs, p.label.label.topics));
      model.file.thresholds = chooseThresholds(model, devItems(dev));
      return { model, devItems };
    };
    let n = 0;
    let mainSum = 0;
    let f1Sum = 0;
    for (let f = 0; f < K; f++) {
      const { model, devItems } = fitModel([...train.filter((p) => fold(p) !== f), ...own]);
      const held = devItems(train.filter((p) => fold(p) === f));
      const r = scoreOf(held, (d) => decideTopics(model, d.p, d.rules, d.leaders, d.cyberContext, d.cued, d.head).map((t) => t.slug));
      n += held.length;
      mainSum += r.main * held.length;
      f1Sum += r.f1 * held.length;
    }
    const full = fitModel([...train, ...own]);
    const d = scoreOf(full.devItems(dev), (x) => decideTopics(full.model, x.p, x.rules, x.leaders, x.cyberContext, x.cued, x.head).map((t) => t.slug));
    process.stdout.write(`${JSON.stringify(o)}: CV main ${((mainSum / n) * 100).toFixed(1)} F1 ${((f1Sum / n) * 100).toFixed(1)} | dev main ${(d.main * 100).toFixed(1)} F1 ${(d.f1 * 100).toFixed(1)} thresholds ${JSON.stringify(full.model.file.thresholds)}\n`);
  }
}

void main(process.argv.slice(2));
