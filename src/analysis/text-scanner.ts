/**
 * One pass over a text that yields its words with offsets, folded forms and the few facts the
 * matchers need (capitalisation, sentence number, punctuation breaks). Chinese and Japanese
 * characters are single-character tokens so phrases match without word spaces.
 */
import { arabicForms, foldWord, isArabicWord, lowerWord } from './fold-word.js';
import { isStopWord } from './stop-words.js';

export interface ScannedToken {
  /** Offsets into the original text (surface = text.slice(start, end)). */
  start: number;
  end: number;
  /** NFKC + lower case, diacritics kept (stemmer input). */
  lower: string;
  /** Matching form: lower case, no diacritics, Arabic normalised. */
  folded: string;
  /** Readings the matcher accepts (Arabic: clitic prefixes peeled); forms[0] === folded. */
  forms: readonly string[];
  /** First letter upper case as written. */
  cap: boolean;
  /** Written all in capitals (an acronym such as NATO or ЕС), at least two letters. */
  upper: boolean;
  /** Sentence number, from 0. */
  sentence: number;
  /** Punctuation (comma, bracket, full stop...) between this token and the previous one. */
  breakBefore: boolean;
  /** Punctuation between this token and the previous non-stop token (what phrase matching uses). */
  contentBreak: boolean;
  /** First word of its sentence. */
  sentenceStart: boolean;
  cjk: boolean;
  stop: boolean;
}

const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
// Groups: 1 dotted acronym (U.S.), 2 CJK character, 3 word, 4 sentence end, 5 phrase break.
const TOKEN_RE = new RegExp(
  `((?:\\p{Lu}\\.){2,})|([${CJK}])|([[\\p{L}\\p{N}\\p{M}]--[${CJK}]]+)|([.!?\\n。！？؟…])|([,;:\\(\\)\\[\\]\\{\\}，、；：،؛\\|])`,
  'gv',
);

const lowerCache = new Map<string, string>();

function lowerOf(raw: string): string {
  let v = lowerCache.get(raw);
  if (v === undefined) {
    v = lowerWord(raw);
    if (lowerCache.size > 200_000) lowerCache.clear();
    lowerCache.set(raw, v);
  }
  return v;
}

function isAsciiWord(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

export function scanText(text: string): ScannedToken[] {
  const out: ScannedToken[] = [];
  const re = new RegExp(TOKEN_RE);
  let sentence = 0;
  let pendingBreak = false;
  let pendingContentBreak = false;
  let sentenceStart = true;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[4] !== undefined) {
      if (!sentenceStart) sentence++;
      sentenceStart = true;
      pendingBreak = pendingContentBreak = true;
      continue;
    }
    if (m[5] !== undefined) {
      pendingBreak = pendingContentBreak = true;
      continue;
    }
    const raw = m[0];
    const start = m.index;
    let folded: string;
    let lower: string;
    let forms: readonly string[];
    let cjk = false;
    if (m[1] !== undefined) {
      folded = raw.replace(/\./g, '').toLowerCase();
      lower = folded;
      forms = [folded];
    } else if (m[2] !== undefined) {
      folded = raw.normalize('NFKC');
      lower = folded;
      forms = [folded];
      cjk = true;
    } else if (isAsciiWord(raw)) {
      folded = raw.toLowerCase();
      lower = folded;
      forms = [folded];
    } else {
      folded = foldWord(raw);
      lower = lowerOf(raw);
      forms = isArabicWord(folded) ? arabicForms(folded) : [folded];
    }
    const first = raw[0];
    const cap = first !== first.toLowerCase();
    const upper = cap && raw.length >= 2 && raw === raw.toUpperCase() && /\p{L}.*\p{L}/u.test(raw);
    // Acronyms (DI, IT, US) are never stop words, even when they spell one.
    const stop = !cjk && !upper && isStopWord(folded);
    out.push({
      start,
      end: start + raw.length,
      lower,
      folded,
      forms,
      cap,
      upper,
      sentence,
      breakBefore: pendingBreak,
      contentBreak: pendingContentBreak,
      sentenceStart,
      cjk,
      stop,
    });
    pendingBreak = false;
    if (!stop) pendingContentBreak = false;
    sentenceStart = false;
  }
  return out;
}
