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
  const dictCodes = Int32Array.from(dictionary, (ch) => (ch.length === 1 ? ch.charCodeAt(0) : -1));
  const packed = NgramTable.of(offsets) ?? null;
  // Data whose n-grams or byte characters do not pack into numbers (none of eld's sizes): strings, as eld does.
  if (packed === null || dictCodes.some((c) => c < 0 || c > 0xff)) return stringScorer(languages, offsets, table, totals, dictionary, separators);
  const seen = new NgramSet();
  const word = new Int32Array(ENFORCE_CUT_AFTER + 8);

  /** Adds the n-grams of word[0, size) as eld cuts them (see stringScorer). */
  const addWord = (size: number): void => {
    const len = size > 70 ? 70 : size;
    let j: number;
    for (j = 0; j + 4 < len; j += 3) seen.add(word, j, j + 4, j === 0, false);
    // The last n-gram runs to the end of the word (substring), even past 70 bytes.
    const from = len !== 3 ? Math.max(len - 4, 0) : 0;
    seen.add(word, from, size, j === 0, true);
  };

  return {
    languages,
    scores(input: string): Float64Array {
      const str = input.substring(0, MAX_CHARS).replace(separators, ' ').trim().toLowerCase();
      seen.clear();
      // eld's strToUtf8Bytes (forEachWord below), each byte as the character code eld's dictionary gives it.
      let size = 0;
      let countBytes = 0;
      for (let ii = 0; ii < str.length; ii++) {
        let charCode = str.charCodeAt(ii);
        if (charCode < 0x80) {
          if (charCode === 32) {
            if (size > 0) {
              addWord(size);
              size = 0;
            }
            if (countBytes > CUT_AFTER) break;
          } else word[size++] = charCode;
          countBytes++;
        } else if (charCode < 0x800) {
          word[size++] = dictCodes[0xc0 | (charCode >> 6)]!;
          word[size++] = dictCodes[0x80 | (charCode & 0x3f)]!;
          countBytes += 2;
        } else if (charCode < 0xd800 || charCode >= 0xe000) {
          word[size++] = dictCodes[0xe0 | (charCode >> 12)]!;
          word[size++] = dictCodes[0x80 | ((charCode >> 6) & 0x3f)]!;
          word[size++] = dictCodes[0x80 | (charCode & 0x3f)]!;
          countBytes += 3;
        } else {
          ii++;
          charCode = 0x10000 + (((charCode & 0x3ff) << 10) | (str.charCodeAt(ii) & 0x3ff));
          word[size++] = dictCodes[0xf0 | (charCode >> 18)]!;
          word[size++] = dictCodes[0x80 | ((charCode >> 12) & 0x3f)]!;
          word[size++] = dictCodes[0x80 | ((charCode >> 6) & 0x3f)]!;
          word[size++] = dictCodes[0x80 | (charCode & 0x3f)]!;
          countBytes += 4;
        }
        if (countBytes > ENFORCE_CUT_AFTER) break;
      }
      if (size > 0) addWord(size);
      totals.fill(0);
      for (let s = 0; s < seen.size; s++) {
        const at = packed.get(seen.hi[s]!, seen.lo[s]!);
        if (at < 0) continue;
        const end = at + 1 + 2 * table[at]!;
        for (let k = at + 1; k < end; k += 2) totals[table[k]!] += table[k + 1]!;
      }
      return finish(totals, seen.size + seen.long.size, count);
    },
  };
}

/** eld's 0-1 scores from the n-gram totals of `n` distinct n-grams. */
function finish(totals: Float64Array, n: number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const total = totals[i]!;
    if (total > 0) {
      const ngramScore = total / n;
      out[i] = ngramScore / (ngramScore + SCALE);
    }
  }
  return out;
}

/**
 * An n-gram of up to 6 byte characters (codes 0-255) as two numbers: the length and the first two
 * codes in `hi`, the other four in `lo`. One string per n-gram was most of what scoring cost.
 */
const PACK_MAX = 6;

function packHi(codes: ArrayLike<number>, from: number, to: number, space0: boolean, space1: boolean): number {
  let hi = (to - from + (space0 ? 1 : 0) + (space1 ? 1 : 0)) << 16;
  let lo = 0;
  let k = 0;
  if (space0) {
    hi |= 32 << 8;
    k = 1;
  }
  for (let i = from; i < to; i++, k++) {
    const c = codes[i]!;
    if (k < 2) hi |= c << (8 - 8 * k);
    else lo |= c << (40 - 8 * k);
  }
  if (space1) {
    if (k < 2) hi |= 32 << (8 - 8 * k);
    else lo |= 32 << (40 - 8 * k);
  }
  PACKED_LO = lo;
  return hi;
}
/** The `lo` half of the last packHi call. */
let PACKED_LO = 0;

function hashPair(hi: number, lo: number): number {
  let h = Math.imul(hi ^ 0x9e3779b9, 0x85ebca6b) ^ lo;
  h = Math.imul(h ^ (h >>> 15), 0xc2b2ae35);
  return (h ^ (h >>> 13)) >>> 0;
}

/** eld's n-grams (packed) -> their offset in the scores table: open addressing, linear probing. */
class NgramTable {
  private constructor(
    private readonly mask: number,
    private readonly his: Int32Array,
    private readonly los: Int32Array,
    private readonly values: Int32Array,
  ) {}

  static of(offsets: ReadonlyMap<string, number>): NgramTable | undefined {
    let slots = 1024;
    while (slots < offsets.size * 2) slots *= 2;
    const his = new Int32Array(slots).fill(-1);
    const los = new Int32Array(slots);
    const values = new Int32Array(slots);
    const codes: number[] = [];
    for (const [ngram, at] of offsets) {
      if (ngram.length > PACK_MAX || ngram.length === 0) return undefined;
      codes.length = 0;
      for (let i = 0; i < ngram.length; i++) {
        const c = ngram.charCodeAt(i);
        if (c > 0xff) return undefined;
        codes.push(c);
      }
      const hi = packHi(codes, 0, codes.length, false, false);
      const lo = PACKED_LO;
      let s = hashPair(hi, lo) & (slots - 1);
      while (his[s] !== -1) s = (s + 1) & (slots - 1);
      his[s] = hi;
      los[s] = lo;
      values[s] = at;
    }
    return new NgramTable(slots - 1, his, los, values);
  }

  /** The offset of the n-gram, or -1. */
  get(hi: number, lo: number): number {
    let s = hashPair(hi, lo) & this.mask;
    for (;;) {
      const h = this.his[s]!;
      if (h === -1) return -1;
      if (h === hi && this.los[s] === lo) return this.values[s]!;
      s = (s + 1) & this.mask;
    }
  }
}

/** The distinct n-grams of one text, packed; longer ones (a word past 70 bytes) as strings. */
class NgramSet {
  hi = new Int32Array(512);
  lo = new Int32Array(512);
  size = 0;
  readonly long = new Set<string>();
  private readonly slots = new Int32Array(2048);
  private stamp = new Int32Array(2048);
  private generation = 0;

  clear(): void {
    this.size = 0;
    this.long.clear();
    if (++this.generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
  }

  add(codes: Int32Array, from: number, to: number, space0: boolean, space1: boolean): void {
    if (to - from + (space0 ? 1 : 0) + (space1 ? 1 : 0) > PACK_MAX) {
      this.long.add((space0 ? ' ' : '') + String.fromCharCode(...codes.subarray(from, to)) + (space1 ? ' ' : ''));
      return;
    }
    const hi = packHi(codes, from, to, space0, space1);
    const lo = PACKED_LO;
    const mask = this.slots.length - 1;
    let s = hashPair(hi, lo) & mask;
    while (this.stamp[s] === this.generation) {
      const k = this.slots[s]!;
      if (this.hi[k] === hi && this.lo[k] === lo) return;
      s = (s + 1) & mask;
    }
    if (this.size === this.hi.length) this.grow();
    this.stamp[s] = this.generation;
    this.slots[s] = this.size;
    this.hi[this.size] = hi;
    this.lo[this.size] = lo;
    this.size++;
  }

  private grow(): void {
    const hi = new Int32Array(this.hi.length * 2);
    const lo = new Int32Array(this.lo.length * 2);
    hi.set(this.hi);
    lo.set(this.lo);
    this.hi = hi;
    this.lo = lo;
  }
}

/** Scoring with string n-grams, as eld itself does it. */
function stringScorer(languages: string[], offsets: ReadonlyMap<string, number>, table: Int32Array, totals: Float64Array, dictionary: readonly string[], separators: RegExp): LanguageScorer {
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
      return finish(totals, seen.size, languages.length);
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

/**
 * Load eld's data of one size and compile it. The dictionary and separators are eld's modules; the
 * n-gram data is evaluated from its file instead of imported: an imported module lives as long as
 * the process, so its 22 MB object (an object per n-gram) and the 4 MB of bytecode that builds it
 * stayed in the heap beside the compiled table (first start: 400 -> ~370 MB RSS). Evaluated, both are
 * garbage once compiled.
 */
export async function loadEldScorer(size: string): Promise<LanguageScorer> {
  // eld's data modules are not among the package's exports: they sit in src/, one folder above the entry Node resolves.
  const src = new URL('..', import.meta.resolve('eld'));
  const load = (rel: string) => import(new URL(rel, src).href) as Promise<Record<string, unknown>>;
  const [dictionary, patterns] = await Promise.all([load('dictionary.js'), load('regexPatterns.js')]);
  return compileEldScorer(await evaluateEldData(new URL(`ngrams/${size}.js`, src)), dictionary.dictionary as string[], patterns.separators as RegExp);
}

/** eld's data module (`export const ngramsData = {…};`, a plain literal) evaluated as a function body, so nothing keeps it. */
async function evaluateEldData(file: URL): Promise<EldData> {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(file, 'utf8');
  const marker = 'export const ngramsData =';
  const at = source.indexOf(marker);
  if (at < 0) throw new Error(`eld data file ${file.pathname} has no "${marker}"`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a data file of a dependency, as trusted as importing it
  return new Function(`return ${source.slice(at + marker.length)}`)() as EldData;
}
