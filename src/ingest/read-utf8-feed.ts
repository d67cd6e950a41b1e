import { isUtf8 } from 'node:buffer';
import type { RawFeed } from './feed-entries.js';
import { readSimpleFeedUtf8 } from './read-simple-feed.js';
import { sniffFormat } from './sniff-format.js';

/** Control characters looksBinary counts; U+FFFD is the three bytes EF BF BD, seen in Latin-1 as below. */
const SUSPECT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const REPLACEMENT_AS_LATIN1 = '\u00ef\u00bf\u00bd';

/**
 * The feed in UTF-8 bytes (byte-order mark already skipped) exactly as parseInput's XML path would
 * read it after decoding (sniffFormat, the entity check, unprefixRss, then readSimpleFeed), but read
 * without decoding the whole document (see readSimpleFeedUtf8). Null whenever that is not certain
 * to give the same: invalid UTF-8, anything before the first '<' but ASCII white space, a DOCTYPE,
 * a prefixed RSS root, characters looksBinary counts, or a document the simple reader declines.
 * The caller then takes the usual path.
 */
export function readUtf8Feed(bytes: Uint8Array, name: string, maxItems: number): RawFeed | null {
  if (!isUtf8(bytes)) return null;
  const utf8 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const latin = utf8.toString('latin1');
  // sniffFormat's trimStart also skips Unicode spaces (and a second byte-order mark): only ASCII here.
  let first = 0;
  for (let c = latin.charCodeAt(0); c === 32 || c === 10 || c === 9 || c === 13 || c === 11 || c === 12; c = latin.charCodeAt(++first));
  if (latin.charCodeAt(first) !== 60) return null;
  // looksBinary samples the first 65,536 characters, at most four bytes each.
  const sample = latin.length > 262_144 ? latin.slice(0, 262_144) : latin;
  if (SUSPECT_CONTROL.test(sample) || sample.includes(REPLACEMENT_AS_LATIN1)) return null;
  // The rest of sniffFormat reads only ASCII markup (and ASCII white space, as established above,
  // wherever its trimStart would meet Unicode spaces it would meet bytes that stop the root search).
  const format = sniffFormat(latin, name);
  if (format.kind !== 'xml-feed' || format.skip) return null;
  // A DOCTYPE goes the usual way (assertNoEntityDeclarations and its positions); so does the
  // prefixed root unprefixRss rewrites.
  if (/<!DOCTYPE\b/i.test(latin) || latin.includes(':rss')) return null;
  return readSimpleFeedUtf8(latin, utf8, maxItems);
}
