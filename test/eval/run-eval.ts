/**
 * `npm run eval [-- --json] [-- --errors] [-- --fixture path]`
 *
 * Analyses the corpus's test split (test/fixtures/eval/corpus/test.jsonl) and prints its figures
 * (language, main topic, topic micro-F1, story pairs) overall, per language and per topic, with
 * the main-topic confusions, and the dev split's figures beside them. Exits 1 when a goal is
 * missed on the test split, 2 when a file cannot be read.
 *
 * The test split is measured, never tuned on: --errors lists the dev split's item-level mistakes
 * only. `--fixture path` measures another labelled file instead (the old own set:
 * test/fixtures/eval/items.jsonl, which is training data now), and --errors then lists its mistakes.
 *
 * Then dates read from text (test/eval/date-eval.ts): found, wrong and missed per language on the
 * date test set (test/fixtures/dates/test.jsonl); --errors lists the date dev set's mistakes only.
 */
import { existsSync } from 'node:fs';
import { errorMessage } from '../../src/errors.js';
import { dateGoalsMet, defaultDateSetPath, formatDateReport, runDateEvaluation, type DateReport } from './date-eval.js';
import { corpusPath, defaultFixturePath, meetsGoals, runEvaluation, type EvalReport, type Mistake } from './evaluate.js';
import { formatReport } from './format-report.js';

function printMistakes(name: string, mistakes: Mistake[]): void {
  process.stdout.write(`\nmistakes (${name}):\n`);
  for (const m of mistakes) process.stdout.write(`  ${m.kind.padEnd(12)} ${m.id}: expected ${m.expected}, got ${m.got}\n`);
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const errors = argv.includes('--errors');
  const at = argv.indexOf('--fixture');
  const fixture = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !fixture) {
    process.stderr.write('eval: --fixture needs a path\n');
    return 2;
  }
  const useCorpus = !fixture && existsSync(corpusPath('test'));
  const mainPath = fixture ?? (useCorpus ? corpusPath('test') : defaultFixturePath());
  const mainName = useCorpus ? 'test' : 'fixture';
  // Item-level mistakes are shown for what we may tune on, never for the test split.
  const mainListable = !useCorpus;
  let report: EvalReport;
  let dev: EvalReport | null = null;
  let dates: DateReport;
  let datesDev: DateReport | null = null;
  try {
    report = await runEvaluation(mainPath);
    if (useCorpus && existsSync(corpusPath('dev'))) dev = await runEvaluation(corpusPath('dev'));
    dates = await runDateEvaluation();
    if (errors) datesDev = await runDateEvaluation(defaultDateSetPath('dev'));
  } catch (err) {
    process.stderr.write(`eval: ${errorMessage(err)}\n`);
    return 2;
  }
  if (json) {
    const strip = (r: EvalReport, listable: boolean) => ({ ...r, mistakes: errors && listable ? r.mistakes : r.mistakes.length });
    const dateFigures = { ...dates, mistakes: dates.mistakes.length };
    process.stdout.write(`${JSON.stringify({ [mainName]: strip(report, mainListable), ...(dev ? { dev: strip(dev, true) } : {}), dates: dateFigures, ...(datesDev ? { datesDev } : {}) }, null, 2)}\n`);
  } else {
    if (!useCorpus && !fixture) process.stdout.write(`(no corpus test split yet: measuring ${report.path}, which is training data)\n`);
    process.stdout.write(`${formatReport(report, dev, mainName)}\n`);
    process.stdout.write(`speed: ${Math.round(report.itemsPerSecond)} items/s (one cold batch, before any warm-up; throughput: bench/analyze-throughput.ts)\n`);
    if (errors) {
      if (mainListable) printMistakes(mainName, report.mistakes);
      else process.stdout.write(`\n(the test split's items are not listed, only its figures: tune on dev)\n`);
      if (dev) printMistakes('dev', dev.mistakes);
    }
    process.stdout.write(`\n${formatDateReport(dates)}\n`);
    if (datesDev) {
      process.stdout.write(`\ndate mistakes (dev set; the test set's items are not listed):\n`);
      for (const m of datesDev.mistakes) process.stdout.write(`  ${m.id}: expected ${m.expected ?? 'none'}, got ${m.got ?? 'none'}${m.text ? ` ("${m.text}")` : ''}\n`);
    }
  }
  return meetsGoals(report) && dateGoalsMet(dates) ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
