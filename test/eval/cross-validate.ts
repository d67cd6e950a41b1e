/**
 * `npx tsx test/eval/cross-validate.ts [--folds 5] [--errors]`: k-fold cross-validation on the
 * train split (train.jsonl + train-*.jsonl), folds by story so no event is on both sides. Each fold's
 * model is fitted on the other folds and the old own set, thresholds chosen on dev (as `npm run
 * train` does), then the held-out fold is analysed in one batch (topics and stories). The dev split
 * is small; this is the steadier signal for choosing features, rules and story settings.
 * `--fit-only <file.jsonl>` (repeatable): that train part's items are fitted in the folds their story
 * is not in but never held out, so figures before and after adding items score the same items.
 * The test split is never read. Writes only under the OS temp directory.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildTopicModel } from './train-topic-model.js';
import { corpusPath, defaultFixturePath, runEvaluation, trainSplitPaths, type EvalReport } from './evaluate.js';

function storyOf(line: string): string {
  const j = JSON.parse(line) as { id: string; label: { story?: string | null } };
  return j.label.story ?? j.id;
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--folds');
  const k = at >= 0 ? Number(argv[at + 1]) : 5;
  const errors = argv.includes('--errors');
  const fitOnly = new Set(argv.flatMap((a, i) => (argv[i - 1] === '--fit-only' ? [a] : [])));
  const read = (p: string) => readFileSync(p, 'utf8').split('\n').filter((l) => l.trim());
  const lines = trainSplitPaths().filter((p) => !fitOnly.has(basename(p))).flatMap(read);
  const always = trainSplitPaths().filter((p) => fitOnly.has(basename(p))).flatMap(read);
  const fold = (line: string) => createHash('sha1').update(storyOf(line)).digest().readUInt32BE(0) % k;
  const dir = join(tmpdir(), `cyberpolicy-cv-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const reports: EvalReport[] = [];
  for (let f = 0; f < k; f++) {
    const fit = join(dir, `fit-${f}.jsonl`);
    const held = join(dir, `held-${f}.jsonl`);
    writeFileSync(fit, [...lines, ...always].filter((l) => fold(l) !== f).join('\n') + '\n');
    writeFileSync(held, lines.filter((l) => fold(l) === f).join('\n') + '\n');
    const model = join(dir, `model-${f}.json`);
    writeFileSync(model, await buildTopicModel({ fit: [fit, defaultFixturePath()], tune: corpusPath('dev') }));
    const r = await runEvaluation(held, { topicModelPath: model });
    reports.push(r);
    const o = r.overall;
    process.stdout.write(`fold ${f}: ${o.items} items main ${(o.mainTopic * 100).toFixed(1)} F1 ${(o.topicF1 * 100).toFixed(1)} story F1 ${(o.storyF1 * 100).toFixed(1)} (P ${(o.storyPrecision * 100).toFixed(1)} R ${(o.storyRecall * 100).toFixed(1)})\n`);
    if (errors) for (const m of r.mistakes) if (!m.kind.startsWith('entity')) process.stdout.write(`  ${m.kind.padEnd(12)} ${m.id}: expected ${m.expected}, got ${m.got}\n`);
  }
  const n = reports.reduce((s, r) => s + r.overall.items, 0);
  const mean = (f: (r: EvalReport) => number) => reports.reduce((s, r) => s + f(r) * r.overall.items, 0) / n;
  const pct = (x: number) => (x * 100).toFixed(1);
  process.stdout.write(
    `CV ${k} folds, ${n} items: main ${pct(mean((r) => r.overall.mainTopic))} F1 ${pct(mean((r) => r.overall.topicF1))} (P ${pct(mean((r) => r.overall.topicPrecision))} R ${pct(mean((r) => r.overall.topicRecall))}) story F1 ${pct(mean((r) => r.overall.storyF1))} (P ${pct(mean((r) => r.overall.storyPrecision))} R ${pct(mean((r) => r.overall.storyRecall))})\n`,
  );
  const langs = [...new Set(reports.flatMap((r) => Object.keys(r.byLanguage)))].sort();
  const perLang = langs.map((l) => {
    let items = 0;
    let main = 0;
    for (const r of reports) {
      const s = r.byLanguage[l];
      if (!s) continue;
      items += s.items;
      main += s.mainTopic * s.items;
    }
    return `${l} ${pct(main / items)}`;
  });
  process.stdout.write(`main by language: ${perLang.join(', ')}\n`);
  const topics = [...new Set(reports.flatMap((r) => Object.keys(r.byTopic)))].sort();
  const perTopic = topics.map((t) => {
    let main = 0;
    let hit = 0;
    for (const r of reports) {
      const s = r.byTopic[t];
      if (!s) continue;
      main += s.main;
      hit += s.mainAccuracy * s.main;
    }
    return `${t} ${pct(hit / Math.max(1, main))}`;
  });
  process.stdout.write(`main accuracy by topic: ${perTopic.join(', ')}\n`);
  return 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
