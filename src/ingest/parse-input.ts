import { CyberpolicyError, InputError } from '../errors.js';
import { contentId } from '../items/item-id.js';
import type { Item } from '../items/item.js';
import { buildItem } from './build-item.js';
import { charsetOf, chooseEncoding, decodeChosen } from './decode-bytes.js';
import { rawFeedFrom, type RawFeed } from './feed-entries.js';
import { splitTitle } from './item-text.js';
import { loadFeedsmith } from './load-feedsmith.js';
import { parseJsonlLine } from './parse-jsonl.js';
import { readSimpleFeed } from './read-simple-feed.js';
import { readUtf8Feed } from './read-utf8-feed.js';
import { sniffFormat } from './sniff-format.js';
import { unprefixRss } from './unprefix-rss.js';
import { assertNoEntityDeclarations, indexOf, salvageTruncatedFeed, xmlErrorLocation } from './xml-safety.js';

/** Items from one input, with what was skipped or dubious. */
export interface ParsedInput {
  format: 'rss' | 'atom' | 'rdf' | 'json' | 'jsonl' | 'text';
  feedTitle: string | null;
  items: Item[];
  /** Non-fatal notes (unparseable dates, salvaged XML, skipped empty entries). */
  warnings: string[];
  /** Parts of the input refused while the rest was kept (JSON Lines lines), each naming where. */
  rejected: string[];
}

export interface ParseOptions {
  /** The input as the user named it: file path or URL. Every message starts with it. */
  name: string;
  sourceId: string;
  fetchedAt: Date;
  /** Base for relative links: the feed URL when fetched. */
  documentUrl?: string | null;
  contentType?: string | null;
  /** At most this many items are kept from one feed. */
  maxItems?: number;
}

const DEFAULT_MAX_ITEMS = 10_000;

/** Bytes of any supported format to Items; throws InputError (naming the input) when nothing is usable. */
export async function parseInput(bytes: Uint8Array, options: ParseOptions): Promise<ParsedInput> {
  try {
    return await parseUnchecked(bytes, options);
  } catch (err) {
    // Whatever a library throws on hostile input still reaches the user as a message naming the input.
    if (err instanceof CyberpolicyError) throw err;
    throw new InputError(options.name, `cannot be read (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}

async function parseUnchecked(bytes: Uint8Array, options: ParseOptions): Promise<ParsedInput> {
  const { name } = options;
  const hints = { where: name, httpCharset: charsetOf(options.contentType) };
  // Most feeds are plain UTF-8 RSS or Atom: read those from the bytes, the same as below but without
  // decoding the whole document first (read-utf8-feed.ts says when it declines).
  const choice = chooseEncoding(bytes, hints);
  if (choice.encoding === 'utf-8') {
    const simple = readUtf8Feed(choice.offset > 0 ? bytes.subarray(choice.offset) : bytes, name, options.maxItems ?? DEFAULT_MAX_ITEMS);
    if (simple) return fromFeed(simple, options, []);
  }
  const { text } = decodeChosen(bytes, choice, name);
  const format = sniffFormat(text, name);
  switch (format.kind) {
    case 'rejected':
      throw new InputError(name, format.reason);
    case 'text':
      return parseText(text, options);
    case 'jsonl':
      return parseJsonl(text, options);
    case 'json-feed':
      return fromFeed(await parseWithFeedsmith(format.value, options), options, []);
    case 'xml-feed': {
      const xml = format.skip ? text.slice(format.skip) : text;
      assertNoEntityDeclarations(xml, name);
      const parsed = await parseXmlFeed(xml, options);
      if (format.skip) parsed.warnings.unshift(`${name}: ignored ${format.skip} characters of text before the XML`);
      return parsed;
    }
  }
}

async function parseXmlFeed(original: string, options: ParseOptions): Promise<ParsedInput> {
  const text = unprefixRss(original);
  // Plain well-formed RSS 2.0 (most news feeds): read directly, with the same result (see the module).
  const simple = readSimpleFeed(text, options.maxItems ?? DEFAULT_MAX_ITEMS);
  if (simple) return fromFeed(simple, options, []);
  try {
    const feed = await parseWithFeedsmith(text, options);
    // feedsmith forgives a lot (like browsers do); still tell where the XML is broken.
    const broken = xmlErrorLocation(text);
    const notes = broken ? [`${options.name} line ${broken.line}, column ${broken.column}: malformed XML: ${broken.message} (read leniently)`] : [];
    return fromFeed(feed, options, notes);
  } catch (err) {
    if (!(err instanceof XmlBroken)) throw err;
    const where = xmlErrorLocation(text);
    const place = where ? `${options.name} line ${where.line}, column ${where.column}` : options.name;
    const detail = where ? `malformed XML: ${where.message}` : 'malformed XML';
    // Keep the complete items before the break, if any: a cut-off download should not lose them all.
    // The validator puts unclosed-at-end errors at 1:1, so also try cutting at the very end.
    const cuts = where && (where.line > 1 || where.column > 1) ? [indexOf(text, where.line, where.column), text.length] : [text.length];
    for (const cut of cuts) {
      const salvaged = salvageTruncatedFeed(text, cut);
      if (!salvaged) continue;
      try {
        const feed = await parseWithFeedsmith(salvaged, options);
        if (feed.entries.length > 0) return fromFeed(feed, options, [`${place}: ${detail}; kept the ${feed.entries.length} complete entries before it`]);
      } catch {
        // Not salvageable this way: try the next cut, then report the original break.
      }
    }
    throw new InputError(place, detail, { cause: err });
  }
}

class XmlBroken extends Error {}

async function parseWithFeedsmith(value: unknown, options: ParseOptions): Promise<RawFeed> {
  const { parseFeed } = await loadFeedsmith();
  try {
    const { format, feed } = parseFeed(value, { maxItems: options.maxItems ?? DEFAULT_MAX_ITEMS });
    return rawFeedFrom(format, feed);
  } catch (err) {
    const kind = err instanceof Error ? err.name : '';
    if (kind === 'MalformedError') throw new XmlBroken('malformed', { cause: err });
    if (kind === 'DetectError' || kind === 'ParseError') {
      throw new InputError(options.name, typeof value === 'string' ? 'not a recognisable RSS, Atom or RDF feed' : 'not a valid JSON Feed', { cause: err });
    }
    throw new InputError(options.name, `cannot parse the feed (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
}

function fromFeed(feed: RawFeed, options: ParseOptions, warnings: string[]): ParsedInput {
  const items: Item[] = [];
  const ctx = {
    sourceId: options.sourceId,
    fetchedAt: options.fetchedAt,
    documentUrl: options.documentUrl ?? null,
    warn: (m: string) => warnings.push(`${options.name}: ${m}`),
  };
  feed.entries.forEach((entry, i) => {
    const item = buildItem(entry, i, ctx);
    if (item) items.push(item);
  });
  return { format: feed.format, feedTitle: feed.title, items, warnings, rejected: [] };
}

function parseText(text: string, options: ParseOptions): ParsedInput {
  const { title, content } = splitTitle(text);
  const item: Item = {
    id: contentId(title, content),
    sourceId: options.sourceId,
    url: null,
    title,
    content,
    // A press release file carries no date of its own: never invent one (the analyser may read one
    // its text states, marked as such).
    published: null,
    publishedSource: null,
    fetchedAt: options.fetchedAt,
    author: null,
    categories: [],
    lang: null,
  };
  return { format: 'text', feedTitle: null, items: [item], warnings: [], rejected: [] };
}

function parseJsonl(text: string, options: ParseOptions): ParsedInput {
  const result: ParsedInput = { format: 'jsonl', feedTitle: null, items: [], warnings: [], rejected: [] };
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const r = parseJsonlLine(line, options);
    if (!r) return;
    if ('error' in r) result.rejected.push(`${options.name} line ${i + 1}: ${r.error}`);
    else {
      result.items.push(r.item);
      if (r.warning) result.warnings.push(`${options.name} line ${i + 1}: ${r.warning}`);
    }
  });
  if (result.items.length === 0 && result.rejected.length > 0) {
    throw new InputError(options.name, `no valid line (${result.rejected.length} rejected; first: ${result.rejected[0]!.slice(options.name.length + 1).trim()})`);
  }
  return result;
}
