import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDateWords } from '../../src/dates/date-words.js';
import { asciiDigits, createTextDateReader, type TextDateReader } from '../../src/dates/text-date.js';

const REF = new Date('2026-12-07T12:00:00Z');

describe('dates read from the text', () => {
  let reader: TextDateReader;
  beforeAll(async () => {
    reader = await createTextDateReader();
  });
  const read = (text: string, lang: string, ref = REF) => reader.read(text, lang, ref)?.date ?? null;

  it('reads datelines in the languages of digests/date-words.json', () => {
    expect(read('Vilnius, 2019 m. kovo 5 d. Centras perspėjo apie sukčiavimą.', 'lt')).toBe('2019-03-05');
    expect(read('Warszawa, 12 października 2021 r. – Urząd nałożył karę.', 'pl')).toBe('2021-10-12');
    expect(read('Ankara, 12 Ekim 2021 – Kurum yeni kurallar getirdi.', 'tr')).toBe('2021-10-12');
    expect(read('Toplantı 14 Mayıs 2022\'de yapıldı.', 'tr')).toBe('2022-05-14');
  });

  it('reads Arabic dates with Arabic-Indic digits and both forms of month names', () => {
    expect(read('الرياض، ١٢ نوفمبر ٢٠١٨ — أعلنت الهيئة', 'ar')).toBe('2018-11-12');
    expect(read('دمشق، 12 تشرين الثاني 2018 — أعلنت الهيئة', 'ar')).toBe('2018-11-12');
    expect(read('القاهرة، 14 أبريل/نيسان 2023 – أصدر الجهاز', 'ar')).toBe('2023-04-14');
    expect(read('تونس في 15 فيفري 2022: أعلنت الهيئة', 'ar')).toBe('2022-02-15');
    // Two names of different months are not one date.
    expect(read('في 14 أبريل/أيار 2023', 'ar')).toBeNull();
    expect(asciiDigits('٢٠١٨ ۱۲ ２０')).toBe('2018 12 20');
  });

  it('reads chrono-node languages (en, fr, de, ja, zh)', () => {
    expect(read('Paris, le 3 février 2020 – La CNIL a sanctionné un courtier.', 'fr')).toBe('2020-02-03');
    expect(read('WASHINGTON, Oct. 5, 2021 — The department acted.', 'en')).toBe('2021-10-05');
    expect(read('Graz, 12. Jänner 2024 – Die Stadtwerke melden einen Angriff.', 'de')).toBe('2024-01-12');
    expect(read('北京，2022年7月8日——网信部门发布了细则。', 'zh')).toBe('2022-07-08');
  });

  it('gives a day and month without a year none, unless a full date of the same item names it', () => {
    expect(read('تعقد القمة في 12 نوفمبر في عمّان.', 'ar')).toBeNull();
    expect(read('The forum closed on 9 December with a statement.', 'en')).toBeNull();
    expect(read('وقّعت الشركة الاتفاق في 12 نوفمبر، بعد يوم من افتتاح المنتدى في 11 نوفمبر 2018.', 'ar')).toBe('2018-11-12');
    // A full date months away is no evidence of the year.
    expect(read('Delegates met on 4 July. The group was formed on 2 March 2023.', 'en')).toBe('2023-03-02');
  });

  it('reads no date from numbers that only look like one, relative words or future dates', () => {
    expect(read('Version 3.12.1 fixes CVE-2024-3094; 14.11 percent of servers; call 0800 274 1000.', 'en')).toBeNull();
    expect(read('The 2025–2030 strategy was approved on Tuesday.', 'en')).toBeNull();
    expect(read('Published today, after yesterday\'s hearing.', 'en')).toBeNull();
    expect(read('The law enters into force on 1 January 2027.', 'en')).toBeNull();
    expect(read('Bonn, 10/11/2021 – The office acted.', 'en')).toBeNull(); // 10 November or 11 October
    expect(read('Berlin, 10/11/2021 – Die Behörde handelte.', 'de')).toBe('2021-11-10');
    expect(read('Founded on 10 December 1948.', 'en')).toBeNull();
  });

  it('takes the first date in the text (a dateline before later dates)', () => {
    expect(read('Stockholm, 21 January 2025. The decision of 20 August 2019 stands.', 'en')).toBe('2025-01-21');
  });

  it('validates digests/date-words.json on load, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-dates-'));
    const path = join(dir, 'date-words.json');
    writeFileSync(path, JSON.stringify({ version: 1, languages: { lt: { months: [['sausio']], full: ['{year} m. {month} {day} d.'], dayMonth: [] } } }));
    expect(() => loadDateWords(path)).toThrow(`${path}: invalid date words at languages.lt.months: months: give all 12 months, or none`);
    writeFileSync(path, JSON.stringify({ version: 1, languages: { pl: { months: [], full: ['{day}.{mm}'], dayMonth: [] } } }));
    expect(() => loadDateWords(path)).toThrow(`${path}: invalid date words at languages.pl.full.0: a full template needs {year}`);
  });
});
