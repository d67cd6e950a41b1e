import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { LEAD_CHARS, type EntityMention } from '../items/item.js';

/**
 * An item's text as stored since migration 0013: content, summary and entities in one deflated JSON
 * array (`items.body`), their own columns left empty. Nothing queries these three in SQL (search
 * has its own text, entity queries their own id array), and together they compress well: the summary
 * is sentences of the content, and PostgreSQL's pglz (PGlite has no lz4) compresses each column
 * alone, and only in rows past toast_tuple_target. On the 10k bench store the items table went from
 * 3.6 KB to about 2.6 KB a row, so three rows share an 8 KB page instead of two (bench/README.md).
 */
export interface ItemBody {
  content: string;
  summary: string[];
  entities: EntityMention[];
}

const BODY_VERSION = 1;

export function packItemBody(body: ItemBody): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify([BODY_VERSION, body.content, body.summary, body.entities])));
}

export function unpackItemBody(packed: Uint8Array): ItemBody {
  return parseItemBody(inflateRawSync(packed));
}

function parseItemBody(raw: Buffer): ItemBody {
  const value: unknown = JSON.parse(raw.toString('utf8'));
  if (!Array.isArray(value) || value[0] !== BODY_VERSION || typeof value[1] !== 'string' || !Array.isArray(value[2]) || !Array.isArray(value[3])) {
    throw new Error(`unknown item body (version ${Array.isArray(value) ? String(value[0]) : typeof value})`);
  }
  return { content: value[1], summary: value[2] as string[], entities: value[3] as EntityMention[] };
}

/** The body as the repository reads it (base64 text, see item-repository.ts); null for a row stored before 0013. */
export function readStoredBody(base64: string | null): ItemBody | null {
  return base64 ? unpackItemBody(Buffer.from(base64, 'base64')) : null;
}

/** What a head reads of a stored body: summary and entities, and the lead when there is no summary. */
export interface HeadBody {
  summary: string[];
  entities: EntityMention[];
  lead: string | null;
}

// The start of every version-1 body: `[1,"` then the content as a JSON string.
const BODY_HEAD = Buffer.from(`[${BODY_VERSION},"`);
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A head's part of a stored body (base64, as the repository reads it; null for a row stored before
 * 0013) without decoding the content, which a head needs only when there is no summary. The content
 * is most of the text: decoding it from UTF-8 and parsing it cost about a third of a 300-head read of
 * Japanese items. Same values as unpackItemBody: the rest of the array is parsed as JSON on its own.
 */
export function readStoredHead(base64: string | null): HeadBody | null {
  if (!base64) return null;
  const raw = inflateRawSync(Buffer.from(base64, 'base64'));
  const close = raw.subarray(0, BODY_HEAD.length).equals(BODY_HEAD) ? closingQuote(raw, BODY_HEAD.length) : -1;
  if (close < 0) {
    const body = parseItemBody(raw);
    return { summary: body.summary, entities: body.entities, lead: body.summary.length === 0 ? leadOf(body.content) : null };
  }
  // After the content's closing quote: `,[summary…],[entities…]]`.
  const rest: unknown = JSON.parse(`[${raw.toString('utf8', close + 2)}`);
  if (!Array.isArray(rest) || rest.length !== 2 || !Array.isArray(rest[0]) || !Array.isArray(rest[1])) throw new Error('unknown item body (version 1, damaged)');
  const summary = rest[0] as string[];
  const lead = summary.length === 0 ? leadOf(JSON.parse(raw.toString('utf8', BODY_HEAD.length - 1, close + 1)) as string) : null;
  return { summary, entities: rest[1] as EntityMention[], lead };
}

/**
 * Where the JSON string starting at `from` ends: the first quote not escaped by an odd run of
 * backslashes. UTF-8 never uses these two bytes inside a multi-byte character. -1 if none.
 */
function closingQuote(raw: Buffer, from: number): number {
  for (let at = raw.indexOf(QUOTE, from); at >= 0; at = raw.indexOf(QUOTE, at + 1)) {
    let slashes = 0;
    while (raw[at - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
  }
  return -1;
}

/** What a head shows of an item without a summary: as SQL's left(content, LEAD_CHARS), in characters. */
export function leadOf(content: string): string {
  if (content.length <= LEAD_CHARS) return content;
  return Array.from(content).slice(0, LEAD_CHARS).join('');
}
