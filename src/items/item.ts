import { z } from 'zod';

/** One news item as imported, before analysis. */
export const ItemSchema = z.object({
  id: z.string().min(1).max(512),
  sourceId: z.string().min(1),
  url: z.string().url().nullable(),
  title: z.string(),
  content: z.string(),
  /** Null when neither the feed nor the text gives a usable date: never invent "now". */
  published: z.date().nullable(),
  /**
   * Where `published` came from: the feed (or JSON Lines `published`), or the item's own text
   * (src/dates/text-date.ts), which never overrides a feed date. Absent on items built before
   * this was recorded: a date there is the feed's.
   */
  publishedSource: z.enum(['feed', 'text']).nullable().optional(),
  fetchedAt: z.date(),
  author: z.string().nullable(),
  categories: z.array(z.string()),
  /** Language the feed declares, if any (the detector decides the analysed `lang`). */
  lang: z.string().nullable(),
});

export type Item = z.infer<typeof ItemSchema>;

export const TopicScoreSchema = z.object({ slug: z.string(), score: z.number() });
export type TopicScore = z.infer<typeof TopicScoreSchema>;

export const EntityMentionSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['organization', 'person', 'place', 'initiative', 'unknown']),
  surface: z.string(),
});
export type EntityMention = z.infer<typeof EntityMentionSchema>;

/** What analysis adds to an item. */
export interface Analysis {
  /** ISO 639-1 code, or 'und' when the text is too short to tell. */
  lang: string;
  /** Main topic first; each with its score. */
  topics: TopicScore[];
  entities: EntityMention[];
  /** 1 to 3 sentences copied verbatim from the item. */
  summary: string[];
  /** Shared by every item telling the same story (across sources and languages). */
  story: string;
  /** Language-independent evidence used to group stories. */
  fingerprint: StoryFingerprint;
  /** Normalised words, stems and canonical entity ids, indexed for `search` (see src/analysis). */
  searchText: string;
}

export interface StoryFingerprint {
  /** 64-bit SimHash of word shingles, as 16 hex digits. */
  simhash: string;
  /** Numbers and dates found in the text, normalised (e.g. "2018-11-12", "13"). */
  numbers: string[];
  /** Link targets in the text besides the item's own URL. */
  links: string[];
}

/** `sourceName`: the readable name the store keeps for the item's source, when it has one (read from the store). */
export type AnalyzedItem = Item & { analysis: Analysis; sourceName?: string | null };

/**
 * A stored item as story grouping first sees it: its id and simhash (what the analyser caches its
 * story facts under) and its story. Grouping needs no more of an item the analyser has seen.
 */
export interface StoryRef {
  id: string;
  story: string;
  simhash: string;
}

/** When an item happened as far as we know: its publication date, else when we fetched it (story grouping). */
export function itemTime(item: Pick<Item, 'published' | 'fetchedAt'>): Date {
  return item.published ?? item.fetchedAt;
}

/**
 * How far before its fetch time an undated item sorts: about 1000 years (whole hours, so SQL
 * `interval '8760000 hours'` gives the same instant). Every listing is newest first and every window
 * (a `since`, a digest period) starts in this millennium, so an undated item sorts below every dated
 * one, enters no window, and undated items keep their fetch order among themselves (migration 0006).
 */
export const UNDATED_SHIFT_MS = 8_760_000 * 3_600_000;

/** The time an item sorts by in the store (sort_time): its date, else far below every dated item. */
export function sortTime(item: Pick<Item, 'published' | 'fetchedAt'>): Date {
  return item.published ?? new Date(item.fetchedAt.getTime() - UNDATED_SHIFT_MS);
}

/** How an item's date is known: from its feed, from its text, or not at all. */
export function dateSource(item: Pick<Item, 'published' | 'publishedSource'>): 'feed' | 'text' | null {
  if (!item.published) return null;
  return item.publishedSource === 'text' ? 'text' : 'feed';
}

/**
 * An analysed item without its text, as story views, digest ranking and listings read it: the
 * content and the search text are most of a stored row's size and read time, and none of these
 * show them. `lead` is the start of the content, carried only for an item without a summary (a
 * view's title of last resort, see ItemRepository.findHeads); null otherwise.
 */
export type ItemHead = Omit<Item, 'content'> & {
  analysis: Omit<Analysis, 'searchText'>;
  lead: string | null;
  sourceName?: string | null;
};

/** Characters of content a head's `lead` keeps: enough for any title cut (300) after trimming. */
export const LEAD_CHARS = 2000;

/** The head of an item already in memory (same `lead` rule as the store's). */
export function itemHead(item: AnalyzedItem): ItemHead {
  const { content, analysis, ...rest } = item;
  const { searchText: _searchText, ...headAnalysis } = analysis;
  return { ...rest, analysis: headAnalysis, lead: headAnalysis.summary.length === 0 ? content.slice(0, LEAD_CHARS) : null };
}

/** What story views and ranking take: a head read from the store, or a whole item in memory. */
export type ViewItem = ItemHead | AnalyzedItem;

/** The content a view may show of an item: all of it in memory, or a head's `lead` (maybe null). */
export function leadOf(item: ViewItem): string | null {
  return 'content' in item ? item.content : item.lead;
}
