/**
 * Loads digests/date-words.json (month names and date templates for languages chrono-node does not
 * read, or reads only in part), validates it with zod, and compiles each template to one regular
 * expression. A mistake in the file is reported with its path and field.
 */
import { readJsonFile } from '../data-file.js';
import { z } from 'zod';
import { fromRoot } from '../package-root.js';

const TEMPLATE_TOKENS = /\{(year|month|day|dd|mm)\}/g;

const TemplateSchema = z
  .string()
  .min(3)
  .refine((t) => /\{(day|dd)\}/.test(t) && /\{(month|mm)\}/.test(t), 'a template needs {day} (or {dd}) and {month} (or {mm})')
  .refine((t) => (t.match(TEMPLATE_TOKENS) ?? []).length === new Set(t.match(TEMPLATE_TOKENS)).size, 'a token appears twice');

const LanguageSchema = z
  .object({
    /** Twelve lists (January first) of the names of each month, any case; or none. */
    months: z.array(z.array(z.string().min(2)).min(1)).refine((m) => m.length === 0 || m.length === 12, 'months: give all 12 months, or none'),
    full: z.array(TemplateSchema.refine((t) => t.includes('{year}'), 'a full template needs {year}')),
    dayMonth: z.array(TemplateSchema.refine((t) => !t.includes('{year}'), 'a dayMonth template has no {year}')),
  })
  .strict()
  .refine((l) => l.months.length > 0 || [...l.full, ...l.dayMonth].every((t) => !t.includes('{month}')), '{month} needs month names');

export const DateWordsSchema = z
  .object({
    version: z.number().int().positive(),
    about: z.string().optional(),
    languages: z.record(z.string().regex(/^(\*|[a-z]{2,3})$/), LanguageSchema),
  })
  .strict();

export type DateWordsFile = z.infer<typeof DateWordsSchema>;

/** One compiled template: its regex (named groups y, m, d, mn, mn2) and whether it states a year. */
export interface DatePattern {
  regex: RegExp;
  full: boolean;
  /** Lower-cased month name -> month (1-12), for the language the template belongs to. */
  months: Map<string, number>;
}

export interface DateWords {
  /** Patterns for a language: its own plus the ones for every language ("*"). */
  patternsFor(lang: string): DatePattern[];
}

export function defaultDateWordsPath(): string {
  return fromRoot('digests', 'date-words.json');
}

/** Read, validate and compile a date-words file (default digests/date-words.json). */
export function loadDateWords(path: string = defaultDateWordsPath()): DateWords {
  return compileDateWords(readJsonFile(path, 'date words', DateWordsSchema));
}

export function compileDateWords(file: DateWordsFile): DateWords {
  const byLang = new Map<string, DatePattern[]>();
  for (const [lang, spec] of Object.entries(file.languages)) {
    const months = new Map<string, number>();
    spec.months.forEach((names, i) => names.forEach((n) => months.set(foldName(n), i + 1)));
    const alternation = [...months.keys()].sort((a, b) => b.length - a.length).map(namePattern).join('|');
    const compile = (template: string, full: boolean): DatePattern => ({ regex: templateRegex(template, alternation), full, months });
    byLang.set(lang, [...spec.full.map((t) => compile(t, true)), ...spec.dayMonth.map((t) => compile(t, false))]);
  }
  const common = byLang.get('*') ?? [];
  return { patternsFor: (lang) => [...(lang === '*' ? [] : (byLang.get(lang) ?? [])), ...common] };
}

/** Month names compare lower-cased with runs of spaces as one. */
export function foldName(name: string): string {
  return name.toLowerCase().replace(/\s+/g, ' ').trim();
}

function namePattern(name: string): string {
  return name.split(' ').map(escapeRegex).join('\\s+');
}

function templateRegex(template: string, months: string): RegExp {
  let source = '';
  let last = 0;
  for (const m of template.matchAll(TEMPLATE_TOKENS)) {
    source += literal(template.slice(last, m.index));
    source += token(m[1]!, months);
    last = m.index! + m[0].length;
  }
  source += literal(template.slice(last));
  // Not inside a longer number or word; a year is not followed by more digits.
  return new RegExp(`(?<![\\p{L}\\p{N}])${source}(?![\\p{N}])`, 'giu');
}

function token(name: string, months: string): string {
  switch (name) {
    case 'year':
      return '(?<y>\\d{4})';
    case 'day':
    case 'dd':
      return '(?<d>\\d{1,2})';
    case 'mm':
      return '(?<m>\\d{1,2})';
    default:
      // A name, maybe "/" another name of the same month (نوفمبر/تشرين الثاني), maybe a suffix ('ta).
      return `(?<mn>${months})(?![\\p{L}])(?:\\s*/\\s*(?<mn2>${months})(?![\\p{L}]))?(?:['’]\\p{L}+)?`;
  }
}

function literal(text: string): string {
  return text.split(/ +/).map(escapeRegex).join('\\s+');
}

function escapeRegex(text: string): string {
  // Only syntax characters: the `u` flag refuses any other escape (such as \-).
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
