import type En from '../../digests/strings/en.json';
import { loadStringTables, type StringTables } from './string-tables.js';

/** Every user-facing string key: the keys of digests/strings/en.json. */
export type UiKey = keyof typeof En;
export type UiParams = Record<string, string | number>;

export const DEFAULT_UI_LANG = 'en';

let loaded: StringTables | undefined;

/** The string tables, read from digests/strings/ on first use and validated. */
export function stringTables(): StringTables {
  loaded ??= loadStringTables();
  return loaded;
}

/** Codes of the languages the bot speaks (one file each in digests/strings/), English first. */
export function uiLanguages(): readonly string[] {
  return stringTables().languages;
}

export function isUiLanguage(lang: string): boolean {
  return stringTables().tables.has(lang);
}

/** The string for `key` in `lang` (English when the language or the key is missing), `{param}`s filled in. */
export function t(lang: string, key: UiKey, params: UiParams = {}): string {
  const { tables } = stringTables();
  const template = tables.get(lang)?.[key] ?? tables.get(DEFAULT_UI_LANG)![key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
