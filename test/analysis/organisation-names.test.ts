/**
 * Issue 13 (entity recall): organisations the gazetteer lacks, named the way their language names
 * bodies. Arabic writes no capitals: a head noun in construct with a definite noun (and relational
 * adjectives) is the name. A body whose name begins like a title ("Ministerul", "Ministerstvo") is
 * not a title introducing a person.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/analysis/entity-extractor.js';
import { loadGazetteer, type Gazetteer } from '../../src/analysis/entity-gazetteer.js';

let gazetteer: Gazetteer;

beforeAll(() => {
  gazetteer = loadGazetteer();
});

const orgs = (text: string, lang: string) =>
  extractEntities({ title: '', content: text, lang }, gazetteer)
    .filter((e) => e.type === 'organization')
    .map((e) => e.surface);

describe('Arabic construct-state organisation names', () => {
  it('takes the head, its definite noun and relational adjectives, without a clitic on the head', () => {
    expect(orgs('أعلنت وزارة الداخلية أن الشبكة تعطلت.', 'ar')).toEqual(['وزارة الداخلية']);
    expect(orgs('وأكدت بوزارة الخارجية الفرنسية ذلك.', 'ar')).toEqual(['وزارة الخارجية الفرنسية']);
    expect(orgs('قالت هيئة الاتصالات إن الخدمة عادت.', 'ar')).toEqual(['هيئة الاتصالات']);
  });

  it('stops before a second definite noun (the verb object) and needs a definite noun at all', () => {
    expect(orgs('دعت وزارة الصحة المواطنين إلى الحذر.', 'ar')).toEqual(['وزارة الصحة']);
    expect(orgs('قالت الوزارة إن العمل مستمر.', 'ar')).toEqual([]);
    // A definite head is a noun phrase, not a construct: "the national ministry", "the first centre".
    expect(orgs('تعاونت الوزارة الوطنية مع الشركات.', 'ar')).toEqual([]);
  });
});

describe('a ministry is not a title (ro, et, pl)', () => {
  it('names the body, and the title still introduces a person', () => {
    expect(orgs('Ministerul Sănătății a anunțat noi reguli.', 'ro')).toEqual(['Ministerul Sănătății']);
    expect(orgs('Ministerstwo Cyfryzacji przedstawiło projekt ustawy.', 'pl')).toEqual(['Ministerstwo Cyfryzacji']);
    expect(orgs('Eesti välisministeerium kutsus suursaadiku välja.', 'et')).toEqual(['Eesti välisministeerium']);
    const people = extractEntities({ title: '', content: 'Ministrul Ion Popescu a vorbit cu Senator Ron Wyden.', lang: 'ro' }, gazetteer).filter((e) => e.type === 'person');
    expect(people.map((e) => e.surface)).toEqual(['Ion Popescu', 'Ron Wyden']);
  });
});

describe('a foreign name takes the endings of the language it is written in (pl, cs, lt, et)', () => {
  const ids = (text: string, lang: string) => extractEntities({ title: '', content: text, lang }, gazetteer).map((e) => `${e.id}:${e.surface}`);

  it('declines company, agency and person names written in Latin letters', () => {
    expect(ids('Prokuratura zażądała danych od Microsoftu.', 'pl')).toEqual(['microsoft:Microsoftu']);
    expect(ids('Úřad poslal dotaz Googlu.', 'cs')).toEqual(['google:Googlu']);
    expect(ids('Tyrimą koordinavo Europolas.', 'lt')).toEqual(['europol:Europolas']);
    expect(ids('Amet kirjutas Microsofti juhile.', 'et')).toEqual(['microsoft:Microsofti']);
  });

  it('only in text of that language, and only with its endings', () => {
    // English takes only -s: "Microsoftu" in English text is no name the gazetteer has.
    expect(ids('The word Microsoftu appears here.', 'en').filter((e) => e.startsWith('microsoft'))).toEqual([]);
    expect(ids('Prokuratura zażądała danych od Microsoftowiec.', 'pl').filter((e) => e.startsWith('microsoft'))).toEqual([]);
  });
});

describe('titles of more languages end a body and introduce a person (tr, nl, et, pl)', () => {
  const typed = (text: string, lang: string) => extractEntities({ title: '', content: text, lang }, gazetteer).map((e) => `${e.type}:${e.surface}`);

  it('splits the title off the name', () => {
    expect(typed('Toplantıya Adalet Bakanı Mehmet Yıldız katıldı.', 'tr')).toContain('person:Mehmet Yıldız');
    expect(typed('Volgens Staatssecretaris Pieter Jansen is de storing verholpen.', 'nl')).toContain('person:Pieter Jansen');
    expect(typed('Kohtumisel rääkis Peaminister Peeter Kask küberkaitsest.', 'et')).toEqual(['person:Peeter Kask']);
  });

  it('a ministry or presidency is no title, and Turkish "da" joins no names', () => {
    expect(typed('Cumhurbaşkanlığı İletişim Başkanlığı da Ankara üzerinden açıklama yaptı.', 'tr')).toEqual(['place:Ankara', 'organization:Cumhurbaşkanlığı İletişim Başkanlığı']);
    expect(typed('Açıklamayı dün Bakanlar Komitesi yaptı.', 'tr')).toEqual(['organization:Bakanlar Komitesi']);
  });
});
