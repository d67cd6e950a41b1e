/**
 * eld's language scores (eld 2.1: languageDetector.js textProcessor, getByteNgrams and
 * calculateScores, then LanguageResult's orderAndScale), computed over eld's own n-gram data
 * compiled once into a Map and one Int32Array. The scores are eld's to the bit
 * (test/analysis/eld-scorer.test.ts compares them with eld's `getScores()`), at a fraction of the
 * cost: eld walks plain objects with for-in per n-gram and builds result objects per call, which
 * made language detection an eighth of all analysis time.
 */

/** Scores of one text, per language index (`languages`); 0 where eld gives none. */
export interface LanguageScorer {
  readonly languages: readonly string[];
  scores(text: string): Float64Array;
}

/** eld's n-gram data as its data modules export it. */
export interface EldData {
  languages: Record<number, string>;
  ngrams: Record<string, Record<number, number>>;
}

/** eld subtracts this from every stored n-gram score to shrink its files, and adds it back when scoring. */
const BASE_NGRAM_SCORE = 53;
/** eld's scale for its 0–1 scores (LanguageResult.js). */
const SCALE = 25;
/** eld reads only this much of a text, and stops encoding after these many UTF-8 bytes. */
const MAX_CHARS = 1000;
const CUT_AFTER = 350;
const ENFORCE_CUT_AFTER = 380;

export function compileEldScorer(data: EldData, dictionary: readonly string[], separators: RegExp): LanguageScorer {
  const languages: string[] = [];
  for (const [i, code] of Object.entries(data.languages)) languages[Number(i)] = code;
  const count = languages.length;
  // Per n-gram: an offset into `table`, which holds [pairs, lang, score + base, lang, score + base, ...].
  const offsets = new Map<string, number>();
  const flat: number[] = [];
  for (const ngram of Object.keys(data.ngrams)) {
    const entry = data.ngrams[ngram]!;
    const langs = Object.keys(entry);
    offsets.set(ngram, flat.length);
    flat.push(langs.length);
    for (const lang of langs) flat.push(Number(lang), entry[Number(lang)]! + BASE_NGRAM_SCORE);
  }
  const table = Int32Array.from(flat);
  const totals = new Float64Array(count);
  const seen = new Set<string>();

  return {
    languages,
    scores(input: string): Float64Array {
      const text = input.substring(0, MAX_CHARS).replace(separators, ' ').trim().toLowerCase();
      seen.clear();
      forEachWord(text, dictionary, (word) => {
        let len = word.length;
        if (len > 70) len = 70;
        // 4-byte n-grams with a 3-byte stride, the first marked by a leading space, the last by a trailing one.
        let j: number;
        for (j = 0; j + 4 < len; j += 3) seen.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
        seen.add((j === 0 ? ' ' : '') + word.substring(len !== 3 ? len - 4 : 0) + ' ');
      });
      totals.fill(0);
      for (const ngram of seen) {
        const at = offsets.get(ngram);
        if (at === undefined) continue;
        const end = at + 1 + 2 * table[at]!;
        for (let k = at + 1; k < end; k += 2) totals[table[k]!] += table[k + 1]!;
      }
      const n = seen.size;
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const total = totals[i]!;
        if (total > 0) {
          const ngramScore = total / n;
          out[i] = ngramScore / (ngramScore + SCALE);
        }
      }
      return out;
    },
  };
}

/**
 * eld's strToUtf8Bytes: each word as its UTF-8 bytes, one dictionary character per byte, words
 * split at spaces, stopping after ~350 bytes at a space (380 at the latest).
 */
function forEachWord(str: string, dictionary: readonly string[], each: (word: string) => void): void {
  let encoded = '';
  let countBytes = 0;
  for (let ii = 0; ii < str.length; ii++) {
    let charCode = str.charCodeAt(ii);
    if (charCode < 0x80) {
      if (charCode === 32) {
        if (encoded !== '') {
          each(encoded);
          encoded = '';
        }
        if (countBytes > CUT_AFTER) break;
      } else {
        encoded += str[ii];
      }
      countBytes++;
    } else if (charCode < 0x800) {
      encoded += dictionary[0xc0 | (charCode >> 6)]! + dictionary[0x80 | (charCode & 0x3f)]!;
      countBytes += 2;
    } else if (charCode < 0xd800 || charCode >= 0xe000) {
      encoded += dictionary[0xe0 | (charCode >> 12)]! + dictionary[0x80 | ((charCode >> 6) & 0x3f)]! + dictionary[0x80 | (charCode & 0x3f)]!;
      countBytes += 3;
    } else {
      ii++;
      charCode = 0x10000 + (((charCode & 0x3ff) << 10) | (str.charCodeAt(ii) & 0x3ff));
      encoded +=
        dictionary[0xf0 | (charCode >> 18)]! + dictionary[0x80 | ((charCode >> 12) & 0x3f)]! + dictionary[0x80 | ((charCode >> 6) & 0x3f)]! + dictionary[0x80 | (charCode & 0x3f)]!;
      countBytes += 4;
    }
    if (countBytes > ENFORCE_CUT_AFTER) break;
  }
  if (encoded !== '') each(encoded);
}

/** Load eld's data of one size (the modules eld's own entry imports, so they are loaded once) and compile it. */
export async function loadEldScorer(size: string): Promise<LanguageScorer> {
  // eld's data modules are not among the package's exports: they sit in src/, one folder above the entry Node resolves.
  const src = new URL('..', import.meta.resolve('eld'));
  const load = (rel: string) => import(new URL(rel, src).href) as Promise<Record<string, unknown>>;
  const [ngrams, dictionary, patterns] = await Promise.all([load(`ngrams/${size}.js`), load('dictionary.js'), load('regexPatterns.js')]);
  return compileEldScorer(ngrams.ngramsData as EldData, dictionary.dictionary as string[], patterns.separators as RegExp);
}
