/**
 * The readable `npm run eval` report: the measured part (the corpus's test split) per language and
 * per topic, with its main-topic confusions, and the dev split's figures beside it.
 */
import type { EntityScores } from './entity-scores.js';
import { GOALS, failedGoals, type EvalReport, type Scores } from './evaluate.js';

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);
const col = (s: string, n: number) => s.padStart(n);

function overallLine(name: string, s: Scores): string {
  return (
    `${name}: ${s.items} items; language ${pct(s.language)}, main topic ${pct(s.mainTopic)}, topic micro-F1 ${pct(s.topicF1)} ` +
    `(P ${pct(s.topicPrecision)}, R ${pct(s.topicRecall)}), story pairs F1 ${pct(s.storyF1)} (P ${pct(s.storyPrecision)}, R ${pct(s.storyRecall)})`
  );
}

function languageTable(main: EvalReport, beside: EvalReport | null, mainName: string): string[] {
  const head = `${'lang'.padEnd(8)}${col('items', 6)}${col('language', 10)}${col('main', 8)}${col('topicF1', 9)}${col('storyF1', 9)}` + (beside ? ` | ${col('dev n', 5)}${col('main', 8)}${col('topicF1', 9)}` : '');
  const lines = [`per language (${mainName}${beside ? '; dev beside' : ''}; ! = main topic below ${GOALS.languageMainTopic}):`, head, '-'.repeat(head.length)];
  const langs = [...new Set([...Object.keys(main.byLanguage), ...Object.keys(beside?.byLanguage ?? {})])].sort();
  for (const lang of langs) {
    const s = main.byLanguage[lang];
    const d = beside?.byLanguage[lang];
    const flag = s && s.mainTopic < GOALS.languageMainTopic ? '!' : ' ';
    const left = s
      ? `${(flag + lang).padEnd(8)}${col(String(s.items), 6)}${col(pct(s.language), 10)}${col(pct(s.mainTopic), 8)}${col(pct(s.topicF1), 9)}${col(pct(s.storyF1), 9)}`
      : `${(' ' + lang).padEnd(8)}${col('0', 6)}${col('', 10)}${col('', 8)}${col('', 9)}${col('', 9)}`;
    lines.push(left + (beside ? ` | ${col(String(d?.items ?? 0), 5)}${col(pct(d?.mainTopic), 8)}${col(pct(d?.topicF1), 9)}` : ''));
  }
  return lines;
}

function topicTable(main: EvalReport, beside: EvalReport | null, mainName: string): string[] {
  const head = `${'topic'.padEnd(26)}${col('labels', 7)}${col('main', 6)}${col('mainAcc', 9)}${col('P', 8)}${col('R', 8)}${col('F1', 8)}` + (beside ? ` | ${col('dev F1', 8)}` : '');
  const lines = [`per topic (${mainName}):`, head, '-'.repeat(head.length)];
  const topics = [...new Set([...Object.keys(main.byTopic), ...Object.keys(beside?.byTopic ?? {})])].sort();
  for (const t of topics) {
    const s = main.byTopic[t];
    const d = beside?.byTopic[t];
    const left = s
      ? `${t.padEnd(26)}${col(String(s.labelled), 7)}${col(String(s.main), 6)}${col(s.main ? pct(s.mainAccuracy) : '–', 9)}${col(pct(s.precision), 8)}${col(pct(s.recall), 8)}${col(pct(s.f1), 8)}`
      : `${t.padEnd(26)}${col('0', 7)}${col('0', 6)}${col('', 9)}${col('', 8)}${col('', 8)}${col('', 8)}`;
    lines.push(left + (beside ? ` | ${col(pct(d?.f1), 8)}` : ''));
  }
  return lines;
}

function confusionLines(report: EvalReport, name: string): string[] {
  if (report.confusion.length === 0) return [`main-topic confusions (${name}): none`];
  return [`main-topic confusions (${name}), expected -> got:`, ...report.confusion.map((c) => `  ${String(c.count).padStart(3)}  ${c.expected} -> ${c.got}`)];
}

function entityLine(name: string, e: EntityScores): string {
  return (
    `${name} entities (organisations, people, places): precision ${pct(e.precision)} (${e.right}/${e.reported}), recall ${pct(e.recall)} (${e.found}/${e.labelled}; ` +
    `org ${pct(e.recallByType.org)}, person ${pct(e.recallByType.person)}, place ${pct(e.recallByType.place)})`
  );
}

/** The report of `main` (the measured part), with `dev` beside it when given. */
export function formatReport(main: EvalReport, dev: EvalReport | null = null, mainName = 'test'): string {
  const lines = [overallLine(`${mainName} (${main.path})`, main.overall)];
  if (dev) lines.push(overallLine(`dev (${dev.path})`, dev.overall));
  for (const [name, r] of [[mainName, main], ['dev', dev]] as const) if (r?.entities) lines.push(entityLine(name, r.entities));
  lines.push('', ...languageTable(main, dev, mainName), '', ...topicTable(main, dev, mainName), '', ...confusionLines(main, mainName));
  if (dev) lines.push(...confusionLines(dev, 'dev'));
  const failed = failedGoals(main);
  lines.push(
    '',
    `goals (${mainName}): language ≥ ${GOALS.language}, main topic ≥ ${GOALS.mainTopic} (every language ≥ ${GOALS.languageMainTopic}), topic micro-F1 ≥ ${GOALS.topicF1}, story pair F1 ≥ ${GOALS.storyF1} with precision ≥ ${GOALS.storyPrecision}, entity precision ≥ ${GOALS.entityPrecision} and recall ≥ ${GOALS.entityRecall}`,
    `status: ${failed.length === 0 ? 'all goals met' : `below goal: ${failed.join(', ')}`}`,
  );
  return lines.join('\n');
}
