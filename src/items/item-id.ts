import { createHash } from 'node:crypto';
import { canonicalUrl } from './canonical-url.js';

const MAX_ID = 512;

/** Text folded so that whitespace, case and Unicode form changes do not change a hash. */
export function normaliseForHash(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** `sha256:` + 24 hex digits of the normalised title and content: stable across re-imports and date edits. */
export function contentId(title: string, content: string): string {
  const digest = createHash('sha256').update(normaliseForHash(title)).update('\u0000').update(normaliseForHash(content)).digest('hex');
  return `sha256:${digest.slice(0, 24)}`;
}

/**
 * The stable id of an imported item: its guid, else its canonical URL, else a hash of its text.
 * A guid that is not globally unique by itself (a bare number or slug) is scoped by the source,
 * so "1" from two feeds does not collide; URL-like guids are canonicalised.
 */
export function itemId(parts: { guid?: string | null; url?: string | null; title: string; content: string; sourceId: string }): string {
  const guid = parts.guid?.trim();
  if (guid) {
    const asUrl = /^https?:\/\//i.test(guid) ? canonicalUrl(guid) : null;
    const id = asUrl ?? (/^(tag|urn|uuid|doi):/i.test(guid) ? guid : `${parts.sourceId}#${guid}`);
    return bounded(id);
  }
  const url = canonicalUrl(parts.url ?? null);
  if (url) return bounded(url);
  return contentId(parts.title, parts.content);
}

/** Ids must fit the store's 512-character limit: longer ones are replaced by their hash. */
function bounded(id: string): string {
  if (id.length <= MAX_ID) return id;
  return `sha256:${createHash('sha256').update(id).digest('hex').slice(0, 24)}`;
}
