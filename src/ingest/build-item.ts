import { canonicalUrl } from '../items/canonical-url.js';
import { itemId } from '../items/item-id.js';
import type { Item } from '../items/item.js';
import type { RawEntry } from './feed-entries.js';
import { htmlToLine, htmlToPlain } from './html-to-plain.js';
import { firstSentence, MAX_CONTENT_CHARS, MAX_TITLE_CHARS, primaryLanguage, truncate } from './item-text.js';
import { parseFeedDate } from './parse-feed-date.js';

export interface BuildContext {
  sourceId: string;
  fetchedAt: Date;
  /** The URL the document came from, the base of every relative link. */
  documentUrl: string | null;
  warn(message: string): void;
}

/** One feed entry to an Item, or null (with a warning) when it has neither title nor text. */
export function buildItem(entry: RawEntry, index: number, ctx: BuildContext): Item | null {
  const label = `entry ${index + 1}`;
  let content = truncate(entry.bodyIsHtml ? htmlToPlain(entry.body) : plain(entry.body), MAX_CONTENT_CHARS);
  let title = entry.titleIsHtml ? htmlToLine(entry.title) : plain(entry.title).replace(/\s+/gu, ' ');
  const base = resolveBases(ctx.documentUrl, entry.bases);
  const url = canonicalUrl(entry.link, base);

  if (!title && content) title = firstSentence(content);
  if (!title && !content && url) {
    // Feed readers keep an entry that is only a link; so do we, titled from the link and said so.
    title = linkTitle(url);
    ctx.warn(`${label}: no title and no text; kept, titled from its link "${truncate(title, 80)}"`);
  }
  if (!content && title) content = title;
  if (!title && !content) {
    ctx.warn(`${label}: skipped (no title, no text and no link)`);
    return null;
  }
  title = truncate(title, MAX_TITLE_CHARS);

  let published: Date | null = null;
  for (const raw of entry.dates) {
    published = parseFeedDate(raw);
    if (published) break;
  }
  if (!published && entry.dates.length > 0) ctx.warn(`${label}: unparseable date "${truncate(entry.dates[0]!, 60)}" (published set to unknown)`);

  return {
    id: itemId({ guid: entry.guid, url, title, content, sourceId: ctx.sourceId }),
    sourceId: ctx.sourceId,
    url,
    title,
    content,
    published,
    publishedSource: published ? 'feed' : null,
    fetchedAt: ctx.fetchedAt,
    author: entry.author ? truncate(htmlToLine(entry.author), 200) : null,
    categories: [...new Set(entry.categories.map((c) => truncate(htmlToLine(c), 100)).filter(Boolean))].slice(0, 50),
    lang: primaryLanguage(entry.lang),
  };
}

/** "sparse.example.org/notes/cert-annual-report": host and path of a link, as a title of last resort. */
export function linkTitle(url: string): string {
  try {
    const u = new URL(url);
    const path = decodeURIComponent(u.pathname).replace(/\/+$/, '');
    return `${u.hostname.replace(/^www\./, '')}${path}`;
  } catch {
    return url;
  }
}

/** xml:base values nest: each resolves against the one around it, the outermost against the document URL. */
export function resolveBases(documentUrl: string | null, bases: string[]): string | null {
  let current = documentUrl;
  for (const b of bases) {
    try {
      current = current ? new URL(b, current).toString() : new URL(b).toString();
    } catch {
      // A relative base with nothing to resolve it against, or garbage: ignore it.
    }
  }
  return current;
}

function plain(text: string | null): string {
  return (text ?? '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
}
