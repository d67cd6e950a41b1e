/**
 * Dates, numbers, lists and language names in a channel's language, all through Intl (Node ships
 * full ICU), so no translator writes month names or list punctuation by hand.
 */
import { dateTimeFormat, displayNames, listFormat, numberFormat } from './intl-cache.js';

const RTL_LANGS = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'ckb', 'dv', 'sd', 'ug']);

/** The Intl locale for a UI language: English dates read day-month-year (en-GB) for an international audience. */
export function localeOf(lang: string): string {
  return lang === 'en' ? 'en-GB' : lang;
}

export function textDirection(lang: string): 'ltr' | 'rtl' {
  return RTL_LANGS.has(lang) ? 'rtl' : 'ltr';
}

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/gu;
const LETTER = /\p{L}/gu;

/**
 * The direction most of a text's letters are written in, or `fallback` when it has none. A machine
 * translation into Arabic that names "SAP" first still reads right to left, and the demo translator's
 * tagged English ("[en→ar] Paris Call …") still reads left to right.
 */
export function dominantDirection(text: string, fallback: 'ltr' | 'rtl'): 'ltr' | 'rtl' {
  const letters = text.match(LETTER)?.length ?? 0;
  if (letters === 0) return fallback;
  const rtl = text.match(RTL_LETTER)?.length ?? 0;
  return rtl * 2 > letters ? 'rtl' : rtl * 2 < letters ? 'ltr' : fallback;
}

/** The separator of a run-in list in `lang` ("a, b", Arabic "a، b", Chinese "a、b"). */
export function listSeparator(lang: string): string {
  return lang === 'ar' || lang === 'fa' || lang === 'ur' ? '، ' : lang === 'zh' || lang === 'ja' ? '、' : ', ';
}

/** "a, b or c" in `lang`. */
export function joinOr(lang: string, parts: readonly string[]): string {
  return listFormat(localeOf(lang), { type: 'disjunction' }).format(parts);
}

/** "a, b and c" in `lang`. */
export function joinAnd(lang: string, parts: readonly string[]): string {
  return listFormat(localeOf(lang), { type: 'conjunction' }).format(parts);
}

/** Weekday name (0 = Sunday, as Date#getDay counts) in `lang`. */
export function weekdayName(lang: string, day: number): string {
  // 4 January 2026 was a Sunday.
  return dateTimeFormat(localeOf(lang), { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, 0, 4 + day)));
}

/** A language's name in `lang` ("Arabic", "arabe", "арабский"); the upper-case code when Intl has none. */
export function languageName(lang: string, code: string): string {
  try {
    const name = displayNames(localeOf(lang), { type: 'language', fallback: 'none' }).of(code);
    if (name) return name;
  } catch {
    // an invalid code: fall through
  }
  return code.toUpperCase();
}

// Lithuanian's short date is all digits (2018-11-12); its long month reads as Lithuanian.
const LONG_MONTH = new Set(['lt']);

/** A calendar date ("12 Nov 2018", "12 nov. 2018", "2018年11月12日") of an ISO instant, in `timeZone` (UTC by default). */
export function formatDate(lang: string, instant: string | Date, timeZone = 'UTC'): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) return String(instant);
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: LONG_MONTH.has(lang) ? 'long' : 'short', year: 'numeric' };
  try {
    return dateTimeFormat(localeOf(lang), { ...options, timeZone }).format(date);
  } catch {
    return dateTimeFormat(localeOf(lang), { ...options, timeZone: 'UTC' }).format(date);
  }
}

/** A number with the language's grouping and decimal signs. */
export function formatNumber(lang: string, value: number): string {
  return numberFormat(localeOf(lang)).format(value);
}
