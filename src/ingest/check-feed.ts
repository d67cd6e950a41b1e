import { BlockedUrlError, InputError } from '../errors.js';
import type { Item } from '../items/item.js';
import { charsetOf, decodeBytes } from './decode-bytes.js';
import { FetchFailedError } from './fetch-errors.js';
import { findFeedLinks, type FeedLink } from './feed-links.js';
import { parseInput } from './parse-input.js';
import { createSafeFetch, type FeedFetch, type SafeFetchOptions } from './safe-fetch.js';
import { sniffFormat } from './sniff-format.js';
import { sourceIdForUrl } from './source-id.js';

/** What fetching a candidate source once showed: a working feed, or why it is not one. */
export type FeedCheck =
  | {
      kind: 'feed';
      url: string;
      title: string | null;
      items: number;
      /** Detected item languages, most items first (ties by code). */
      languages: { lang: string; items: number }[];
      /** The newest item date the feed gives, if any. */
      newest: Date | null;
    }
  /** A web page; `feedLinks` are the feeds it announces with <link rel="alternate">. */
  | { kind: 'html'; url: string; feedLinks: FeedLink[] }
  | { kind: 'not-a-feed'; url: string; reason: string }
  | { kind: 'http-status'; url: string; status: number; reason: string }
  /** Larger than FEED_MAX_BYTES (`maxBytes`). */
  | { kind: 'too-large'; url: string; maxBytes: number }
  /** The SSRF guard refused the address (or a redirect's). */
  | { kind: 'refused'; url: string; reason: string }
  /** Network error, time-out, DNS. */
  | { kind: 'unreachable'; url: string; reason: string };

export interface FeedCheckDeps {
  fetch: FeedFetch;
  /** The analysis's language detection (Analyzer.detectLanguage). */
  detectLanguage(item: Pick<Item, 'title' | 'content' | 'lang'>): string;
  now: Date;
  /** The fetch's size cap, for the "too large" answer. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export type FeedChecker = (url: string, now: Date) => Promise<FeedCheck>;

/** A checker over the guarded fetch (FETCH_ALLOW, FEED_MAX_BYTES), as `sources add` uses in chat and the CLI. */
export function createFeedChecker(options: SafeFetchOptions & { detectLanguage: FeedCheckDeps['detectLanguage'] }): FeedChecker {
  const fetch = createSafeFetch(options);
  return (url, now) => checkFeed(url, { fetch, detectLanguage: options.detectLanguage, now, maxBytes: options.maxBytes });
}

/** Fetches `url` once through the guarded fetch and says whether it is a feed, and what it holds. */
export async function checkFeed(url: string, deps: FeedCheckDeps): Promise<FeedCheck> {
  let response;
  try {
    response = await deps.fetch(url);
  } catch (err) {
    if (err instanceof BlockedUrlError) return { kind: 'refused', url, reason: guardReason(err) };
    if (err instanceof FetchFailedError) {
      if (err.kind === 'status' && err.status !== null) return { kind: 'http-status', url, status: err.status, reason: err.detail };
      if (err.kind === 'too-large') return { kind: 'too-large', url, maxBytes: deps.maxBytes ?? DEFAULT_MAX_BYTES };
      return { kind: 'unreachable', url, reason: err.detail };
    }
    throw err;
  }
  let text: string;
  try {
    text = decodeBytes(response.bytes, { where: url, httpCharset: charsetOf(response.contentType) }).text;
  } catch (err) {
    if (err instanceof InputError) return { kind: 'not-a-feed', url, reason: withoutUrl(err, url) };
    throw err;
  }
  const format = sniffFormat(text, url);
  if (format.kind === 'rejected' && format.html) return { kind: 'html', url, feedLinks: findFeedLinks(text, response.url) };
  // Plain text and JSON Lines are files an operator imports, not feeds anyone publishes.
  if (format.kind === 'rejected') return { kind: 'not-a-feed', url, reason: format.reason };
  if (format.kind === 'text' || format.kind === 'jsonl') return { kind: 'not-a-feed', url, reason: 'no RSS, Atom or JSON Feed document found (plain text)' };
  let parsed;
  try {
    parsed = await parseInput(response.bytes, { name: url, sourceId: sourceIdForUrl(url), fetchedAt: deps.now, documentUrl: response.url, contentType: response.contentType });
  } catch (err) {
    if (err instanceof InputError) return { kind: 'not-a-feed', url, reason: withoutUrl(err, url) };
    throw err;
  }
  const counts = new Map<string, number>();
  let newest: Date | null = null;
  for (const item of parsed.items) {
    const lang = deps.detectLanguage(item);
    counts.set(lang, (counts.get(lang) ?? 0) + 1);
    if (item.published && (!newest || item.published > newest)) newest = item.published;
  }
  const languages = [...counts]
    .map(([lang, items]) => ({ lang, items }))
    .sort((a, b) => b.items - a.items || a.lang.localeCompare(b.lang));
  return { kind: 'feed', url, title: parsed.feedTitle, items: parsed.items.length, languages, newest };
}

/** The main language to remember for a checked feed: the most common detected one, if any is known. */
export function mainLanguage(check: Extract<FeedCheck, { kind: 'feed' }>): string | null {
  return check.languages.find((l) => l.lang !== 'und')?.lang ?? null;
}

function withoutUrl(err: InputError, url: string): string {
  return err.userMessage.startsWith(`${url}: `) ? err.userMessage.slice(url.length + 2) : err.userMessage;
}

/** The guard's reason without the URL it starts with. */
export function guardReason(err: BlockedUrlError): string {
  const match = /\(([\s\S]*)\)$/.exec(err.userMessage);
  return match ? match[1]! : err.userMessage;
}
