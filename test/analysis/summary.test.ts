import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basicTokens, cleanWhitespace, cutAtWord, summarize } from '../../src/analysis/summarize.js';
import { packageRoot } from '../../src/package-root.js';

const opts = { tokenize: basicTokens };

function seed(file: string): { title: string; content: string } {
  const raw = readFileSync(join(packageRoot(), 'digests/samples', file), 'utf8');
  const nl = raw.indexOf('\n');
  return nl < 0 ? { title: raw, content: '' } : { title: raw.slice(0, nl), content: raw.slice(nl + 1) };
}

/** Every summary sentence must be a verbatim piece of the item (whitespace runs collapsed). */
function expectVerbatim(summary: string[], title: string, content: string): void {
  const source = cleanWhitespace(`${title}\n${content}`);
  for (const s of summary) {
    const body = s.endsWith('…') ? s.slice(0, -1) : s;
    expect(source.includes(body), `not verbatim: ${s}`).toBe(true);
  }
}

const words = ['cyber', 'norms', 'Council', 'Europe', 'signed', 'agreement', 'Kaspersky', 'Lab', 'the', 'of', 'U.S.', 'Dr.', 'e.g.', 'pvz.', 't. y.', 'Europos', 'Taryba', 'kibernetinis', 'كاسبرسكي', 'نداء', 'باريس', '巴黎倡议', '“quoted”', '„citata“', '12.', 'No.', '2018'];
const sentenceArb = fc
  .tuple(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 40 }), fc.constantFrom('.', '!', '?', '。', '؟', '', '…'))
  .map(([ws, end]) => ws.join(' ') + end);
const textArb = fc.array(sentenceArb, { minLength: 0, maxLength: 12 }).chain((ss) =>
  fc.array(fc.constantFrom(' ', '  ', '\n', '\n\n', ' \t'), { minLength: ss.length, maxLength: ss.length }).map((seps) => ss.map((s, i) => s + seps[i]).join('')),
);

describe('summarize', () => {
  it('copies 1 to 3 sentences verbatim, at most 400 characters, for any text (property)', () => {
    fc.assert(
      fc.property(sentenceArb, textArb, fc.constantFrom('en', 'lt', 'ar', 'zh', 'und'), (title, content, lang) => {
        const summary = summarize({ title, content, lang }, opts);
        expect(summary.length).toBeLessThanOrEqual(3);
        expect(summary.join(' ').length).toBeLessThanOrEqual(400);
        if (`${title}${content}`.match(/[\p{L}\p{N}]/u)) expect(summary.length).toBeGreaterThanOrEqual(1);
        expectVerbatim(summary, title, content);
        // Only a lone over-long sentence is ever cut.
        const cleaned = cleanWhitespace(`${title}\n${content}`);
        if (summary.some((s) => s.endsWith('…') && !cleaned.includes(s))) expect(summary).toHaveLength(1);
      }),
      { numRuns: 400 },
    );
  });

  it('returns sentences in document order and prefers the lead', () => {
    const content = [
      'The Council of Europe signed a cybercrime agreement with Kaspersky Lab on Friday in Strasbourg.',
      'Subscribe to our newsletter for more.',
      'The agreement commits the companies to protect human rights online and fight cybercrime.',
      'Officials from seven other technology companies attended the ceremony as well.',
      'The weather in Strasbourg was mild.',
    ].join(' ');
    const summary = summarize({ title: 'Council of Europe signs cybercrime agreement with Kaspersky Lab', content, lang: 'en' }, opts);
    expect(summary[0]).toBe('The Council of Europe signed a cybercrime agreement with Kaspersky Lab on Friday in Strasbourg.');
    expect(summary).not.toContain('Subscribe to our newsletter for more.');
    const positions = summary.map((s) => content.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('penalises quote-only sentences and fragments', () => {
    const content = '“This is a great day for all of us and for the internet,” he said. Ok. The ministry published the new national cybersecurity strategy on Monday after two years of consultations.';
    const summary = summarize({ title: 'Ministry publishes national cybersecurity strategy', content, lang: 'en' }, { ...opts, maxSentences: 1 });
    expect(summary).toEqual(['The ministry published the new national cybersecurity strategy on Monday after two years of consultations.']);
  });

  it('cuts a lone over-long sentence at a word boundary with an ellipsis', () => {
    const long = `${'Ransomware operators attacked the hospital network again '.repeat(10).trim()}.`;
    const summary = summarize({ title: 'Hospital attacked', content: long, lang: 'en' }, opts);
    expect(summary).toHaveLength(1);
    expect(summary[0]!.endsWith('…')).toBe(true);
    expect(summary[0]!.length).toBeLessThanOrEqual(400);
    expect(long.startsWith(summary[0]!.slice(0, -1))).toBe(true);
    expect(summary[0]!.slice(0, -1)).toMatch(/again$/);
    expect(cutAtWord('short', 400)).toBe('short');
  });

  it('summarises the Lithuanian seed in Lithuanian, verbatim', () => {
    const { title, content } = seed('000_9d3fa56a83e923b6.txt');
    const summary = summarize({ title, content, lang: 'lt' }, { ...opts, salientTerms: ['Kaspersky', 'Europos Taryb'] });
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.join(' ').length).toBeLessThanOrEqual(400);
    expectVerbatim(summary, title, content);
    expect(summary.join(' ')).toMatch(/Kaspersky Lab/);
    expect(summary.join(' ')).toMatch(/[ąčęėįšųūž]/);
  });

  it('summarises the Arabic seed in Arabic, verbatim', () => {
    const { title, content } = seed('003_6a0df7d2b21cfab0.txt');
    const summary = summarize({ title, content, lang: 'ar' }, { ...opts, salientTerms: ['كاسبرسكي', 'نداء باريس'] });
    expect(summary.length).toBeGreaterThanOrEqual(1);
    expect(summary.join(' ').length).toBeLessThanOrEqual(400);
    expectVerbatim(summary, title, content);
    expect(summary.join(' ')).toMatch(/كاسبرسكي/);
    expect(summary.join(' ')).toMatch(/نداء باريس/);
  });

  it('returns nothing for an empty item', () => {
    expect(summarize({ title: '', content: '  \n ', lang: 'und' }, opts)).toEqual([]);
  });
});
