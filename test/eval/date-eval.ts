/**
 * Date extraction on the date set (test/fixtures/dates/test.jsonl): per language, how many stated
 * dates were found, how many dates were wrong (including any date for an item that states none)
 * and how many were missed. The set was written before the rules and is not tuned on.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { createTextDateReader } from '../../src/dates/text-date.js';
import { fromRoot } from '../../src/package-root.js';

const DateCaseSchema = z.object({
  id: z.string(),
  lang: z.string(),
  kind: z.enum(['dated', 'no-year', 'year-from-item', 'misleading']),
  expected: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  title: z.string(),
  content: z.string(),
});
export type DateCase = z.infer<typeof DateCaseSchema>;

export interface DateCounts {
  items: number;
  /** Items whose text states a date. */
  stated: number;
  found: number;
  wrong: number;
  missed: number;
}

export interface DateReport {
  path: string;
  perLanguage: Record<string, DateCounts>;
  overall: DateCounts & { foundRate: number };
  mistakes: { id: string; expected: string | null; got: string | null; text: string | null }[];
}

/** The eval's reference day: every date of the set lies before it. */
export const DATE_EVAL_REFERENCE = new Date('2026-12-07T12:00:00Z');
export const DATE_GOALS = { foundRate: 0.9, wrong: 0 };

export function defaultDateSetPath(split: 'test' | 'dev' = 'test'): string {
  return fromRoot('test', 'fixtures', 'dates', `${split}.jsonl`);
}

export async function readDateSet(path: string): Promise<DateCase[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((line, i) => {
    const parsed = DateCaseSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${path} line ${i + 1}: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  });
}

export async function runDateEvaluation(path = defaultDateSetPath()): Promise<DateReport> {
  const cases = await readDateSet(path);
  const reader = await createTextDateReader();
  const empty = (): DateCounts => ({ items: 0, stated: 0, found: 0, wrong: 0, missed: 0 });
  const perLanguage: Record<string, DateCounts> = {};
  const overall = empty();
  const mistakes: DateReport['mistakes'] = [];
  for (const c of cases) {
    const got = reader.read(`${c.title}\n${c.content}`, c.lang, DATE_EVAL_REFERENCE);
    const date = got?.date ?? null;
    const counts = (perLanguage[c.lang] ??= empty());
    for (const k of [counts, overall]) {
      k.items++;
      if (c.expected) k.stated++;
      if (date !== null && date === c.expected) k.found++;
      else if (date !== null) k.wrong++;
      else if (c.expected) k.missed++;
    }
    if (date !== c.expected) mistakes.push({ id: c.id, expected: c.expected, got: date, text: got?.text ?? null });
  }
  return { path, perLanguage, overall: { ...overall, foundRate: overall.stated ? overall.found / overall.stated : 1 }, mistakes };
}

export function dateGoalsMet(report: DateReport): boolean {
  return report.overall.foundRate >= DATE_GOALS.foundRate && report.overall.wrong <= DATE_GOALS.wrong;
}

export function formatDateReport(report: DateReport): string {
  const row = (name: string, k: DateCounts) =>
    `${name.padEnd(8)} ${String(k.items).padStart(5)} ${String(k.stated).padStart(6)} ${String(k.found).padStart(5)} ${String(k.wrong).padStart(5)} ${String(k.missed).padStart(6)}`;
  const lines = [`Dates from text (${report.path.replace(/^.*\/test\/fixtures\//, 'test/fixtures/')})`, `${'lang'.padEnd(8)} ${'items'.padStart(5)} ${'stated'.padStart(6)} ${'found'.padStart(5)} ${'wrong'.padStart(5)} ${'missed'.padStart(6)}`];
  for (const lang of Object.keys(report.perLanguage).sort()) lines.push(row(lang, report.perLanguage[lang]!));
  lines.push(row('overall', report.overall));
  const o = report.overall;
  lines.push(`found ${o.found}/${o.stated} = ${o.foundRate.toFixed(3)} (goal ≥ ${DATE_GOALS.foundRate}), wrong ${o.wrong} (goal ${DATE_GOALS.wrong})`);
  return lines.join('\n');
}
