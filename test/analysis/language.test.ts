import { beforeAll, describe, expect, it } from 'vitest';
import { createLanguageDetector, type LanguageDetector } from '../../src/analysis/detect-language.js';
import { LANGUAGE_SAMPLES, TOO_SHORT } from './language-samples.js';

let detector: LanguageDetector;
beforeAll(async () => {
  detector = await createLanguageDetector();
});

describe('detectLanguage', () => {
  it.each(LANGUAGE_SAMPLES)('%s: %s', (lang, text) => {
    expect(detector.detect(text)).toBe(lang);
  });

  it.each(LANGUAGE_SAMPLES.filter(([, t]) => t.includes('. ')))('headline alone is still %s: %s', (lang, text) => {
    expect(detector.detect(text.split('. ')[0]!)).toBe(lang);
  });

  it.each(TOO_SHORT)('too short to tell: %j', (text) => {
    expect(detector.detect(text)).toBe('und');
  });

  it('decides mixed-script text by its dominant script', () => {
    expect(detector.detect('Компания Kaspersky Lab и Microsoft подписали Paris Call вместе с правительством Франции')).toBe('ru');
    expect(detector.detect('قالت شركة Kaspersky Lab إن Microsoft و Google وقعتا على Paris Call for Trust and Security')).toBe('ar');
  });

  it('uses the declared language only as a weak prior', () => {
    // Declared wrongly: the text still wins.
    expect(detector.detect('Rada Europy podpisała porozumienie z firmami technologicznymi', 'cs')).toBe('pl');
    expect(detector.detect('Хакери атакували лікарню в Києві, постраждали дані пацієнтів', 'ru')).toBe('uk');
  });

  it('tells Japanese (kana) from Chinese (Han only)', () => {
    expect(detector.detect('東京で会議が開かれた')).toBe('ja');
    expect(detector.detect('北京举行网络安全会议')).toBe('zh');
  });

  it('tells Persian from Arabic by its letters', () => {
    expect(detector.detect('قالت الشركة إنها تدعم المبادرة الدولية للأمن')).toBe('ar');
    expect(detector.detect('این شرکت گفت که از ابتکار بین‌المللی پشتیبانی می‌کند')).toBe('fa');
  });
});
