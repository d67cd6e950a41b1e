/**
 * Which topic a user means by what they typed in a chat command ("paris call", "Appel de Paris",
 * "نداء باريس", "parris call", "ransomware"): compares the words, normalised, with every slug,
 * name and alias in every language, tolerating small typos (edit distance).
 */
import { similarity as similarityOf } from './edit-distance.js';
import { arabicStem } from './fold-word.js';
import { prepareText } from './prepared-text.js';
import type { Taxonomy } from './taxonomy-loader.js';

/** Candidates scoring below this are not offered, even as "Did you mean…?". */
export const RESOLVE_MIN_SCORE = 0.55;
const MAX_QUERY_CHARS = 120;
const MAX_QUERY_WORDS = 8;
/** Token similarity below this counts as no match for that word. */
const WORD_MIN = 0.75;

interface Candidate {
  whole: string;
  words: string[];
}

/** Normalised words of a phrase: folded, stop words dropped, Arabic article peeled, CJK runs kept whole. */
export function queryWords(text: string): string[] {
  const { content } = prepareText(text);
  const words: string[] = [];
  for (let i = 0; i < content.length; i++) {
    const t = content[i];
    const prev = content[i - 1];
    if (t.cjk && prev?.cjk && prev.end === t.start) words[words.length - 1] += t.folded;
    else words.push(t.cjk ? t.folded : arabicStem(t.folded));
  }
  return words;
}

function candidate(text: string): Candidate {
  const words = queryWords(text);
  return { whole: words.join(' '), words };
}

const candidateCache = new WeakMap<Taxonomy, Candidate[][]>();

function candidatesOf(taxonomy: Taxonomy): Candidate[][] {
  let cached = candidateCache.get(taxonomy);
  if (!cached) {
    cached = taxonomy.topics.map((topic) => {
      const texts = [
        topic.slug.replace(/-/g, ' '),
        ...Object.values(topic.names),
        ...Object.values(topic.aliases).flat(),
        ...Object.values(topic.contextualAliases ?? {}).flat(),
      ];
      return [...new Set(texts)].map(candidate).filter((c) => c.words.length > 0);
    });
    candidateCache.set(taxonomy, cached);
  }
  return cached;
}

function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const shorter = a.length < b.length ? a : b;
  const longer = a.length < b.length ? b : a;
  // An inflected or truncated form ("tarybos" for "taryba", "ransom" for "ransomware").
  if (shorter.length >= 4 && longer.startsWith(shorter.slice(0, Math.max(4, shorter.length - 2)))) return 0.9;
  // Lengths alone bound the similarity: skip the edit distance when it cannot reach WORD_MIN.
  if (1 - (longer.length - shorter.length) / longer.length < WORD_MIN) return 0;
  const s = similarityOf(a, b);
  return s >= WORD_MIN ? s : 0;
}

function score(query: Candidate, c: Candidate, best: number): number {
  const longest = Math.max(query.whole.length, c.whole.length);
  const bound = 1 - Math.abs(query.whole.length - c.whole.length) / longest;
  const whole = bound > best ? similarityOf(query.whole, c.whole) : 0;
  let sum = 0;
  let matched = 0;
  for (const q of query.words) {
    let best = 0;
    for (const w of c.words) best = Math.max(best, wordSimilarity(q, w));
    sum += best;
    if (best > 0) matched++;
  }
  const byWords = (sum / query.words.length) * Math.sqrt(matched / Math.max(c.words.length, query.words.length));
  return Math.max(whole, byWords);
}

/**
 * Best topic candidates for what a user typed, best first, each with a score in 0..1 (1 = exact
 * slug, name or alias). Empty when nothing is close.
 */
export function resolveTopicWords(words: string, taxonomy: Taxonomy): { slug: string; score: number }[] {
  // A topic name is a few words: longer input is not a topic, and edit distance grows with length.
  const query = candidate(words.slice(0, MAX_QUERY_CHARS));
  query.words = query.words.slice(0, MAX_QUERY_WORDS);
  query.whole = query.words.join(' ');
  if (query.words.length === 0) return [];
  const results: { slug: string; score: number }[] = [];
  candidatesOf(taxonomy).forEach((cands, i) => {
    let best = 0;
    for (const c of cands) best = Math.max(best, score(query, c, best));
    if (best >= RESOLVE_MIN_SCORE) results.push({ slug: taxonomy.topics[i].slug, score: Math.round(best * 1000) / 1000 });
  });
  return results.sort((a, b) => b.score - a.score || a.slug.localeCompare(b.slug));
}
