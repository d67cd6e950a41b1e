/**
 * Words of an item computed once per item. Topic matching and entity extraction scan the title and
 * the content (prepareText caches the scans); everything else here — summary ranking, SimHash,
 * story overlap, search text — reuses those scans instead of tokenising the text again.
 */
import { prepareText } from './prepared-text.js';
import { splitSentences } from './sentence-splitter.js';
import { stemWord } from './stemmer.js';
import { cleanWhitespace, type RankableSentence } from './summarize.js';
import type { ScannedToken, WordForms } from './text-scanner.js';

export interface ItemTokens {
  /** Stems of the title (stop words dropped; CJK as bigrams), as tokenize() gives them. */
  title: string[];
  /** Stems of title and content, in text order. */
  all: string[];
  /** Folded words of title and content (every reading, stop words included), for search. */
  folded: string[];
  /** Candidate summary sentences with their stems. */
  sentences: RankableSentence[];
  /** Name-like words (folded): capitalised inside a sentence, acronyms, Latin words in other scripts, codes. */
  names: string[];
  /** Folded words without stop words (no CJK): where names of other items are looked up. */
  words: string[];
  /** The scanner's per-spelling memo of each of `words` (null for dotted acronyms). */
  wordMemos: (WordForms | null)[];
}

/** Languages not written in Latin script: a Latin word in them is a name or a term. */
const NON_LATIN = new Set(['ar', 'fa', 'ur', 'zh', 'ja', 'ko', 'ru', 'uk', 'bg', 'be', 'sr', 'mk', 'el', 'he', 'hi', 'th', 'ka', 'hy']);
const ASCII_WORD = /^[a-z][a-z0-9-]*$/;
const CODE = /\p{L}.*\d|\d.*\p{L}/u;
const HAS_DIGIT = /\d/;

function nameWords(tokens: readonly ScannedToken[], lang: string, isTitle: boolean, into: Set<string>): void {
  // Headline Case capitalises every word: then capitals say nothing in the title.
  const capitalised = tokens.filter((t) => t.cap && !t.stop).length;
  const headlineCase = isTitle && capitalised > 0.6 * tokens.filter((t) => !t.stop).length;
  const latinIsForeign = NON_LATIN.has(lang);
  for (const t of tokens) {
    if (t.stop || t.cjk || t.folded.length < 3) continue;
    const named = t.upper || (HAS_DIGIT.test(t.folded) && CODE.test(t.folded)) || (latinIsForeign && ASCII_WORD.test(t.folded)) || (t.cap && !t.sentenceStart && !headlineCase);
    if (named) into.add(t.folded);
  }
}

/** stemWord(t.lower, lang), memoised on the word's spelling for its last language. */
function stemOf(t: ScannedToken, lang: string): string {
  const w = t.word;
  if (w === null) return stemWord(t.lower, lang);
  if (w.stemLang !== lang) {
    w.stem = stemWord(t.lower, lang);
    w.stemLang = lang;
  }
  return w.stem;
}

/** tokenize() over already scanned tokens `[from, to)`: same output, no second scan. */
export function stemsOf(tokens: readonly ScannedToken[], lang: string, from = 0, to = tokens.length): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.cjk) {
      const next = i + 1 < to ? tokens[i + 1] : undefined;
      const prev = i > from ? tokens[i - 1] : undefined;
      if (next?.cjk && next.start === t.end) out.push(t.folded + next.folded);
      else if (!(prev?.cjk && prev.end === t.start)) out.push(t.folded);
      continue;
    }
    if (t.stop) continue;
    out.push(stemOf(t, lang));
  }
  return out;
}

function foldedOf(tokens: readonly ScannedToken[], into: string[]): void {
  for (const t of tokens) for (const f of t.forms) into.push(f);
}

/** Scan once, then derive every token list the analyzer needs. */
export function itemTokens(title: string, content: string, lang: string): ItemTokens {
  const titleScan = prepareText(title).tokens;
  const contentScan = prepareText(content).tokens;
  const titleStems = stemsOf(titleScan, lang);
  // Feeds that put everything in the title still deserve a summary: rank the title's sentences.
  const [source, scan] = content.trim() ? [content, contentScan] : [title, titleScan];
  const sentences: RankableSentence[] = [];
  // Stems of the content come from its sentences (stemming each word once).
  const contentStems: string[] = [];
  let k = 0;
  for (const s of splitSentences(source, lang)) {
    const before = k;
    while (k < scan.length && scan[k]!.start < s.start) k++;
    if (scan === contentScan && k > before) contentStems.push(...stemsOf(scan, lang, before, k));
    const from = k;
    while (k < scan.length && scan[k]!.start < s.end) k++;
    const stems = stemsOf(scan, lang, from, k);
    if (scan === contentScan) contentStems.push(...stems);
    sentences.push({ text: cleanWhitespace(s.text), tokens: stems });
  }
  if (scan === contentScan && k < scan.length) contentStems.push(...stemsOf(scan, lang, k, scan.length));
  const folded: string[] = [];
  foldedOf(titleScan, folded);
  foldedOf(contentScan, folded);
  const names = new Set<string>();
  nameWords(titleScan, lang, true, names);
  nameWords(contentScan, lang, false, names);
  const words: string[] = [];
  const wordMemos: (WordForms | null)[] = [];
  for (const scan of [titleScan, contentScan]) {
    for (const t of scan) {
      if (t.stop || t.cjk) continue;
      words.push(t.folded);
      wordMemos.push(t.word);
    }
  }
  const all = scan === contentScan ? [...titleStems, ...contentStems] : [...titleStems, ...stemsOf(contentScan, lang)];
  return { title: titleStems, all, folded, sentences, names: [...names], words, wordMemos };
}
