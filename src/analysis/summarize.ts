import { splitSentences, type Sentence } from './sentence-splitter.js';
import { sharedCount } from './sorted-intersection.js';

/**
 * Extractive summary: 1–3 sentences copied verbatim (whitespace runs collapsed to one space) from
 * the item, at most `maxChars` in all, in document order. Ranking is TextRank over a sentence
 * similarity graph, weighted for news: lead position, overlap with the title, entity mentions;
 * penalised: boilerplate, quote-only sentences, fragments.
 */

export type Tokenize = (text: string, lang: string) => string[];

export interface SummaryInput {
  title: string;
  content: string;
  lang: string;
}

export interface SummaryOptions {
  tokenize: Tokenize;
  /** Surfaces of entities and topic terms found in the item; sentences naming them rank higher. */
  salientTerms?: readonly string[];
  maxChars?: number;
  maxSentences?: number;
}

export const SUMMARY_MAX_CHARS = 400;
const MAX_CANDIDATES = 40;
const DAMPING = 0.85;
const ITERATIONS = 24;
/** Sentences sharing more than this share of tokens with a chosen one add nothing. */
const REDUNDANCY = 0.6;

/** Phrases that mark press-release and web furniture, in the languages we cover. */
const BOILERPLATE = new RegExp(
  [
    'read more', 'subscribe', 'sign up', 'click here', 'all rights reserved', 'cookies?', 'newsletter', 'follow us', 'share this',
    'related articles?', 'advertisement', 'copyright', 'photo:', 'image:', 'source:',
    'lire aussi', 'lire la suite', 'abonnez', 'weiterlesen', 'mehr lesen', 'abonnieren', 'leer más', 'suscríbete', 'leia mais',
    'leggi anche', 'czytaj (także|więcej)', 'читайте также', 'подписывайтесь', 'читайте також', 'підписуйтесь',
    'skaitykite (taip pat|daugiau)', 'rašoma pranešime spaudai', 'pranešime spaudai', 'press release', 'communiqué de presse',
    'pressemitteilung', 'comunicado de prensa', 'пресс-релиз', 'اقرأ أيضا', 'اقرأ المزيد', 'اشترك', '阅读更多', '点击',
  ].join('|'),
  'iu',
);
const QUOTE_OPEN = /^[«„“"'‘‚‹「『]/u;
const QUOTE_CLOSE = /[»“”"'’‹›」』][.!?…]?$/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** A sentence ready for ranking: verbatim text (whitespace collapsed) and its stems. */
export interface RankableSentence {
  text: string;
  tokens: readonly string[];
}

interface Candidate {
  text: string;
  order: number;
  tokens: Set<string>;
}

/** Whitespace that `cleanWhitespace` changes: a run of two, or any other than a plain space. */
const SPACING_TO_CLEAN = /\s\s|[^\S ]/;

/** Collapse whitespace runs: the sentence stays verbatim up to spacing. */
export function cleanWhitespace(text: string): string {
  // Most sentences have single spaces only: test before building a new string.
  return (SPACING_TO_CLEAN.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
}

/** A plain tokenizer (lower case letters and digits, CJK as characters) for callers without one. */
export function basicTokens(text: string): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    if (CJK.test(word)) out.push(...word);
    else if (word.length > 2) out.push(word);
  }
  return out;
}

function sentencesOf(input: SummaryInput): Sentence[] {
  const fromContent = splitSentences(input.content, input.lang);
  // Some feeds put everything in the title; a bare title is still a summary of last resort.
  return fromContent.length > 0 ? fromContent : splitSentences(input.title, input.lang);
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / Math.min(a.size, b.size);
}

/** Each candidate's tokens as sorted ids (one id per distinct token), so pairs intersect by merging. */
function tokenIds(candidates: readonly Candidate[]): Int32Array[] {
  const ids = new Map<string, number>();
  return candidates.map((c) => {
    const out = new Int32Array(c.tokens.size);
    let k = 0;
    for (const t of c.tokens) {
      let id = ids.get(t);
      if (id === undefined) ids.set(t, (id = ids.size));
      out[k++] = id;
    }
    return out.sort();
  });
}

/** Sentence similarity: shared tokens over the log sizes (0 for one-token sentences); arrays sorted. */
function idSimilarity(a: Int32Array, b: Int32Array): number {
  if (a.length < 2 || b.length < 2) return 0;
  const shared = sharedCount(a, b);
  return shared === 0 ? 0 : shared / (Math.log(a.length) + Math.log(b.length));
}

/** TextRank scores over the similarity graph, divided by their mean (typed arrays: same sums in the same order). */
function textRank(candidates: Candidate[]): Float64Array {
  const n = candidates.length;
  const weights = new Float64Array(n * n);
  const outSum = new Float64Array(n);
  const ids = tokenIds(candidates);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const w = idSimilarity(ids[i]!, ids[j]!);
      weights[i * n + j] = w;
      weights[j * n + i] = w;
      outSum[i]! += w;
      outSum[j]! += w;
    }
  }
  let rank = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let it = 0; it < ITERATIONS; it++) {
    next.fill((1 - DAMPING) / n);
    for (let j = 0; j < n; j++) {
      if (outSum[j] === 0) continue;
      const share = (DAMPING * rank[j]!) / outSum[j]!;
      const row = j * n;
      for (let i = 0; i < n; i++) if (weights[row + i]! > 0) next[i]! += share * weights[row + i]!;
    }
    [rank, next] = [next, rank];
  }
  const mean = rank.reduce((a, b) => a + b, 0) / n;
  return rank.map((r) => r / mean);
}

function lengthFactor(text: string): number {
  const size = CJK.test(text) ? text.length * 3 : text.length;
  if (size < 25) return 0.2;
  if (size < 50) return 0.6;
  if (size > 600) return 0.7;
  return 1;
}

function isQuoteOnly(text: string): boolean {
  return QUOTE_OPEN.test(text) && QUOTE_CLOSE.test(text);
}

/** Cut one over-long sentence at a word boundary and mark the cut. */
export function cutAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const room = maxChars - 1;
  let cut = text.slice(0, room);
  // Never split a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(' ');
  if (space > room * 0.6) cut = cut.slice(0, space);
  return cut.replace(/[\s,;:–—-]+$/u, '') + '…';
}

/** Pick the summary sentences of an item (empty when it has no text at all). */
export function summarize(input: SummaryInput, options: SummaryOptions): string[] {
  const sentences = sentencesOf(input)
    .slice(0, MAX_CANDIDATES)
    .map((s) => {
      const text = cleanWhitespace(s.text);
      return { text, tokens: options.tokenize(text, input.lang) };
    });
  return summarizeSentences(sentences, options.tokenize(input.title, input.lang), options);
}

/** The ranking itself, over sentences already split and tokenised (the analyzer's fast path). */
export function summarizeSentences(sentences: readonly RankableSentence[], titleStems: readonly string[], options: Omit<SummaryOptions, 'tokenize'>): string[] {
  const maxChars = options.maxChars ?? SUMMARY_MAX_CHARS;
  const maxSentences = options.maxSentences ?? 3;
  const candidates: Candidate[] = sentences.slice(0, MAX_CANDIDATES).map((s, order) => ({ text: s.text, order, tokens: new Set(s.tokens) }));
  if (candidates.length === 0) return [];
  const titleTokens = new Set(titleStems);
  const salient = (options.salientTerms ?? []).map((t) => t.toLowerCase()).filter((t) => t.length > 1);
  const rank: ArrayLike<number> = candidates.length > 1 ? textRank(candidates) : [1];

  const scores = candidates.map((c, i) => {
    let score = 0.5 + rank[i]!;
    // News puts the point first: strong lead bias that fades over the first few sentences.
    score *= 1 + 1.2 / (1 + c.order);
    score *= 1 + 0.8 * overlap(c.tokens, titleTokens);
    const lower = c.text.toLowerCase();
    let mentions = 0;
    for (const term of salient) if (lower.includes(term)) mentions++;
    score *= 1 + 0.15 * Math.min(mentions, 4);
    score *= lengthFactor(c.text);
    if (BOILERPLATE.test(c.text)) score *= c.text.length < 120 ? 0.1 : 0.6;
    if (isQuoteOnly(c.text)) score *= 0.5;
    if (c.tokens.size < 3) score *= 0.3;
    return score;
  });

  const byScore = candidates.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const chosen: number[] = [];
  let used = 0;
  for (const i of byScore) {
    if (chosen.length >= maxSentences) break;
    const c = candidates[i]!;
    const cost = c.text.length + (chosen.length > 0 ? 1 : 0);
    if (used + cost > maxChars) continue;
    if (chosen.some((j) => overlap(c.tokens, candidates[j]!.tokens) > REDUNDANCY)) continue;
    // Lesser sentences fill space only when they are worth reading.
    if (chosen.length > 0 && scores[i]! < scores[chosen[0]!]! * 0.25) break;
    chosen.push(i);
    used += cost;
  }
  const best = byScore[0]!;
  if (chosen.length === 0 || (!chosen.includes(best) && scores[chosen[0]!]! < scores[best]! * 0.5)) {
    // Only a sentence over the cap is worth it: cut it at a word boundary.
    return [cutAtWord(candidates[best]!.text, maxChars)];
  }
  return chosen.sort((a, b) => a - b).map((i) => candidates[i]!.text);
}
