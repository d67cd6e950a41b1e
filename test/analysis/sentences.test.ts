import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitSentences } from '../../src/analysis/sentence-splitter.js';

const texts = (source: string, lang: string) => splitSentences(source, lang).map((s) => s.text);

describe('splitSentences', () => {
  it('keeps English abbreviations and initials inside sentences', () => {
    expect(texts('The U.S. and Dr. Smith met Mr. Jones at No. 10 Downing St. on Monday. They agreed, e.g. on norms, i.e. rules. A. Shingarev spoke. Apple Inc. The company said.', 'en')).toEqual([
      'The U.S. and Dr. Smith met Mr. Jones at No. 10 Downing St. on Monday.',
      'They agreed, e.g. on norms, i.e. rules.',
      'A. Shingarev spoke.',
      'Apple Inc.',
      'The company said.',
    ]);
  });

  it('handles Lithuanian t. y., pvz., m., d., proc., gen. and quotes „…“', () => {
    expect(texts('Tai buvo t. y. pirmas kartas 2018 m. lapkričio 12 d. Vilniuje. Gen. prokuroras pvz. sakė, kad 5 proc. gyventojų nukentėjo. A. Shingarev sakė: „Internetas, tai unikalus domenas.“ Kitas sakinys.', 'lt')).toEqual([
      'Tai buvo t. y. pirmas kartas 2018 m. lapkričio 12 d. Vilniuje.',
      'Gen. prokuroras pvz. sakė, kad 5 proc. gyventojų nukentėjo.',
      'A. Shingarev sakė: „Internetas, tai unikalus domenas.“',
      'Kitas sakinys.',
    ]);
  });

  it('handles German z. B., bzw., Nr., Dr. and ordinal dates', () => {
    expect(texts('Am 12. November 2018 sagte Dr. Müller z. B. Folgendes bzw. Nr. 5 ist gut. Neuer Satz.', 'de')).toEqual([
      'Am 12. November 2018 sagte Dr. Müller z. B. Folgendes bzw. Nr. 5 ist gut.',
      'Neuer Satz.',
    ]);
  });

  it('handles Russian г., т. е., т. д., им., ул.', () => {
    expect(texts('В 2018 г. в Москве, т. е. на ул. Тверской, им. Ленина и т. д. прошло. Новое предложение и т. д. Третье.', 'ru')).toEqual([
      'В 2018 г. в Москве, т. е. на ул. Тверской, им. Ленина и т. д. прошло.',
      'Новое предложение и т. д.',
      'Третье.',
    ]);
  });

  it('handles French M., Mme, p. ex. and « … » with inner spaces', () => {
    expect(texts('M. Macron et Mme Dupont ont parlé, p. ex. de la sécurité. « Au revoir. » Nouvelle phrase.', 'fr')).toEqual([
      'M. Macron et Mme Dupont ont parlé, p. ex. de la sécurité.',
      '« Au revoir. »',
      'Nouvelle phrase.',
    ]);
  });

  it('handles Spanish Sr., Sra., EE. UU.', () => {
    expect(texts('El Sr. García y la Sra. López viajaron a EE. UU. la semana pasada. Nueva frase.', 'es')).toEqual([
      'El Sr. García y la Sra. López viajaron a EE. UU. la semana pasada.',
      'Nueva frase.',
    ]);
  });

  it('handles Polish np., tj., dr, prof.', () => {
    expect(texts('Prof. Kowalski i dr Nowak, np. tj. dr hab. Jan Nowak. Nowe zdanie.', 'pl')).toEqual([
      'Prof. Kowalski i dr Nowak, np. tj. dr hab. Jan Nowak.',
      'Nowe zdanie.',
    ]);
  });

  it('splits Arabic, Urdu and CJK terminators, including a period glued to the next word', () => {
    expect(texts('قالت الشركة إنها تفخر. هل هذا صحيح؟ نعم انعدام الثقة.ويضع نداء باريس عدة مبادئ', 'ar')).toEqual([
      'قالت الشركة إنها تفخر.',
      'هل هذا صحيح؟',
      'نعم انعدام الثقة.',
      'ويضع نداء باريس عدة مبادئ',
    ]);
    expect(texts('یہ پہلا جملہ ہے۔ یہ دوسرا جملہ ہے۔', 'ur')).toEqual(['یہ پہلا جملہ ہے۔', 'یہ دوسرا جملہ ہے۔']);
    expect(texts('巴黎倡议呼吁加强信任。这是第二句！第三句？', 'zh')).toEqual(['巴黎倡议呼吁加强信任。', '这是第二句！', '第三句？']);
  });

  it('keeps headings and list items apart and joins hard-wrapped prose', () => {
    expect(texts('Heading Without Period\nThis line is a sentence that was hard\nwrapped in the middle. Another.\n- list item one\n- list item two\n\nParagraph.', 'en')).toEqual([
      'Heading Without Period',
      'This line is a sentence that was hard\nwrapped in the middle.',
      'Another.',
      '- list item one',
      '- list item two',
      'Paragraph.',
    ]);
  });

  it('returns offsets into the source, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('en', 'lt', 'ar', 'ru', 'de', 'zh', 'und'), (text, lang) => {
        let last = 0;
        for (const s of splitSentences(text, lang)) {
          expect(text.slice(s.start, s.end)).toBe(s.text);
          expect(s.start).toBeGreaterThanOrEqual(last);
          expect(s.text).toBe(s.text.trim());
          last = s.end;
        }
      }),
      { numRuns: 300 },
    );
  });
});
