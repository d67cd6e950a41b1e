import { describe, expect, it } from 'vitest';
import { dateGoalsMet, formatDateReport, runDateEvaluation } from './date-eval.js';

// Issue 15: `npm run eval` reports date extraction (found, wrong, missed) per language on its date set.
describe('date report of npm run eval', { timeout: 120_000 }, () => {
  it('counts found, wrong and missed per language on the 100-item test set, and meets the goals', async () => {
    const report = await runDateEvaluation();
    expect(Object.keys(report.perLanguage).sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'it', 'ja', 'lt', 'nl', 'pl', 'pt', 'ru', 'tr', 'uk', 'zh']);
    expect(report.overall).toEqual({ items: 100, stated: 69, found: 69, wrong: 0, missed: 0, foundRate: 1 });
    expect(report.perLanguage.ar).toEqual({ items: 8, stated: 6, found: 6, wrong: 0, missed: 0 });
    expect(report.perLanguage.lt).toEqual({ items: 7, stated: 5, found: 5, wrong: 0, missed: 0 });
    expect(dateGoalsMet(report)).toBe(true);
    const text = formatDateReport(report).split('\n');
    expect(text[0]).toBe('Dates from text (test/fixtures/dates/test.jsonl)');
    expect(text[1]).toBe('lang     items stated found wrong missed');
    expect(text).toContain('lt           7      5     5     0      0');
    expect(text.at(-1)).toBe('found 69/69 = 1.000 (goal ≥ 0.9), wrong 0 (goal 0)');
  });
});
