import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadStringTables, paramsOf } from '../../src/i18n/string-tables.js';
import { t, uiLanguages } from '../../src/i18n/t.js';

const SHIPPED = ['en', 'ar', 'de', 'es', 'fr', 'lt', 'pl', 'ru', 'uk', 'zh'];

describe('string tables (digests/strings/*.json)', () => {
  const { tables, languages } = loadStringTables();
  const en = tables.get('en')!;

  it('ships en, fr, de, es, lt, pl, ru, uk, ar and zh, English first', () => {
    expect(languages).toEqual(SHIPPED);
    expect(uiLanguages()).toEqual(SHIPPED);
  });

  it.each(SHIPPED.filter((l) => l !== 'en'))('%s has every English key, with the same parameters, and no other key', (lang) => {
    const table = tables.get(lang)!;
    expect(Object.keys(en).filter((key) => !(key in table))).toEqual([]);
    expect(Object.keys(table).filter((key) => !(key in en))).toEqual([]);
    for (const key of Object.keys(en)) expect([key, paramsOf(table[key]!)]).toEqual([key, paramsOf(en[key]!)]);
  });

  it.each(SHIPPED.filter((l) => l !== 'en'))('%s keeps the command words users type (backticked commands stay English)', (lang) => {
    const table = tables.get(lang)!;
    for (const key of Object.keys(en)) {
      const commands = (text: string) => [...text.matchAll(/`([^`]*)`/g)].map((m) => m[1]!.split(/[ <]/)[0]).sort();
      expect([key, commands(table[key]!)]).toEqual([key, commands(en[key]!)]);
    }
  });

  it('carries no invisible or control characters in any string', () => {
    for (const [lang, table] of tables) {
      for (const [key, text] of Object.entries(table)) {
        expect([lang, key, /[\u0000-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\u02CB]/.test(text)]).toEqual([lang, key, false]);
      }
    }
  });

  it('fills parameters, falls back to English for an unknown language, and leaves unknown parameters visible', () => {
    expect(t('fr', 'help.usage', { usage: 'list' })).toBe('Utilisation : list');
    expect(t('xx', 'help.usage', { usage: 'list' })).toBe('Usage: list');
    expect(t('en', 'results.context', { shown: 5 })).toBe('Showing 5 of {total} · newest first');
  });

  it('refuses a file with a key English lacks, or with different parameters, naming the file and key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'strings-'));
    writeFileSync(join(dir, 'en.json'), JSON.stringify({ 'a.b': 'Hello {name}' }));
    writeFileSync(join(dir, 'fr.json'), JSON.stringify({ 'a.b': 'Bonjour {nom}' }));
    expect(() => loadStringTables(dir)).toThrow(InputError);
    expect(() => loadStringTables(dir)).toThrow(/fr\.json: a\.b: parameters nom differ from English name/);
    writeFileSync(join(dir, 'fr.json'), JSON.stringify({ 'a.c': 'Bonjour' }));
    expect(() => loadStringTables(dir)).toThrow(/fr\.json: a\.c: key does not exist in en\.json/);
    writeFileSync(join(dir, 'fr.json'), JSON.stringify({ 'a.b': '' }));
    expect(() => loadStringTables(dir)).toThrow(/fr\.json: a\.b/);
    writeFileSync(join(dir, 'fr.json'), JSON.stringify({}));
    expect(loadStringTables(dir).languages).toEqual(['en', 'fr']);
  });
});
