import { abbreviationsFor, MONTH_NAMES, ORDINAL_DOT_LANGUAGES } from './abbreviations.js';

/** One sentence: `text` is exactly `source.slice(start, end)`. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    let locale = 'en';
    try {
      locale = Intl.Segmenter.supportedLocalesOf([lang]).length > 0 ? lang : 'en';
    } catch {
      // 'und' and other non-locales: ICU's root rules are fine.
    }
    s = new Intl.Segmenter(locale, { granularity: 'sentence' });
    segmenters.set(lang, s);
  }
  return s;
}

const TERMINAL = /[.!?…:;。！？؟۔"'»”’)\]]\s*$/u;
const LIST_MARKER = /^\s*(?:[-–—•*·▪►]|\d{1,3}[.)]\s)/u;
const STARTS_LOWER = /^\s*[«»„“”"'‘’(\[]*\p{Ll}/u;
const STARTS_DIGIT = /^\s*\d/;
const STARTS_UPPER_WORD = /^\s*[«»„“”"'‘’(\[]*(\p{Lu}\p{L}*)/u;
const CLOSERS_AT_START = /^(\s*[»”“’"')\]]+)(?=\s|$)/u;
const STRIP_OPENERS = /^[«»„“”"'‘’(\[]+/u;
const HAS_LETTER = /[\p{L}\p{N}]/u;

/**
 * Split text into sentences: Intl.Segmenter for the language, then a merge pass for abbreviations,
 * initials and ordinal numbers, and line breaks kept where a line is a heading or a list item
 * (hard-wrapped prose lines are joined).
 */
export function splitSentences(source: string, lang: string): Sentence[] {
  const out: Sentence[] = [];
  for (const [blockStart, blockEnd] of blocks(source)) {
    const block = source.slice(blockStart, blockEnd).replace(/[\r\n]/g, ' ');
    const raw: [number, number][] = [];
    for (const seg of segmenterFor(lang).segment(block)) raw.push([blockStart + seg.index, blockStart + seg.index + seg.segment.length]);
    for (const [start, end] of mergeFalseBreaks(source, raw, lang)) {
      const s = trimmed(source, start, end);
      if (s && HAS_LETTER.test(s.text)) out.push(s);
    }
  }
  return out;
}

/** Line-based blocks: a line joins the previous one only when it reads as a wrapped continuation. */
function blocks(source: string): [number, number][] {
  const lines: [number, number][] = [];
  const re = /\r?\n/g;
  let from = 0;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    lines.push([from, m.index]);
    from = m.index + m[0].length;
  }
  lines.push([from, source.length]);
  const out: [number, number][] = [];
  for (const [start, end] of lines) {
    const line = source.slice(start, end);
    if (!line.trim()) continue;
    const prev = out[out.length - 1];
    if (prev && isContinuation(source.slice(prev[0], prev[1]), line)) prev[1] = end;
    else out.push([start, end]);
  }
  return out;
}

function isContinuation(previous: string, line: string): boolean {
  if (TERMINAL.test(previous) || LIST_MARKER.test(line)) return false;
  // Wrapped prose continues in lower case; a capitalised line after an unfinished one is a heading break.
  return STARTS_LOWER.test(line) || (previous.trim().length > 60 && STARTS_DIGIT.test(line));
}

/** What /\s/ matches, by code unit (the same set with or without the u flag). */
function isSpace(code: number): boolean {
  return (
    code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

/** The characters CLOSERS_AT_START accepts after leading spaces. */
const CLOSER_CHARS = '»”“’"\')]';

/**
 * Whether CLOSERS_AT_START may match source[from, to): its first character after spaces is a
 * closer. Checked in place, so most segments need no slice and no regex.
 */
function mayStartWithClosers(source: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && isSpace(source.charCodeAt(i))) i++;
  return i < to && CLOSER_CHARS.includes(source[i]!);
}

/**
 * Whether lastDottedToken(source.slice(from, to)) may be defined: the range ends in a period
 * before any trailing spaces. When not, shouldJoin is false without slicing either sentence.
 */
function endsWithPeriod(source: string, from: number, to: number): boolean {
  let end = to;
  while (end > from && isSpace(source.charCodeAt(end - 1))) end--;
  return end > from && source.charCodeAt(end - 1) === 0x2e;
}

function mergeFalseBreaks(source: string, raw: [number, number][], lang: string): [number, number][] {
  const out: [number, number][] = [];
  for (const seg of raw) {
    const prev = out[out.length - 1];
    if (prev) {
      // Closing quotes or brackets the segmenter left at the start belong to the previous sentence.
      const closers = mayStartWithClosers(source, seg[0], seg[1]) ? CLOSERS_AT_START.exec(source.slice(seg[0], seg[1])) : null;
      if (closers) {
        prev[1] = seg[0] + closers[1]!.length;
        seg[0] = prev[1];
        if (!source.slice(seg[0], seg[1]).trim()) {
          prev[1] = seg[1];
          continue;
        }
      }
      if (endsWithPeriod(source, prev[0], prev[1]) && shouldJoin(source.slice(prev[0], prev[1]), source.slice(seg[0], seg[1]), lang)) {
        prev[1] = seg[1];
        continue;
      }
    }
    out.push([seg[0], seg[1]]);
  }
  return out;
}

/** The word before a final period ("Dr" in "… Dr. "), or undefined when the text does not end in one. */
function lastDottedToken(text: string): string | undefined {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  if (end === 0 || text[end - 1] !== '.') return undefined;
  let start = end - 1;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  return start < end - 1 ? text.slice(start, end - 1) : undefined;
}

function shouldJoin(previous: string, next: string, lang: string): boolean {
  const token = lastDottedToken(previous)?.replace(STRIP_OPENERS, '');
  if (token === undefined) return false;
  const lower = token.toLowerCase();
  const abbr = abbreviationsFor(lang);
  const nextLower = STARTS_LOWER.test(next);
  const nextDigit = STARTS_DIGIT.test(next);
  // Initials: "A. Shingarev", "J. R. R. Tolkien", "U.S" written "U. S.".
  if (/^\p{Lu}$/u.test(token)) return true;
  if (abbr.prefix.has(lower)) return true;
  if (abbr.numeric.has(lower) && nextDigit) return true;
  if (abbr.suffix.has(lower) && (nextLower || nextDigit)) return true;
  // Dotted acronyms inside a sentence ("the U.S.A. and"): only when the text goes on in lower case.
  if (/^(?:\p{L}\.)+\p{L}$/u.test(token) && (nextLower || nextDigit)) return true;
  if (/^\d{1,4}$/.test(token) && ORDINAL_DOT_LANGUAGES.has(lang)) {
    if (nextLower) return true;
    const word = STARTS_UPPER_WORD.exec(next)?.[1]?.toLowerCase();
    if (word && MONTH_NAMES.has(word)) return true;
  }
  // A sentence does not start in lower case: the period was not an end.
  return nextLower;
}

function trimmed(source: string, start: number, end: number): Sentence | null {
  while (start < end && /\s/.test(source[start]!)) start++;
  while (end > start && /\s/.test(source[end - 1]!)) end--;
  return end > start ? { text: source.slice(start, end), start, end } : null;
}
