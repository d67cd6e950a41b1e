/**
 * Word stems per language: Snowball stemmers from @orama/stemmers where one exists, a light
 * suffix stripper for Polish (Orama has none), the Arabic light stemmer, and a trailing-vowel
 * stripper for other alphabetic languages. Stems come back folded (no diacritics) so they compare
 * with folded text; the stemmers themselves see the diacritics they rely on (Lithuanian ą, ę).
 */
import { stemmer as bg } from '@orama/stemmers/bulgarian';
import { stemmer as de } from '@orama/stemmers/german';
import { stemmer as en } from '@orama/stemmers/english';
import { stemmer as es } from '@orama/stemmers/spanish';
import { stemmer as fr } from '@orama/stemmers/french';
import { stemmer as it } from '@orama/stemmers/italian';
import { stemmer as lt } from '@orama/stemmers/lithuanian';
import { stemmer as nl } from '@orama/stemmers/dutch';
import { stemmer as pt } from '@orama/stemmers/portuguese';
import { stemmer as ro } from '@orama/stemmers/romanian';
import { stemmer as ru } from '@orama/stemmers/russian';
import { stemmer as sv } from '@orama/stemmers/swedish';
import { stemmer as uk } from '@orama/stemmers/ukrainian';
import { arabicStem, isArabicWord, stripMarks } from './fold-word.js';

type Stem = (word: string) => string;

const SNOWBALL: Record<string, Stem> = { bg, de, en, es, fr, it, lt, nl, pt, ro, ru, sv, uk };

const POLISH_SUFFIXES = [
  'owania', 'owanie', 'ościach', 'ościami', 'ością', 'ości', 'ość', 'iach', 'iami', 'ami', 'ach', 'ego', 'emu', 'ych', 'ymi', 'imi',
  'ich', 'iej', 'owi', 'om', 'ów', 'ie', 'ej', 'ą', 'ę', 'y', 'i', 'a', 'u', 'e', 'o',
].sort((a, b) => b.length - a.length);

/** Light Polish stemmer: strips one common inflectional ending, keeping at least 3 letters. */
export function polishStem(lower: string): string {
  for (const suffix of POLISH_SUFFIXES) {
    if (lower.endsWith(suffix) && lower.length - suffix.length >= 3) return lower.slice(0, -suffix.length);
  }
  return lower;
}

const TRAILING_VOWELS = /[aeiouyąęėįųūаеиоуыэюяіїєьй]+$/u;

/** Fallback for languages without a stemmer: drop trailing vowels (most inflection lives there). */
function vowelStem(lower: string): string {
  const s = lower.replace(TRAILING_VOWELS, '');
  return s.length >= 3 ? s : lower;
}

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN_EXT = /^[\p{Script=Latin}\p{N}\p{M}]+$/u;

function stemmerFor(word: string, lang: string): Stem {
  const base = lang.toLowerCase().slice(0, 2);
  if (CYRILLIC.test(word)) {
    if (base === 'uk' || base === 'ru' || base === 'bg') return SNOWBALL[base];
    return /[іїєґ]/.test(word) ? uk : ru;
  }
  if (base === 'pl') return polishStem;
  const snowball = SNOWBALL[base];
  if (snowball && LATIN_EXT.test(word)) return snowball;
  return vowelStem;
}

/** Stems per language, per word: the Snowball stemmers are slow (20-140 µs a word), news vocabulary repeats. */
const cache = new Map<string, Map<string, string>>();
const CACHE_LIMIT = 100_000;

/**
 * The folded stem of a word in `lang` (ISO 639-1; the word's script wins when the stemmer for
 * `lang` cannot read it). Input: the word in lower case with its diacritics (NFKC).
 */
export function stemWord(lower: string, lang: string): string {
  let byWord = cache.get(lang);
  if (byWord === undefined) cache.set(lang, (byWord = new Map()));
  let stem = byWord.get(lower);
  if (stem !== undefined) return stem;
  if (isArabicWord(lower)) stem = arabicStem(stripMarks(lower));
  else if (/^\p{N}+$/u.test(lower)) stem = lower;
  else {
    let raw: string;
    try {
      raw = stemmerFor(lower, lang)(lower);
    } catch {
      // Some generated stemmers throw on unusual input (Orama's Bulgarian one does): degrade, never fail.
      raw = vowelStem(lower);
    }
    stem = stripMarks(raw.length >= 2 ? raw : lower);
  }
  if (byWord.size > CACHE_LIMIT) byWord.clear();
  byWord.set(lower, stem);
  return stem;
}
