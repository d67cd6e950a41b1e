import { describe, expect, it } from 'vitest';
import { itemTokens } from '../../src/analysis/item-tokens.js';
import { tokenize } from '../../src/analysis/normalize-text.js';

const cases: [string, string, string][] = [
  ['en', 'Council of Europe signs deal with Kaspersky Lab', 'The U.S. and Dr. Smith met. Officials from seven other companies attended!\nA list:\n- one item\n- two items'],
  ['lt', 'Europos Taryba pasirašė susitarimą', 'Tai buvo t. y. pirmas kartas 2018 m. lapkričio 12 d. Vilniuje. „Kaspersky Lab“ atstovai dalyvavo.'],
  ['ar', 'كاسبرسكي لاب من أوائل الداعمين لمبادرة نداء باريس', 'قالت الشركة إنها تفخر. وأعلن إيمانويل ماكرون Emmanuel Macron عن المبادرة.'],
  ['zh', '巴黎倡议呼吁加强网络空间的信任与安全', '巴黎倡议呼吁加强信任。这是第二句！第三句？'],
  ['de', 'Title only item with everything in it. Second sentence here.', ''],
];

describe('itemTokens', () => {
  it.each(cases)('gives the same stems as tokenize() with one scan (%s)', (lang, title, content) => {
    const t = itemTokens(title, content, lang);
    expect(t.title).toEqual(tokenize(title, lang));
    expect(t.all).toEqual([...tokenize(title, lang), ...tokenize(content, lang)]);
    for (const s of t.sentences) expect(s.tokens).toEqual(tokenize(s.text, lang));
  });

  it('finds name-like words: capitalised inside a sentence, acronyms, Latin words in Arabic', () => {
    expect(itemTokens('', 'The hackers attacked Vandenberg Maritime in Antwerp and CCB said so.', 'en').names).toEqual(['vandenberg', 'maritime', 'antwerp', 'ccb']);
    expect(itemTokens('', 'أعلن الرئيس Emmanuel Macron عن المبادرة', 'ar').names).toEqual(['emmanuel', 'macron']);
    // Headline Case says nothing about names.
    expect(itemTokens('Ransomware Gang Hits Antwerp Port Terminal', '', 'en').names).toEqual([]);
  });
});
