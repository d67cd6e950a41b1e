import type { EntityMention, TopicScore } from '../items/item.js';
import { prepareText } from './prepared-text.js';
import type { Tokenize } from './summarize.js';

/**
 * What `search` indexes (a PostgreSQL `simple` tsvector over `searchText`) and how user words
 * become a tsquery over it. Both sides fold words the same way (the text scanner), add stems, and
 * name entities and topics by canonical tokens (`e_kaspersky`, `t_paris_call`), so "Kaspersky"
 * finds an Arabic item that writes كاسبرسكي.
 */

/** Languages whose stems a query word is tried in (the query's language is unknown). */
const QUERY_STEM_LANGUAGES = ['en', 'fr', 'de', 'es', 'it', 'pt', 'nl', 'ro', 'sv', 'ru', 'uk', 'bg', 'lt', 'pl', 'ar', 'zh'];
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_QUERY_WORDS = 12;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Tokens of entity ids and topic slugs already made: every item names a few, mostly the same ones. */
const TOKENS = new Map<string, string>();
const TOKENS_LIMIT = 50_000;

/** `prefix` + the id lower-cased, runs of anything but letters and digits as one underscore; memoised. */
function idToken(prefix: 'e_' | 't_', id: string): string {
  const key = prefix + id;
  let token = TOKENS.get(key);
  if (token === undefined) {
    token = `${prefix}${id.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_')}`;
    if (TOKENS.size >= TOKENS_LIMIT) TOKENS.clear();
    TOKENS.set(key, token);
  }
  return token;
}

/** The search token for an entity id, as stored in the search text: letters, digits and underscores only. */
export function entityToken(id: string): string {
  return idToken('e_', id);
}

/**
 * The one lexeme the index holds for a stored `e_…`/`t_…` token (migration 0005): the `simple`
 * parser splits at underscores, so a query for `e_paris_call` itself would be a slow phrase query.
 */
export function indexedToken(token: string): string {
  return token.replace(/_/g, '0');
}

/**
 * Items naming any of these entities, as a tsquery: the same items as an entity_ids overlap, but
 * through the search index, so a recent-window search narrows by month inside the index.
 */
export function entitiesTsquery(ids: readonly string[]): string | null {
  return alternatives(ids.map((id) => lexeme(indexedToken(entityToken(id)), false)));
}

export function topicToken(slug: string): string {
  return idToken('t_', slug);
}

/** Folded words as the scanner reads them; adjacent CJK characters stay one word. */
function foldedWords(text: string): string[] {
  return queryWords(text).map((w) => w.folded);
}

interface QueryWord {
  folded: string;
  /** Other readings (Arabic: clitic prefixes peeled). */
  forms: readonly string[];
}

function queryWords(text: string): QueryWord[] {
  const out: QueryWord[] = [];
  let lastEnd = -1;
  for (const t of prepareText(text).tokens) {
    const prev = out[out.length - 1];
    if (t.cjk && prev && lastEnd === t.start && CJK.test(prev.folded)) prev.folded += t.folded;
    else out.push({ folded: t.folded, forms: t.forms });
    lastEnd = t.end;
  }
  return out;
}

/**
 * Index text: folded words (every reading), stems, then entity and topic tokens. Title, content
 * and summary are covered by `folded` and `stems` (the summary is part of the text).
 */
export function buildSearchText(input: { folded: readonly string[]; stems: readonly string[]; entities: readonly EntityMention[]; topics: readonly TopicScore[] }): string {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (token: string) => {
    if (token && !seen.has(token)) {
      seen.add(token);
      out.push(token);
    }
  };
  for (const w of input.folded) add(w);
  for (const t of input.stems) add(t);
  for (const e of input.entities) add(entityToken(e.id));
  for (const t of input.topics) add(topicToken(t.slug));
  return out.join(' ');
}

export interface QueryEntity {
  id: string;
  /** The entity's names (any language); the first one found in the query marks its words. */
  names: readonly string[];
}

/** A term safe inside to_tsquery: letters, digits and underscores only, quoted. */
function lexeme(token: string, prefix: boolean): string | null {
  const clean = token.replace(/[^\p{L}\p{N}_]+/gu, '');
  if (!clean || /^_+$/.test(clean)) return null;
  return `'${clean}'${prefix ? ':*' : ''}`;
}

function alternatives(terms: Iterable<string | null>): string | null {
  const unique = [...new Set([...terms].filter((t): t is string => t !== null))];
  if (unique.length === 0) return null;
  return unique.length === 1 ? unique[0]! : `(${unique.join(' | ')})`;
}

/**
 * Build a tsquery (AND of terms; the last word also matches as a prefix) from free user words.
 * Words that name a gazetteer entity match its canonical token as well as the words themselves.
 * Returns null when nothing searchable is left (only punctuation or operators).
 */
export function buildSearchQuery(words: string, tokenize: Tokenize, entities: readonly QueryEntity[]): { tsquery: string | null; entityIds: string[] } {
  const query = queryWords(words.slice(0, 500)).slice(0, MAX_QUERY_WORDS);
  const folded = query.map((w) => w.folded);
  const groups: string[] = [];
  const covered = new Set<number>();
  const entityIds: string[] = [];
  for (const entity of entities) {
    let span: string[] = [];
    let at = -1;
    for (const name of entity.names) {
      span = foldedWords(name);
      at = findSpan(folded, span, covered);
      if (at >= 0) break;
    }
    if (at < 0) {
      if (!entityIds.includes(entity.id)) entityIds.push(entity.id);
      continue;
    }
    // The words as the user wrote them (an inflected "Tarybos" for the alias "Taryba").
    const wordsPart = folded.slice(at, at + span.length).map((w) => lexeme(w, false)).filter((t): t is string => t !== null);
    for (let i = at; i < at + span.length; i++) covered.add(i);
    if (!entityIds.includes(entity.id)) entityIds.push(entity.id);
    const together = wordsPart.length > 1 ? `(${wordsPart.join(' & ')})` : wordsPart[0] ?? null;
    const term = alternatives([lexeme(indexedToken(entityToken(entity.id)), false), together]);
    if (term) groups.push(term);
  }
  folded.forEach((word, i) => {
    if (covered.has(i)) return;
    const last = i === folded.length - 1;
    if (CJK.test(word)) {
      // Chinese and Japanese are indexed as character bigrams: all of the word's must be there.
      const grams = tokenize(word, 'zh').map((g) => lexeme(g, false)).filter((t): t is string => t !== null);
      if (grams.length > 0) groups.push(grams.length > 1 ? `(${grams.join(' & ')})` : grams[0]!);
      return;
    }
    const stems = QUERY_STEM_LANGUAGES.flatMap((lang) => safeTokens(tokenize, word, lang).flatMap((t) => t.match(WORD) ?? []));
    const forms = query[i]!.forms.slice(1).map((f) => lexeme(f, false));
    const term = alternatives([lexeme(word, last), ...forms, ...stems.map((s) => lexeme(s, false))]);
    if (term) groups.push(term);
  });
  return { tsquery: groups.length > 0 ? groups.join(' & ') : null, entityIds };
}

/** A stemmer that fails on one word must not fail the search: that language's stem is skipped. */
function safeTokens(tokenize: Tokenize, word: string, lang: string): string[] {
  try {
    return tokenize(word, lang);
  } catch {
    return [];
  }
}

/** Equal, or the same word inflected: a long common prefix ("taryba" ~ "tarybos", "europe" ~ "europa"). */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common >= Math.max(4, shorter - 2);
}

function findSpan(words: readonly string[], span: readonly string[], covered: ReadonlySet<number>): number {
  if (span.length === 0) return -1;
  outer: for (let i = 0; i + span.length <= words.length; i++) {
    for (let j = 0; j < span.length; j++) if (covered.has(i + j) || !sameWord(words[i + j]!, span[j]!)) continue outer;
    return i;
  }
  return -1;
}
