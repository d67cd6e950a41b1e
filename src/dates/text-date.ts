/**
 * The date an item's text states: a dateline ("Vilnius, 2019 m. kovo 5 d."), "on 12 November
 * 2018", "2022年7月8日". chrono-node reads the languages it knows; digests/date-words.json adds
 * month names and templates for the others (lt, pl, tr) and forms chrono misses (Arabic-Indic
 * digits, Levantine and Maghrebi month names, Austrian Jänner).
 *
 * Wrong dates are worse than none, so only a complete day, month and year counts: a date with a
 * year written out (four digits, or a CJK year), between 1990 and the day after the reference
 * (the fetch time; a future date is an announcement, not when the item happened). A day and month
 * without a year ("12 نوفمبر") take a year only from a complete date of the same item in the same
 * or a neighbouring month, when all such dates agree; otherwise they are not a date. Relative
 * words ("yesterday", "on Tuesday") are never read. The first date in the text wins: a dateline
 * or the first date the report gives.
 */
import type * as Chrono from 'chrono-node';
import { compileDateWords, foldName, loadDateWords, type DateWords, type DateWordsFile } from './date-words.js';

type ChronoModule = typeof Chrono;
type ChronoParser = { parse(text: string, ref: Date): Chrono.ParsedResult[] };

/** A date read from the text: ISO day, where it starts, and what it looked like. */
export interface TextDate {
  date: string;
  index: number;
  text: string;
}

export interface TextDateReader {
  /** The item's date from its text, or null. `lang` is ISO 639-1 ('und' when unknown). */
  read(text: string, lang: string, reference: Date): TextDate | null;
}

/** Characters of an item read for a date: datelines and first mentions sit near the start. */
const READ_CHARS = 6_000;
const MIN_YEAR = 1990;
const DAY_MS = 86_400_000;

interface Candidate {
  index: number;
  text: string;
  day: number;
  month: number;
  year: number | null;
}

/** Loads chrono-node (on first use) and the date words (default digests/date-words.json). */
export async function createTextDateReader(options: { dateWordsPath?: string; dateWords?: DateWordsFile } = {}): Promise<TextDateReader> {
  const chrono = await import('chrono-node');
  const words = options.dateWords ? compileDateWords(options.dateWords) : loadDateWords(options.dateWordsPath);
  return textDateReader(chrono, words);
}

export function textDateReader(chrono: ChronoModule, words: DateWords): TextDateReader {
  const parsers = chronoParsers(chrono);
  return {
    read(text, lang, reference) {
      const normal = asciiDigits(text.slice(0, READ_CHARS));
      const found = [...fromChrono(parsers.get(lang), normal, lang, reference), ...fromWords(words, normal, lang)];
      return choose(found, reference);
    },
  };
}

function chronoParsers(chrono: ChronoModule): Map<string, ChronoParser> {
  // Strict parsers: no casual words ("today", "last Friday"); their dates are relative anyway.
  const locales: Record<string, { strict?: ChronoParser; casual?: ChronoParser } | undefined> = {
    en: chrono.en, de: chrono.de, fr: chrono.fr, es: chrono.es, it: chrono.it, pt: chrono.pt, nl: chrono.nl,
    ru: chrono.ru, uk: chrono.uk, ja: chrono.ja, zh: chrono.zh, ar: chrono.ar, sv: chrono.sv, fi: chrono.fi,
  };
  const out = new Map<string, ChronoParser>();
  for (const [lang, locale] of Object.entries(locales)) {
    const parser = locale?.strict ?? locale?.casual;
    if (parser) out.set(lang, parser);
  }
  return out;
}

function fromChrono(parser: ChronoParser | undefined, text: string, lang: string, reference: Date): Candidate[] {
  if (!parser) return [];
  let results: Chrono.ParsedResult[];
  try {
    results = parser.parse(text, reference);
  } catch {
    return [];
  }
  const out: Candidate[] = [];
  for (const r of results) {
    const s = r.start;
    if (!s.isCertain('day') || !s.isCertain('month')) continue;
    // A date needs digits or CJK numerals: words alone ("today") are relative.
    if (!/[\d〇一二三四五六七八九十]/.test(r.text)) continue;
    const day = s.get('day')!;
    const month = s.get('month')!;
    let year: number | null = s.isCertain('year') ? s.get('year')! : null;
    // A year counts only when written out: four digits, or a CJK year (年, including era years).
    if (year !== null && !/\d{4}/.test(r.text) && !/年/.test(r.text)) year = null;
    if (year === null && /^\s*\d{1,2}\s*[./-]\s*\d{1,2}\s*$/.test(r.text)) continue; // "3.12": a number, not a date
    // English 10/11/2021 is 10 November in London and 11 October in New York: not a date we can trust.
    if (lang === 'en' && /\d{1,2}\/\d{1,2}\/\d{4}/.test(r.text)) {
      const [a, b] = r.text.match(/\d{1,2}/g)!.map(Number);
      if (a !== b && a! <= 12 && b! <= 12) continue;
    }
    out.push({ index: r.index + (r.text.length - r.text.trimStart().length), text: r.text.trim(), day, month, year });
  }
  return out;
}

function fromWords(words: DateWords, text: string, lang: string): Candidate[] {
  const out: Candidate[] = [];
  for (const pattern of words.patternsFor(lang)) {
    for (const m of text.matchAll(pattern.regex)) {
      const g = m.groups ?? {};
      const month = g.mn ? pattern.months.get(foldName(g.mn)) : Number(g.m);
      if (!month || (g.mn2 && pattern.months.get(foldName(g.mn2)) !== month)) continue;
      out.push({ index: m.index!, text: m[0], day: Number(g.d), month, year: pattern.full ? Number(g.y) : null });
    }
  }
  return out;
}

/** The first complete (or completed) valid date in text order. */
function choose(found: Candidate[], reference: Date): TextDate | null {
  const latest = reference.getTime() + DAY_MS;
  const valid = (c: Candidate, year: number): string | null => {
    const iso = isoDay(year, c.month, c.day);
    if (!iso || year < MIN_YEAR || Date.parse(`${iso}T00:00:00Z`) > latest) return null;
    return iso;
  };
  const complete = found.filter((c) => c.year !== null && valid(c, c.year));
  const resolved: TextDate[] = [];
  for (const c of found) {
    const year = c.year ?? yearFromItem(c, complete);
    const iso = year === null ? null : valid(c, year);
    if (iso) resolved.push({ date: iso, index: c.index, text: c.text });
  }
  resolved.sort((a, b) => a.index - b.index || b.text.length - a.text.length);
  return resolved[0] ?? null;
}

/** The year of the item's complete dates in the same or a neighbouring month, when they all agree. */
function yearFromItem(c: Candidate, complete: Candidate[]): number | null {
  const years = new Set<number>();
  for (const d of complete) {
    const at = d.year! * 12 + d.month;
    // December next to January crosses a year: try the date's year and the ones either side.
    for (const year of [d.year!, d.year! - 1, d.year! + 1]) if (Math.abs(year * 12 + c.month - at) <= 1) years.add(year);
  }
  return years.size === 1 ? [...years][0]! : null;
}

function isoDay(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** Arabic-Indic, Eastern Arabic-Indic and full-width digits to ASCII (one UTF-16 unit each: indices hold). */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g, (c) => {
    const code = c.charCodeAt(0);
    const zero = code >= 0xff10 ? 0xff10 : code >= 0x06f0 ? 0x06f0 : 0x0660;
    return String(code - zero);
  });
}

/** Shared reader for callers without their own (loaded once). */
let shared: Promise<TextDateReader> | null = null;
export function sharedTextDateReader(): Promise<TextDateReader> {
  shared ??= createTextDateReader();
  return shared;
}
