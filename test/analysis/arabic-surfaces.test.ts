/**
 * Issue 13 (entity surfaces, ar): a conjunction or preposition written onto a name is grammar, not
 * name: the surface starts after it, while the article and ل merged with it (للأمم) stay. A
 * three-letter name is not read out of a longer word by peeling a preposition (كابل is not Apple).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/analysis/entity-extractor.js';
import { loadGazetteer, type Gazetteer } from '../../src/analysis/entity-gazetteer.js';

let gazetteer: Gazetteer;

beforeAll(() => {
  gazetteer = loadGazetteer();
});

const named = (text: string) => extractEntities({ title: '', content: text, lang: 'ar' }, gazetteer).map((e) => `${e.id}:${e.surface}`);

describe('Arabic clitics on names', () => {
  it('leaves out و, ف, ب, ل and ك before the name', () => {
    expect(named('زار الوفد مصر والسعودية والكويت.')).toEqual(['egypt:مصر', 'saudi-arabia:السعودية', 'kuwait:الكويت']);
    expect(named('وصل الوزير بالأمس إلى باريس ثم لندن وفرنسا.')).toEqual(['paris:باريس', 'london:لندن', 'france:فرنسا']);
    expect(named('نقل الخبر بإيران ولإسرائيل.')).toEqual(['iran:إيران', 'israel:إسرائيل']);
  });

  it('keeps names that begin with those letters, and ل merged with the article', () => {
    expect(named('أعلنت فرنسا وبريطانيا ولبنان موقفا مشتركا.')).toEqual(['france:فرنسا', 'united-kingdom:بريطانيا', 'lebanon:لبنان']);
    expect(named('قدم تقريرا للأمم المتحدة.')).toEqual(['united-nations:للأمم المتحدة']);
  });

  it('reads no three-letter name after a peeled preposition', () => {
    expect(named('انقطع كابل بحري في البحر الأحمر.').filter((e) => e.startsWith('apple'))).toEqual([]);
  });
});
