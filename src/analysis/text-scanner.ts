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
  /** The memo shared by every word of this spelling; null for CJK characters and dotted acronyms. */
  word: WordForms | null;
}

// Character classes, computed once per code point (BMP) and cached: the scanner is the hot loop
// of analysis, and a Unicode-property regex per word costs more than the rest of matching.
const OTHER = 1;
const WORD = 2;
const CJK_CHAR = 3;
const SENTENCE_END = 4;
const PHRASE_BREAK = 5;
const classes = new Uint8Array(0x10000);
const WORD_RE = /[\p{L}\p{N}\p{M}]/u;
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const SENTENCE_END_CHARS = '.!?\n。！？؟…';
const PHRASE_BREAK_CHARS = ',;:()[]{}，、；：،؛|';

function classify(ch: string): number {
  if (SENTENCE_END_CHARS.includes(ch)) return SENTENCE_END;
  if (PHRASE_BREAK_CHARS.includes(ch)) return PHRASE_BREAK;
  if (CJK_RE.test(ch)) return CJK_CHAR;
  if (WORD_RE.test(ch)) return WORD;
  return OTHER;
}

function classAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) return classify(text.slice(i, i + 2));
  let c = classes[code];
  if (c === 0) c = classes[code] = classify(text[i]);
  return c;
}

/**
 * Forms of a word as written, cached per spelling: one lookup per word instead of folding it again,
 * and every consumer (phrase heads, stems, n-gram hashes) then meets the same string objects,
 * whose hashes V8 has already computed, instead of a fresh copy per occurrence.
 */
export interface WordForms {
  lower: string;
  folded: string;
  /** Shared by every token of this spelling: read-only. */
  forms: readonly string[];
  cap: boolean;
  upper: boolean;
  stop: boolean;
  /**
   * Memo slots that consumers fill for this spelling, so a repeated word costs a field read instead
   * of a map lookup: the stem in one language (item-tokens.ts), its n-gram hashes (topic-features.ts), its name skeleton, and the phrase heads of two phrase
   * indexes (phrase-index.ts; an index past those two keeps its own map).
   */
  stemLang: string | null;
  stem: string;
  /** Hashed character 4-grams of `folded` (topic-features.ts). */
  grams: Uint32Array | null;
  /** Occurrences of this spelling in the item topicFeatures call `featureCall` is reading. */
  featureCall: number;
  featureCount: number;
  /** Name skeleton of `folded` (name-skeleton.ts). */
  skeleton: string | null;
  headsOwner0: object | null;
  headsVersion0: number;
  heads0: readonly unknown[];
  headsOwner1: object | null;
  headsVersion1: number;
  heads1: readonly unknown[];
}
const wordCache = new Map<string, WordForms>();
const NO_HEADS: readonly never[] = [];
const WORD_CACHE_LIMIT = 200_000;

function formsOf(raw: string, ascii: boolean): WordForms {
  let w = wordCache.get(raw);
  if (w === undefined) {
    // ASCII: only A-Z change in lower case, and nothing folds further.
    const folded = ascii ? raw.toLowerCase() : foldWord(raw);
    const lower = ascii ? folded : lowerWord(raw);
    const firstCode = raw.charCodeAt(0);
    const cap = firstCode < 0x80 ? isUpperLetter(firstCode) : raw[0] !== raw[0]!.toLowerCase();
    const upper = cap && raw.length >= 2 && raw === raw.toUpperCase() && /\p{L}.*\p{L}/u.test(raw);
    // Acronyms (DI, IT, US) are never stop words, even when they spell one.
    const stop = !upper && folded.length > 0 && isStopWord(folded);
    w = {
      lower,
      folded,
      forms: !ascii && isArabicWord(folded) ? arabicForms(folded) : [folded],
      cap,
      upper,
      stop,
      stemLang: null,
      stem: '',
      grams: null,
      featureCall: 0,
      featureCount: 0,
      skeleton: null,
      headsOwner0: null,
      headsVersion0: 0,
      heads0: NO_HEADS,
      headsOwner1: null,
      headsVersion1: 0,
      heads1: NO_HEADS,
    };
    if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
    wordCache.set(raw, w);
  }
  return w;
}

/**
 * A direct-mapped table of recent spellings by their hash (scanText computes it while reading the
 * word): a hit is the spelling's WordForms without a slice of the text or a lookup in the large
 * `wordCache` map, which was a twentieth of all analysis time.
 */
const RECENT_SLOTS = 1 << 14;
const RECENT_MASK = RECENT_SLOTS - 1;
const recentRaw: (string | undefined)[] = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);
const recentWord: (WordForms | undefined)[] = new Array<WordForms | undefined>(RECENT_SLOTS).fill(undefined);

/**
 * Forms ([NFKC]) of one CJK character, shared by every token of it and cached per BMP code point in
 * an array: Chinese and Japanese text is one token per character.
 */
const cjkFormsByCode: (readonly string[] | undefined)[] = [];

function cjkForms(ch: string): readonly string[] {
  if (ch.length !== 1) return [ch.normalize('NFKC')];
  const code = ch.charCodeAt(0);
  let forms = cjkFormsByCode[code];
  if (forms === undefined) cjkFormsByCode[code] = forms = [ch.normalize('NFKC')];
  return forms;
}

function isUpperLetter(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

export function scanText(text: string): ScannedToken[] {
  const out: ScannedToken[] = [];
  let sentence = 0;
  let pendingBreak = false;
  let pendingContentBreak = false;
  let sentenceStart = true;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const cls = classAt(text, i);
    if (cls === OTHER) {
      i++;
      continue;
    }
    if (cls === SENTENCE_END) {
      if (!sentenceStart) sentence++;
      sentenceStart = true;
      pendingBreak = pendingContentBreak = true;
      i++;
      continue;
    }
    if (cls === PHRASE_BREAK) {
      pendingBreak = pendingContentBreak = true;
      i++;
      continue;
    }
    const start = i;
    let nonAscii = false;
    let kind: 'acronym' | 'cjk' | 'word';
    // FNV-1a of the word's code units: its slot in the recent-spellings table.
    let hash = 0x811c9dc5;
    if (cls === CJK_CHAR) {
      i += text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff ? 2 : 1;
      kind = 'cjk';
    } else {
      while (i < n) {
        const code = text.charCodeAt(i);
        if (code < 0x80) {
          // ASCII fast path: letters and digits.
          if (!((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39))) break;
          hash = Math.imul(hash ^ code, 0x01000193);
          i++;
          continue;
        }
        nonAscii = true;
        if (classAt(text, i) !== WORD) break;
        hash = Math.imul(hash ^ code, 0x01000193);
        if (code >= 0xd800 && code <= 0xdbff) {
          hash = Math.imul(hash ^ text.charCodeAt(i + 1), 0x01000193);
          i += 2;
        } else i++;
      }
      kind = 'word';
      // Dotted acronyms (U.S., E.U.) are one word, and their dots end no sentence.
      if (i - start === 1 && isUpperLetter(text.charCodeAt(start)) && text[i] === '.' && isUpperLetter(text.charCodeAt(i + 1)) && text[i + 2] === '.') {
        while (isUpperLetter(text.charCodeAt(i + 1)) && text[i + 2] === '.') i += 2;
        i++;
        kind = 'acronym';
      }
    }
    let raw: string;
    let word: WordForms | null = null;
    if (kind === 'word') {
      // The same spelling as the table's entry at this slot: its forms, without slicing the word
      // out of the text and hashing it again for the spellings map.
      const slot = (hash ^ (hash >>> 15)) & RECENT_MASK;
      const known = recentRaw[slot];
      if (known !== undefined && known.length === i - start && text.startsWith(known, start)) {
        raw = known;
        word = recentWord[slot]!;
      } else {
        raw = text.slice(start, i);
        word = formsOf(raw, !nonAscii);
        recentRaw[slot] = raw;
        recentWord[slot] = word;
      }
    } else raw = text.slice(start, i);
    let folded: string;
    let lower: string;
    let forms: readonly string[];
    let cap: boolean;
    let upper: boolean;
    let stop: boolean;
    let cjk = false;
    if (word !== null) {
      ({ folded, lower, forms, cap, upper, stop } = word);
    } else {
      if (kind === 'acronym') {
        folded = raw.replace(/\./g, '').toLowerCase();
        lower = folded;
        forms = [folded];
      } else {
        forms = cjkForms(raw);
        folded = forms[0]!;
        lower = folded;
        cjk = true;
      }
      if (cjk) {
        // No Han, Hiragana or Katakana character has a case (checked over all of Unicode).
        cap = upper = stop = false;
      } else {
        const firstCode = raw.charCodeAt(0);
        // ASCII: only A-Z change in lower case.
        cap = firstCode < 0x80 ? isUpperLetter(firstCode) : raw[0] !== raw[0]!.toLowerCase();
        upper = cap && raw.length >= 2 && raw === raw.toUpperCase() && /\p{L}.*\p{L}/u.test(raw);
        // Acronyms (DI, IT, US) are never stop words, even when they spell one.
        stop = !upper && isStopWord(folded);
      }
    }
    // A run of lone combining marks folds to nothing: it is not a word.
    if (folded.length === 0) continue;
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
      word,
    });
    pendingBreak = false;
    if (!stop) pendingContentBreak = false;
    sentenceStart = false;
  }
  return out;
}
