import type { Taxonomy } from '../analysis/taxonomy-loader.js';
import { resolveTopicWords } from '../analysis/topic-resolver.js';

export type { Taxonomy };

export type TopicResolution = { ok: true; slugs: string[] } | { ok: false; word: string; candidates: string[] };

export interface TopicResolver {
  /** One topic for a phrase (`<topic>` queries): "paris call", "Appel de Paris", "نداء باريس", "parris call". */
  resolveOne(phrase: string): TopicResolution;
  /** One or more topics in a phrase (`subscribe paris-call ransomware`). */
  resolveMany(phrase: string): TopicResolution;
}

/** A match at least this good is taken without asking (1 = exact; "parris call" scores about 0.9). */
const ACCEPT_SCORE = 0.75;
/** Candidates at least this good are offered as "Did you mean …?" (the resolver returns none below 0.55). */
const SUGGEST_SCORE = 0.55;
/** Longest run of words tried as one topic when splitting a list, and most words split at all. */
const MAX_SPAN = 5;
const MAX_SPLIT_WORDS = 12;

/**
 * Turns topic words into slugs: exact slugs, names and aliases in any language first (cheap and
 * certain), then the taxonomy engineer's multilingual, typo-tolerant matcher.
 */
export function createTopicResolver(taxonomy: Taxonomy, match: typeof resolveTopicWords = resolveTopicWords): TopicResolver {
  const exact = new Map<string, string>();
  for (const topic of taxonomy.topics) {
    exact.set(fold(topic.slug), topic.slug);
    exact.set(fold(topic.slug.replace(/-/g, ' ')), topic.slug);
    for (const name of Object.values(topic.names)) exact.set(fold(name), topic.slug);
    for (const aliases of Object.values(topic.aliases ?? {})) for (const alias of aliases) exact.set(fold(alias), topic.slug);
  }

  const best = (phrase: string): string | null => {
    const folded = fold(phrase);
    if (!folded) return null;
    const hit = exact.get(folded);
    if (hit) return hit;
    const top = safeMatch(match, phrase, taxonomy)[0];
    return top && top.score >= ACCEPT_SCORE ? top.slug : null;
  };

  const failure = (phrase: string): TopicResolution => {
    let ranked = safeMatch(match, phrase, taxonomy).filter((r) => r.score >= SUGGEST_SCORE);
    // Nothing close to the whole phrase: offer what its words are close to ("paris-call ransomwre").
    const words = phrase.split(' ').filter(Boolean);
    if (ranked.length === 0 && words.length > 1 && words.length <= MAX_SPLIT_WORDS) {
      ranked = words.flatMap((w) => safeMatch(match, w, taxonomy).filter((r) => r.score >= SUGGEST_SCORE)).sort((a, b) => b.score - a.score);
    }
    const candidates = [...new Set(ranked.map((r) => r.slug))].slice(0, 3);
    return { ok: false, word: phrase, candidates };
  };

  return {
    resolveOne(phrase) {
      const slug = best(phrase);
      return slug ? { ok: true, slugs: [slug] } : failure(phrase);
    },
    resolveMany(phrase) {
      const whole = best(phrase);
      if (whole) return { ok: true, slugs: [whole] };
      const words = phrase.split(' ').filter(Boolean);
      if (words.length < 2 || words.length > MAX_SPLIT_WORDS) return failure(phrase);
      // Greedy, longest run first: "paris call ransomware" -> "paris call" + "ransomware".
      const slugs: string[] = [];
      for (let i = 0; i < words.length; ) {
        let found = false;
        for (let span = Math.min(MAX_SPAN, words.length - i); span >= 1; span--) {
          const slug = best(words.slice(i, i + span).join(' '));
          if (slug) {
            slugs.push(slug);
            i += span;
            found = true;
            break;
          }
        }
        if (!found) return failure(words[i]!);
      }
      return { ok: true, slugs: [...new Set(slugs)] };
    },
  };
}

/** Case, width, accents on Latin letters, and separators folded away for exact comparison. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\-_.'’"«»“”]+/g, ' ')
    .trim();
}

/** The matcher must never turn a user's words into an exception. */
function safeMatch(match: typeof resolveTopicWords, phrase: string, taxonomy: Taxonomy): { slug: string; score: number }[] {
  try {
    return [...match(phrase, taxonomy)].sort((a, b) => b.score - a.score);
  } catch {
    return [];
  }
}
