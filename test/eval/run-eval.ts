/**
 * `npm run eval [-- --json] [-- --errors] [-- --fixture path]`: analyse the labelled set and print
 * language accuracy, main-topic accuracy, topic micro-F1 and story pairwise F1, per language and
 * overall. Exits 1 when a goal is missed, 2 when the fixture cannot be read.
 */
import { errorMessage } from '../../src/errors.js';
import { defaultFixturePath, formatReport, meetsGoals, runEvaluation } from './evaluate.js';

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const errors = argv.includes('--errors');
  const at = argv.indexOf('--fixture');
  const path = at >= 0 && argv[at + 1] ? argv[at + 1]! : defaultFixturePath();
  let report;
  try {
    report = await runEvaluation(path);
  } catch (err) {
    process.stderr.write(`eval: ${errorMessage(err)}\n`);
    return 2;
  }
  if (json) {
    const { mistakes, ...rest } = report;
    process.stdout.write(`${JSON.stringify(errors ? report : { ...rest, mistakes: mistakes.length }, null, 2)}\n`);
  } else {
    process.stdout.write(`${formatReport(report)}\n`);
    process.stdout.write(`speed: ${Math.round(report.itemsPerSecond)} items/s (one cold batch, before any warm-up; throughput: bench/analyze-throughput.ts)\n`);
    if (errors) for (const m of report.mistakes) process.stdout.write(`  ${m.kind.padEnd(12)} ${m.id}: expected ${m.expected}, got ${m.got}\n`);
  }
  return meetsGoals(report.overall) ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
