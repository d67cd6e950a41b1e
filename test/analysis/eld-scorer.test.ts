import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadEldScorer } from '../../src/analysis/eld-scorer.js';
import { fromRoot } from '../../src/package-root.js';
import { LANGUAGE_SAMPLES, TOO_SHORT } from './language-samples.js';

/** eld's own scores, as the detector read them before it scored with eld-scorer.ts. */
function eldScores(eld: { detect(t: string): { getScores(): Record<string, number> } }, languages: readonly string[], text: string): number[] {
  const scores = eld.detect(text).getScores();
  return languages.map((lang) => scores[lang] ?? 0);
}

describe('eld scorer', () => {
  it('gives eld’s own scores to the bit, on every kind of text', async () => {
    const { eld } = (await import('eld/extrasmall')) as unknown as { eld: { detect(t: string): { getScores(): Record<string, number> } } };
    const scorer = await loadEldScorer('extrasmall');
    const items = readFileSync(fromRoot('test/fixtures/eval/items.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { title: string; content: string });
    const texts = [
      ...LANGUAGE_SAMPLES.map(([, t]) => t),
      ...TOO_SHORT,
      ...items.flatMap((i) => [i.title, `${i.title}\n${i.content}`.slice(0, 200), `${i.title}\n${i.content}`]),
      '',
      '   ',
      'a',
      'abc',
      "don't won’t l'Europe",
      '𠀀𠀁 𝒜𝒷𝒸 emoji 😀 text',
      'x'.repeat(2000),
      'word '.repeat(300),
      'Kaspersky Lab CERT-UA 2024 https://example.org/a?b=c mail@example.org',
    ];
    for (const text of texts) expect([...scorer.scores(text)], text).toEqual(eldScores(eld, scorer.languages, text));
  });
});
