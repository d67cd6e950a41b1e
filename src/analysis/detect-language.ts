/**
 * Language detection: script first, then eld (n-grams) within Latin and Cyrillic, corrected by how
 * well each language's alphabet fits the letters actually present (ł, ė, ř, і, ы …). Short headlines
 * of close neighbours (lt/lv, ru/uk/bg, es/pt/ca, pl/cs/sk) are where eld alone slips.
 */

/** The eld model size; extrasmall keeps the detector's heap near 30 MB (see the bench notes). */
export type EldSize = 'extrasmall' | 'small' | 'medium' | 'large';

export interface LanguageDetector {
  /** ISO 639-1 code, or 'und' when the text is too short to tell. `declared` is a weak prior. */
  detect(text: string, declared?: string | null): string;
}

import { loadEldScorer, type LanguageScorer } from './eld-scorer.js';

type Script =
  | 'latin' | 'cyrillic' | 'arabic' | 'han' | 'kana' | 'hangul' | 'greek' | 'hebrew' | 'georgian'
  | 'armenian' | 'thai' | 'lao' | 'ethiopic' | 'devanagari' | 'bengali' | 'gujarati' | 'gurmukhi'
  | 'tamil' | 'telugu' | 'kannada' | 'malayalam' | 'oriya';

const SCRIPT_RANGES: [number, number, Script][] = [
  [0x0041, 0x005a, 'latin'], [0x0061, 0x007a, 'latin'], [0x00c0, 0x024f, 'latin'], [0x1e00, 0x1eff, 'latin'],
  [0x0370, 0x03ff, 'greek'], [0x1f00, 0x1fff, 'greek'],
  [0x0400, 0x052f, 'cyrillic'],
  [0x0531, 0x058f, 'armenian'],
  [0x0590, 0x05ff, 'hebrew'],
  [0x0600, 0x06ff, 'arabic'], [0x0750, 0x077f, 'arabic'], [0x08a0, 0x08ff, 'arabic'], [0xfb50, 0xfdff, 'arabic'], [0xfe70, 0xfeff, 'arabic'],
  [0x0900, 0x097f, 'devanagari'], [0x0980, 0x09ff, 'bengali'], [0x0a00, 0x0a7f, 'gurmukhi'], [0x0a80, 0x0aff, 'gujarati'],
  [0x0b00, 0x0b7f, 'oriya'], [0x0b80, 0x0bff, 'tamil'], [0x0c00, 0x0c7f, 'telugu'], [0x0c80, 0x0cff, 'kannada'],
  [0x0d00, 0x0d7f, 'malayalam'], [0x0e00, 0x0e7f, 'thai'], [0x0e80, 0x0eff, 'lao'],
  [0x10a0, 0x10ff, 'georgian'], [0x1100, 0x11ff, 'hangul'], [0x1200, 0x139f, 'ethiopic'],
  [0x3040, 0x30ff, 'kana'], [0x31f0, 0x31ff, 'kana'], [0xff66, 0xff9f, 'kana'],
  [0x3130, 0x318f, 'hangul'], [0xac00, 0xd7af, 'hangul'],
  [0x3400, 0x4dbf, 'han'], [0x4e00, 0x9fff, 'han'], [0xf900, 0xfaff, 'han'], [0x20000, 0x2ffff, 'han'],
];

/** Scripts that name their language outright. */
const SCRIPT_LANGUAGE: Partial<Record<Script, string>> = {
  greek: 'el', hebrew: 'he', georgian: 'ka', armenian: 'hy', hangul: 'ko', thai: 'th', lao: 'lo',
  ethiopic: 'am', bengali: 'bn', gujarati: 'gu', gurmukhi: 'pa', tamil: 'ta', telugu: 'te',
  kannada: 'kn', malayalam: 'ml', oriya: 'or',
};

const LATIN_LANGUAGES = ['az', 'ca', 'cs', 'da', 'de', 'en', 'es', 'et', 'eu', 'fi', 'fr', 'hr', 'hu', 'is', 'it', 'lt', 'lv', 'ms', 'nl', 'no', 'pl', 'pt', 'ro', 'sk', 'sl', 'sq', 'sv', 'tl', 'tr', 'vi', 'yo'];
const CYRILLIC_LANGUAGES = ['be', 'bg', 'ru', 'sr', 'uk'];

/** Letters beyond a–z (Latin) or the letters distinctive within Cyrillic, per language. */
const ALPHABETS: Record<string, string> = {
  az: 'çəğıöşü', ca: 'àçèéíïòóúü·ŀ', cs: 'áčďéěíňóřšťúůýž', da: 'æøå', de: 'äöüß', en: '',
  es: 'áéíñóúü', et: 'äöõüšž', eu: 'ñ', fi: 'äöå', fr: 'àâæçéèêëîïôœùûüÿ', hr: 'čćđšž', hu: 'áéíóöőúüű',
  is: 'áðéíóúýþæö', it: 'àèéìíîòóùú', lt: 'ąčęėįšųūž', lv: 'āčēģīķļņšūž', ms: '', nl: 'éëïöü', no: 'æøåé',
  pl: 'ąćęłńóśźż', pt: 'áâãàçéêíóôõú', ro: 'ăâîșşțţ', sk: 'áäčďéíĺľňóôŕšťúýž', sl: 'čšž', sq: 'çë',
  sv: 'åäö', tl: 'ñ', tr: 'çğıöşüİ', vi: 'àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ', yo: 'ẹọṣàáèéìíòóùú',
  // Cyrillic: only the letters that tell the languages apart.
  be: 'іўыэё', bg: 'ъщ', ru: 'ыэёъщ', sr: 'ђјљњћџ', uk: 'іїєґщ',
};
/** Letters each Cyrillic language never uses; their presence argues against it. */
const CYRILLIC_DISTINCTIVE = 'іїєґўыэёъщђјљњћџ';

const ALPHABET_SETS = new Map(Object.entries(ALPHABETS).map(([lang, letters]) => [lang, new Set(letters)]));
const LATIN_MARKED = new Set(Object.entries(ALPHABETS).filter(([l]) => LATIN_LANGUAGES.includes(l)).flatMap(([, s]) => [...s]));
const CYRILLIC_MARKED = new Set(CYRILLIC_DISTINCTIVE);

const PERSIAN_MARKERS = /[پچژگکی]/g;
const ARABIC_ONLY = /[يكة]/g;
const URDU_MARKERS = /[ٹڈڑںےہھ]/g;
const KURDISH_MARKERS = /[ڕڵۆێە]/g;

/** Below this many letters (CJK characters count thrice) there is too little to tell. */
const MIN_LETTERS = 12;
/** How much the alphabet fit and the declared language move eld's 0–1 scores. */
const ALPHABET_WEIGHT = 0.12;
const DECLARED_WEIGHT = 0.015;
const NON_LATIN_SHARE = 0.2;

function scriptOf(code: number): Script | null {
  if (code < 0x41) return null;
  for (const [lo, hi, script] of SCRIPT_RANGES) if (code >= lo && code <= hi) return script;
  return null;
}

interface ScriptCounts {
  counts: Map<Script, number>;
  total: number;
}

function countScripts(text: string): ScriptCounts {
  const counts = new Map<Script, number>();
  let total = 0;
  let latin = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    // ASCII letters are most of the text in most items: count them without a range search.
    if (code < 0x80) {
      if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      code = text.codePointAt(i)!;
      i++;
    }
    const script = scriptOf(code);
    if (!script) continue;
    // One CJK character carries about as much as a short word.
    const weight = script === 'han' || script === 'kana' || script === 'hangul' ? 3 : 1;
    counts.set(script, (counts.get(script) ?? 0) + weight);
    total += weight;
  }
  if (latin > 0) counts.set('latin', (counts.get('latin') ?? 0) + latin);
  return { counts, total: total + latin };
}

/** Latin words inside non-Latin text are mostly names and acronyms, so another script wins from 20 %. */
function dominant(counts: Map<Script, number>, total: number): Script | null {
  let best: Script | null = null;
  let bestN = 0;
  for (const [script, n] of counts) if (script !== 'latin' && n > bestN) [best, bestN] = [script, n];
  if (best && bestN >= total * NON_LATIN_SHARE) return best;
  return counts.has('latin') ? 'latin' : best;
}

/** Keep only words written mostly in `script` so "НАТО и CERT-UA" is judged on its Cyrillic. */
function wordsInScript(text: string, script: Script): string {
  const out: string[] = [];
  for (const word of text.split(/[\s\p{P}\p{S}\d]+/u)) {
    if (!word) continue;
    let inScript = 0;
    for (const ch of word) if (scriptOf(ch.codePointAt(0)!) === script) inScript++;
    if (inScript * 2 > word.length) out.push(word);
  }
  return out.join(' ');
}

function arabicScriptLanguage(text: string): string {
  const persian = text.match(PERSIAN_MARKERS)?.length ?? 0;
  const arabic = text.match(ARABIC_ONLY)?.length ?? 0;
  const urdu = text.match(URDU_MARKERS)?.length ?? 0;
  const kurdish = text.match(KURDISH_MARKERS)?.length ?? 0;
  if (kurdish >= 2 && kurdish > urdu) return 'ku';
  if (urdu >= 2 && urdu > arabic) return 'ur';
  if (persian >= 2 && persian > arabic * 2) return 'fa';
  return 'ar';
}

/** How well each candidate's alphabet covers the marked letters of the text, in [-1, 1]. */
function alphabetFit(text: string, candidates: string[], marked: Set<string>): Map<string, number> {
  const letters = new Map<string, number>();
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0xb7) continue;
    const ch = text[i]!.toLowerCase();
    if (!marked.has(ch)) continue;
    letters.set(ch, (letters.get(ch) ?? 0) + 1);
    n++;
  }
  const fit = new Map<string, number>();
  if (n === 0) return fit;
  for (const lang of candidates) {
    const alphabet = ALPHABET_SETS.get(lang)!;
    let score = 0;
    for (const [ch, count] of letters) score += alphabet.has(ch) ? count : -count;
    // A few marked letters (a foreign name) move little; many move a lot.
    fit.set(lang, score / (n + 4));
  }
  return fit;
}

function pickWithinScript(eld: LanguageScorer, text: string, candidates: string[], marked: Set<string>, declared: string | null | undefined): string {
  const scores = eld.scores(text);
  const at = indexesIn(eld, candidates);
  const fit = alphabetFit(text, candidates, marked);
  let best = candidates[0]!;
  let bestScore = -Infinity;
  for (let c = 0; c < candidates.length; c++) {
    const lang = candidates[c]!;
    let score = (at[c]! < 0 ? 0 : scores[at[c]!]!) + ALPHABET_WEIGHT * (fit.get(lang) ?? 0);
    if (declared === lang) score += DECLARED_WEIGHT;
    if (score > bestScore) [best, bestScore] = [lang, score];
  }
  return bestScore > 0 ? best : 'und';
}

const candidateIndexes = new WeakMap<LanguageScorer, Map<readonly string[], Int32Array>>();

/** Positions of the candidates in the scorer's languages (-1: eld does not know it), per list. */
function indexesIn(eld: LanguageScorer, candidates: readonly string[]): Int32Array {
  let byList = candidateIndexes.get(eld);
  if (!byList) candidateIndexes.set(eld, (byList = new Map()));
  let at = byList.get(candidates);
  if (!at) byList.set(candidates, (at = Int32Array.from(candidates, (lang) => eld.languages.indexOf(lang))));
  return at;
}

/** eld's score of one language (0 when it has none). */
function scoreOf(eld: LanguageScorer, scores: Float64Array, lang: string): number {
  const i = eld.languages.indexOf(lang);
  return i < 0 ? 0 : scores[i]!;
}

const URL_OR_EMAIL = /\b(?:https?:\/\/|www\.)\S+|\S+@\S+\.\w+/g;

/** Build a detector around eld's scores (already loaded). */
export function languageDetectorFrom(eld: LanguageScorer): LanguageDetector {
  return {
    detect(raw, declared) {
      const head = raw.slice(0, 1500);
      const text = head.includes('@') || head.includes('://') || head.includes('www.') ? head.replace(URL_OR_EMAIL, ' ') : head;
      const { counts, total } = countScripts(text);
      if (total < MIN_LETTERS) return 'und';
      const declaredLang = declared ? declared.toLowerCase().slice(0, 2) : null;
      const han = counts.get('han') ?? 0;
      const kana = counts.get('kana') ?? 0;
      const hangul = counts.get('hangul') ?? 0;
      // Japanese mixes kanji with kana; even a little kana means Japanese, not Chinese.
      if (kana > 0 && kana + han >= total * 0.3) return 'ja';
      if (hangul > 0 && hangul >= han && hangul >= total * 0.3) return 'ko';
      const script = dominant(counts, total)!;
      if (script === 'han') return 'zh';
      if (script === 'kana') return 'ja';
      const direct = SCRIPT_LANGUAGE[script];
      if (direct) return direct;
      if (script === 'arabic') return arabicScriptLanguage(text);
      if (script === 'devanagari') {
        const scores = eld.scores(wordsInScript(text, script));
        return scoreOf(eld, scores, 'mr') > scoreOf(eld, scores, 'hi') ? 'mr' : 'hi';
      }
      // Mixed text: judge only the dominant script's words; single-script text as it is.
      const own = counts.size > 1 ? wordsInScript(text, script) : text;
      if (script === 'cyrillic') return pickWithinScript(eld, own, CYRILLIC_LANGUAGES, CYRILLIC_MARKED, declaredLang);
      return pickWithinScript(eld, own, LATIN_LANGUAGES, LATIN_MARKED, declaredLang);
    },
  };
}

/** Load eld's n-gram data once (lazily: the model is a large module) and wrap it. */
export async function createLanguageDetector(size: EldSize = 'extrasmall'): Promise<LanguageDetector> {
  return languageDetectorFrom(await loadEldScorer(size));
}
