import { z } from 'zod';
import { canonicalUrl } from '../items/canonical-url.js';
import { itemId } from '../items/item-id.js';
import type { Item } from '../items/item.js';
import { htmlToLine, htmlToPlain } from './html-to-plain.js';
import { MAX_CONTENT_CHARS, MAX_TITLE_CHARS, primaryLanguage, truncate } from './item-text.js';
import { parseFeedDate } from './parse-feed-date.js';

const LineSchema = z.object({
  // Numbers are common in exports; they are kept as their decimal string.
  id: z.union([z.string().trim().min(1).max(512), z.number().transform(String)]).optional(),
  title: z.string(),
  content: z.string(),
  url: z.string().nullish(),
  /** A date string, or epoch seconds / milliseconds. */
  published: z.union([z.string(), z.number()]).nullish(),
  lang: z.string().nullish(),
  source: z.string().trim().min(1).max(200).nullish(),
  author: z.string().nullish(),
  categories: z.array(z.string()).nullish(),
});

export interface LineContext {
  sourceId: string;
  fetchedAt: Date;
}

export type LineResult = { item: Item; warning?: string } | { error: string } | null;

/** One JSON Lines record to an Item; null for a blank line; `error` names what is wrong. */
export function parseJsonlLine(line: string, ctx: LineContext): LineResult {
  const text = line.trim();
  if (text === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `invalid JSON (${(err as Error).message.replace(/\s+in JSON at position \d+.*$/, '')})` };
  }
  const parsed = LineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? `"${issue.path.join('.')}"` : 'the line';
    return { error: `${field}: ${issue.message}` };
  }
  const r = parsed.data;
  const title = truncate(htmlToLine(r.title), MAX_TITLE_CHARS);
  const content = truncate(htmlToPlain(r.content), MAX_CONTENT_CHARS);
  if (!title && !content) return { error: 'both "title" and "content" are empty' };
  const published = typeof r.published === 'number' ? epochDate(r.published) : r.published ? parseFeedDate(r.published) : null;
  const url = canonicalUrl(r.url ?? null);
  const sourceId = r.source ?? ctx.sourceId;
  return {
    item: {
      // A given id is kept exactly as is: other tools join on it.
      id: r.id ?? itemId({ url, title: title || content, content: content || title, sourceId }),
      sourceId,
      url,
      title: title || truncate(content, 200),
      content: content || title,
      published,
      publishedSource: published ? 'feed' : null,
      fetchedAt: ctx.fetchedAt,
      author: r.author?.trim() || null,
      categories: r.categories ?? [],
      lang: primaryLanguage(r.lang),
    },
    warning: r.published != null && r.published !== '' && !published ? `unparseable date "${truncate(String(r.published), 60)}" (published set to unknown)` : undefined,
  };
}

/** Epoch seconds (up to year 5138) or milliseconds to a Date; nonsense is null. */
function epochDate(n: number): Date | null {
  if (!Number.isFinite(n) || n <= 0) return null;
  const date = new Date(n < 1e11 ? n * 1000 : n);
  return Number.isNaN(date.getTime()) ? null : date;
}
