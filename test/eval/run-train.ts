/**
 * `npm run train [-- --check]`: rebuild digests/topic-model.json from the corpus (train split and
 * the old own set fit the weights; the dev split sets the thresholds; the test split is never read).
 * Deterministic: the same corpus gives the same file byte for byte. With --check, writes nothing and
 * exits 1 when the shipped file differs from the rebuilt one (stale weights).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fromRoot } from '../../src/package-root.js';
import { errorMessage } from '../../src/errors.js';
import { defaultTopicModelPath } from '../../src/analysis/topic-model.js';
import { buildTopicModel, defaultTrainPaths } from './train-topic-model.js';

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const paths = defaultTrainPaths();
  const started = performance.now();
  let text: string;
  try {
    text = await buildTopicModel(paths);
  } catch (err) {
    process.stderr.write(`train: ${errorMessage(err)}\n`);
    return 2;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const out = defaultTopicModelPath();
  const summary = JSON.parse(text) as { trainedOn: { items: number; corpusSha256: string }; thresholds: unknown };
  const rel = (p: string) => relative(fromRoot(), p);
  process.stdout.write(`fit on ${paths.fit.map(rel).join(', ')}; thresholds from ${paths.tune ? rel(paths.tune) : '(no dev split: defaults)'}\n`);
  process.stdout.write(`${summary.trainedOn.items} items, corpus ${summary.trainedOn.corpusSha256.slice(0, 12)}, thresholds ${JSON.stringify(summary.thresholds)}, ${Math.round(text.length / 1024)} KB, ${seconds} s\n`);
  if (check) {
    let shipped = '';
    try {
      shipped = readFileSync(out, 'utf8');
    } catch {
      // missing counts as stale
    }
    if (shipped !== text) {
      process.stderr.write(`train: ${out} is stale: run npm run train\n`);
      return 1;
    }
    process.stdout.write(`${out} matches the corpus\n`);
    return 0;
  }
  writeFileSync(out, text);
  process.stdout.write(`written: ${out}\n`);
  return 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
