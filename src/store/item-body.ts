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
  const value: unknown = JSON.parse(inflateRawSync(packed).toString('utf8'));
  if (!Array.isArray(value) || value[0] !== BODY_VERSION || typeof value[1] !== 'string' || !Array.isArray(value[2]) || !Array.isArray(value[3])) {
    throw new Error(`unknown item body (version ${Array.isArray(value) ? String(value[0]) : typeof value})`);
  }
  return { content: value[1], summary: value[2] as string[], entities: value[3] as EntityMention[] };
}

/** The body as the repository reads it (base64 text, see item-repository.ts); null for a row stored before 0013. */
export function readStoredBody(base64: string | null): ItemBody | null {
  return base64 ? unpackItemBody(Buffer.from(base64, 'base64')) : null;
}

/** What a head shows of an item without a summary: as SQL's left(content, LEAD_CHARS), in characters. */
export function leadOf(content: string): string {
  if (content.length <= LEAD_CHARS) return content;
  return Array.from(content).slice(0, LEAD_CHARS).join('');
}
