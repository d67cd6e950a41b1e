/**
 * A compiled set of multilingual phrases (topic names, aliases, entity names) matched against a
 * scanned text in one pass. Each phrase word becomes a key (its stem) plus the longest text word
 * it may match, so "Europos Tarybos", "Совета Европы" and "Europarats" match their base forms
 * without knowing the text's language. Lookups go through a hash of keys by the phrase's first
 * word; per text word we probe only its few possible stem lengths.
 */
import { arabicStem, isArabicWord, lowerWord } from './fold-word.js';
import { stemWord } from './stemmer.js';
import { scanText, type ScannedToken, type WordForms } from './text-scanner.js';

export interface PatternToken {
  /** Folded prefix a text word must start with. */
  key: string;
  /** Longest folded text word accepted (key plus room for inflection). */
  maxLen: number;
  /** The phrase writes this word in capitals (an acronym): the text must too. */
  upper: boolean;
  /** When set, the text word must be exactly the key plus one of these endings (proper names). */
  endings?: ReadonlySet<string>;
}

/** Turns one scanned phrase word into its pattern (topic phrases: `compileWord`; names: their own). */
export type WordCompiler = (token: ScannedToken, raw: string, lang: string, words: number) => PatternToken;

export interface Pattern<T> {
  tokens: PatternToken[];
  /** The text's first word must be capitalised (single-word proper names: Orange, Apple). */
  capFirst: boolean;
  data: T;
  /**
   * Copies of what matching reads first (tokens.length, the first word's key length and case, the
   * second word's key and bound), so a pattern that fails on its second word is rejected from the
   * pattern object alone: most phrase heads a text word meets fail there.
   */
  size: number;
  headKeyLength: number;
  headUpper: boolean;
  secondKey: string;
  secondMaxLen: number;
}

export interface PhraseMatch<T> {
  pattern: Pattern<T>;
  /** Indices into the content-token array passed to `match`. */
  first: number;
  last: number;
  /** Letters the text words add to the phrase's keys: 0 for an exact match; the tighter match wins a tie. */
  slack: number;
}

/** How many letters an inflected word may add to the written phrase word. */
function slackFor(length: number): number {
  if (length >= 6) return 4;
  if (length >= 4) return 3;
  if (length === 3) return 1;
  return 0;
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

/**
 * Languages whose words change at the end for case (German, Slavic, Baltic, Finnic, Turkish...):
 * their phrase words match any word sharing the stem plus a few letters. Elsewhere (English,
 * Romance, Dutch) only plural-like endings vary, so words match far more strictly: "cifrado"
 * must not match "cifra", nor "encryption" "encrypted".
 */
const CASE_LANGUAGES = new Set(['de', 'ru', 'uk', 'be', 'bg', 'sr', 'hr', 'bs', 'sl', 'cs', 'sk', 'pl', 'lt', 'lv', 'et', 'fi', 'hu', 'tr', 'el', 'ro', 'ka', 'hy', 'az', 'kk']);
const HANGUL = /\p{Script=Hangul}/u;
const LIGHT_ENDINGS = ['ies', 'es', 's', 'y', 'e', 'a', 'o', 'i', 'u'];

/** The key and length bound for one word of a phrase written in `lang`. */
export function compileWord(token: ScannedToken, raw: string, lang: string): PatternToken {
  const folded = token.folded;
  const upper = token.upper;
  // Korean attaches particles to the word (병원이, 병원에서): allow two more syllables.
  if (HANGUL.test(folded)) return { key: folded, maxLen: folded.length + 2, upper: false };
  if (token.cjk || upper || /^\p{N}+$/u.test(folded) || folded.length <= 2) {
    return { key: folded, maxLen: folded.length, upper };
  }
  if (isArabicWord(folded)) {
    const key = arabicStem(folded);
    return { key, maxLen: Math.max(key.length + 3, folded.length), upper: false };
  }
  const base = lang.slice(0, 2).toLowerCase();
  const cyrillic = /[\u0400-\u04ff]/.test(folded);
  if (!CASE_LANGUAGES.has(base) && !cyrillic) {
    const ending = LIGHT_ENDINGS.find((e) => folded.endsWith(e) && folded.length - e.length >= 4);
    const key = ending ? folded.slice(0, folded.length - ending.length) : folded;
    return { key, maxLen: folded.length + (folded.length >= 4 ? 3 : 1), upper };
  }
  const stem = commonPrefix(folded, stemWord(lowerWord(raw), lang));
  let key = folded.length - stem.length <= 3 ? stem : folded.slice(0, folded.length - 3);
  if (key.length < 3) key = folded.slice(0, Math.min(folded.length, 3));
  return { key, maxLen: Math.max(folded.length + slackFor(folded.length), key.length), upper };
}

const NO_PATTERNS: readonly never[] = [];

/** A short id per endings set (shared per language), for pattern signatures. */
const ENDINGS_IDS = new WeakMap<ReadonlySet<string>, number>();
function endingsId(endings: ReadonlySet<string>): number {
  let id = ENDINGS_IDS.get(endings);
  if (id === undefined) ENDINGS_IDS.set(endings, (id = ENDINGS_IDS_NEXT.value++));
  return id;
}
const ENDINGS_IDS_NEXT = { value: 1 };
const HEADS_CACHE_LIMIT = 100_000;

/** A character trie over the phrases' first keys: a text word walks it once, letter by letter. */
interface TrieNode<T> {
  next: Map<number, TrieNode<T>> | null;
  /** Patterns whose first key ends at this node. */
  patterns: Pattern<T>[] | null;
}

export class PhraseIndex<T> {
  private readonly root: TrieNode<T> = { next: null, patterns: null };
  private readonly signatures = new Set<string>();
  /**
   * Per text word (one reading): the patterns whose first key it starts with and whose length bound
   * it meets, in trie order. News vocabulary repeats, so the trie is walked once per distinct word.
   */
  private readonly heads = new Map<string, readonly Pattern<T>[]>();
  /** Bumped by every added phrase: heads memoised on words (WordForms) under an older version are stale. */
  private version = 0;
  /** Heads of one-character forms by code unit (CJK text is one token per character), for `version`. */
  private charHeads: (readonly Pattern<T>[] | undefined)[] = [];
  private charHeadsVersion = -1;
  size = 0;

  /**
   * Add a phrase written in `lang`. `dedupeKey` identifies what the phrase points to, so the same
   * spelling listed under several languages is stored once. Returns false for a phrase with no
   * content words (only stop words).
   */
  add(phrase: string, lang: string, data: T, dedupeKey: string, options: { capFirst?: boolean; compile?: WordCompiler } = {}): boolean {
    const scanned = scanText(phrase).filter((t) => !t.stop);
    if (scanned.length === 0) return false;
    const compile = options.compile ?? compileWord;
    const tokens = scanned.map((t) => compile(t, phrase.slice(t.start, t.end), lang, scanned.length));
    if (tokens.length === 1 && !tokens[0].endings && !isArabicWord(scanned[0].folded)) {
      // A lone word has no neighbour to confirm it: allow only short endings ("port" must not match "Portugal").
      const length = scanned[0].folded.length;
      tokens[0] = { ...tokens[0], maxLen: Math.max(tokens[0].key.length, Math.min(tokens[0].maxLen, length + (length <= 4 ? 1 : 2))) };
    }
    const capFirst = (options.capFirst ?? false) && scanned.length === 1 && scanned[0].cap && !scanned[0].cjk;
    const signature = dedupeKey + '\u0000' + capFirst + tokens.map((t) => `${t.key}/${t.maxLen}/${t.upper}/${t.endings ? endingsId(t.endings) : ''}`).join(' ');
    if (this.signatures.has(signature)) return true;
    this.signatures.add(signature);
    this.heads.clear();
    this.version++;
    const second = tokens[1];
    const pattern: Pattern<T> = {
      tokens,
      capFirst,
      data,
      size: tokens.length,
      headKeyLength: tokens[0].key.length,
      headUpper: tokens[0].upper,
      secondKey: second?.key ?? '',
      secondMaxLen: second?.maxLen ?? 0,
    };
    let node = this.root;
    const key = tokens[0].key;
    for (let i = 0; i < key.length; i++) {
      const code = key.charCodeAt(i);
      node.next ??= new Map();
      let child = node.next.get(code);
      if (!child) node.next.set(code, (child = { next: null, patterns: null }));
      node = child;
    }
    (node.patterns ??= []).push(pattern);
    this.size++;
    return true;
  }

  /**
   * Every phrase occurrence in `tokens` (content tokens of one text, stop words removed).
   * `ignoreCase` drops the capitalisation requirements (for what users type in a search).
   */
  match(tokens: readonly ScannedToken[], ignoreCase = false): PhraseMatch<T>[] {
    const out: PhraseMatch<T>[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const forms = t.forms;
      if (forms.length === 1) {
        const form = forms[0]!;
        // A word's own memo holds its heads already checked against its capitals (which are the
        // spelling's): most words start no phrase, and this is one field read for them.
        const word = t.word;
        if (word !== null && !ignoreCase) {
          const heads = this.casedHeadsOfWord(word, form);
          for (let h = 0; h < heads.length; h++) this.matchAt(heads[h]!, tokens, i, form, false, true, out, -1);
        } else {
          const heads = form.length === 1 ? this.headsOfChar(form) : this.headsOf(form);
          for (let h = 0; h < heads.length; h++) this.matchAt(heads[h]!, tokens, i, form, ignoreCase, false, out, -1);
        }
        continue;
      }
      const before = out.length;
      for (let f = 0; f < forms.length; f++) {
        const form = forms[f]!;
        const heads = this.headsOf(form);
        // Another reading of the same word may find the same pattern again.
        for (let h = 0; h < heads.length; h++) this.matchAt(heads[h]!, tokens, i, form, ignoreCase, false, out, before);
      }
    }
    return out;
  }

  /**
   * Pattern `p` starting at token i, read as `form`: pushed to `out` unless it fails or (from
   * `dupFrom` on, when not -1) is there already. `headChecked`: the head's case needs are met.
   */
  private matchAt(p: Pattern<T>, tokens: readonly ScannedToken[], i: number, form: string, ignoreCase: boolean, headChecked: boolean, out: PhraseMatch<T>[], dupFrom: number): void {
    const t = tokens[i]!;
    if (!ignoreCase && !headChecked && ((p.headUpper && !t.upper) || (p.capFirst && !t.cap))) return;
    let rest = 0;
    if (p.size > 1) {
      // What tokenMatches would find for the second word, when it has one reading: no match.
      const next = tokens[i + 1];
      if (next === undefined || next.contentBreak) return;
      if (next.forms.length === 1) {
        const f = next.forms[0]!;
        if (f.length > p.secondMaxLen || !f.startsWith(p.secondKey)) return;
      }
      rest = this.matchRest(p, tokens, i, ignoreCase);
      if (rest < 0) return;
    }
    if (dupFrom >= 0) for (let k = dupFrom; k < out.length; k++) if (out[k]!.pattern === p) return;
    out.push({ pattern: p, first: i, last: i + p.size - 1, slack: form.length - p.headKeyLength + rest });
  }

  /** `headsOf` through the word's own memo slots, kept to the heads whose case needs the word meets. */
  private casedHeadsOfWord(w: WordForms, form: string): readonly Pattern<T>[] {
    if (w.headsOwner0 === this && w.headsVersion0 === this.version) return w.heads0 as readonly Pattern<T>[];
    if (w.headsOwner1 === this && w.headsVersion1 === this.version) return w.heads1 as readonly Pattern<T>[];
    const all = this.headsOf(form);
    let heads = all;
    for (let h = 0; h < all.length; h++) {
      const p = all[h]!;
      if ((p.headUpper && !w.upper) || (p.capFirst && !w.cap)) {
        heads = all.filter((q) => !((q.headUpper && !w.upper) || (q.capFirst && !w.cap)));
        if (heads.length === 0) heads = NO_PATTERNS;
        break;
      }
    }
    if (w.headsOwner0 === null || w.headsOwner0 === this) {
      w.headsOwner0 = this;
      w.headsVersion0 = this.version;
      w.heads0 = heads;
    } else if (w.headsOwner1 === null || w.headsOwner1 === this) {
      w.headsOwner1 = this;
      w.headsVersion1 = this.version;
      w.heads1 = heads;
    }
    return heads;
  }

  /** `headsOf` a one-character form (a Chinese or Japanese character), from an array by code unit. */
  private headsOfChar(form: string): readonly Pattern<T>[] {
    if (this.charHeadsVersion !== this.version) {
      this.charHeads = [];
      this.charHeadsVersion = this.version;
    }
    const code = form.charCodeAt(0);
    let heads = this.charHeads[code];
    if (heads === undefined) this.charHeads[code] = heads = this.headsOf(form);
    return heads;
  }

  /** Patterns a word may start (first key a prefix of it, within the key's length bound), memoised. */
  private headsOf(form: string): readonly Pattern<T>[] {
    const cached = this.heads.get(form);
    if (cached !== undefined) return cached;
    let heads: Pattern<T>[] | null = null;
    let node: TrieNode<T> | undefined = this.root;
    for (let d = 0; d < form.length; d++) {
      node = node.next?.get(form.charCodeAt(d));
      if (node === undefined) break;
      if (node.patterns === null) continue;
      for (const p of node.patterns) {
        const head = p.tokens[0];
        if (form.length <= head.maxLen && (!head.endings || head.endings.has(form.slice(d + 1)))) (heads ??= []).push(p);
      }
    }
    // Most words start no phrase: they share one empty list.
    const found: readonly Pattern<T>[] = heads ?? NO_PATTERNS;
    if (this.heads.size >= HEADS_CACHE_LIMIT) this.heads.clear();
    this.heads.set(form, found);
    return found;
  }

  /** Match the phrase's other words after token i: the letters they add to their keys, or -1. */
  private matchRest(p: Pattern<T>, tokens: readonly ScannedToken[], i: number, ignoreCase: boolean): number {
    let slack = 0;
    for (let k = 1; k < p.tokens.length; k++) {
      const t = tokens[i + k];
      if (t === undefined || t.contentBreak) return -1;
      const extra = tokenMatches(p.tokens[k], t, ignoreCase);
      if (extra < 0) return -1;
      slack += extra;
    }
    return slack;
  }
}

/** How many letters the text word adds to the phrase word's key (fewest over its readings), or -1. */
export function tokenMatches(pt: PatternToken, t: ScannedToken, ignoreCase = false): number {
  if (pt.upper && !ignoreCase && !t.upper) return -1;
  let best = -1;
  for (const form of t.forms) {
    if (form.length > pt.maxLen || !form.startsWith(pt.key) || (pt.endings && !pt.endings.has(form.slice(pt.key.length)))) continue;
    if (best < 0 || form.length - pt.key.length < best) best = form.length - pt.key.length;
  }
  return best;
}

/** Content tokens (stop words removed) of a text, the array `PhraseIndex.match` works on. */
export function contentTokens(tokens: readonly ScannedToken[]): ScannedToken[] {
  return tokens.filter((t) => !t.stop);
}
