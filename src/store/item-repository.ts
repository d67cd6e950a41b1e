import { createHash } from 'node:crypto';
import { and, arrayOverlaps, desc, eq, getTableColumns, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { LEAD_CHARS, sortTime, UNDATED_SHIFT_MS, type AnalyzedItem, type ItemHead, type StoryRef } from '../items/item.js';
import type { Database } from './database.js';
import type { PgSelect } from 'drizzle-orm/pg-core';
import { monthsTsquery } from './month-lexemes.js';
import { items, itemTopics } from './schema.js';
import { packItemBody, readStoredBody, readStoredHead } from './item-body.js';
import { WriteCount } from './write-count.js';

export type UpsertOutcome = 'new' | 'updated' | 'duplicate';

export interface ItemQuery {
  topic?: string;
  /** Only items whose main topic is `topic` (default: any of its topics). */
  mainTopicOnly?: boolean;
  since?: Date;
  until?: Date;
  /** Only items strictly older than this (a word search's older slices, see findRefs). */
  before?: Date;
  lang?: string;
  sourceId?: string;
  entityIds?: string[];
  storyIds?: string[];
  /** A PostgreSQL tsquery over the `simple` configuration, already built from normalised words. */
  tsquery?: string;
  limit?: number;
  offset?: number;
}

/** A word search's first slice back from the newest item, in days (see findRefs). */
const FIRST_SLICE_DAYS = 14;
/** A slice that would reach further back than this is the rest of the store instead. */
const WHOLE_STORE_AFTER_DAYS = 365;
/** A slice is this many times as long as the matches so far say fills the page. */
const SLICE_MARGIN = 1.5;
/** The shortest slice after the first, in days. */
const MIN_SLICE_DAYS = 7;
const DAY_MS = 86_400_000;
const NEWEST_TTL_MS = 5_000;
/** How long the whole store's count stands without this process writing (see count). */
const TOTAL_TTL_MS = { pglite: 600_000, postgres: 60_000 } as const;

type ItemRow = typeof items.$inferSelect;

const { body: _body, ...tableColumns } = getTableColumns(items);
// The body as base64 text: PGlite parses a bytea result in JavaScript, two hex digits at a time
// (300 bodies: 42 ms CPU, against 6 ms as base64 that Buffer decodes natively).
const readColumns = { ...tableColumns, body: sql<string | null>`encode(${items.body}, 'base64')` };

// What a head reads: no content (but its start, for the rare item without a summary), no search
// text, no hash. Fetching and parsing a whole row costs ~0.2 ms CPU on PGlite, mostly detoasting
// those texts; a head is a fraction of that (see bench/README.md).
const { content: _content, searchText: _searchText, contentHash: _contentHash, ...headRest } = readColumns;
/** The readable name of an item's source: the operator's or feed file's (source_names), else a polled feed's title. */
// Written out: drizzle leaves columns unqualified inside sql``, and source_id would name the subquery's own column.
const sourceNameColumn = sql<string | null>`COALESCE((SELECT sn.name FROM source_names sn WHERE sn.source_id = "items"."source_id"), (SELECT s.title FROM sources s WHERE s.id = "items"."source_id"))`;
const headColumns = {
  ...headRest,
  lead: sql<string | null>`CASE WHEN jsonb_array_length(${items.summary}) = 0 THEN left(${items.content}, ${sql.raw(String(LEAD_CHARS))}) END`,
  sourceName: sourceNameColumn,
};
const wholeColumns = { ...readColumns, sourceName: sourceNameColumn };
type StoredRow = Omit<ItemRow, 'body'> & { body: string | null };
type HeadRow = Omit<StoredRow, 'content' | 'searchText' | 'contentHash'> & { lead: string | null; sourceName: string | null };
/** What a head is made of: the columns headsByIds reads (HeadRow, less what a view never uses). */
type HeadFields = Omit<HeadRow, 'topicSlugs' | 'mainTopic' | 'entityIds' | 'sortTime'>;

// headsByIds in plain SQL, columns named as fromHeadRow reads them: both drivers parse timestamps,
// jsonb and arrays themselves, and drizzle's per-column mapping on top cost about as much CPU as
// PGlite's whole query (113 heads, a search's five stories: ~20 ms through drizzle, ~11 ms so).
// One array parameter instead of one parameter per id. Keep in step with headColumns.
const HEAD_SQL = `SELECT id, source_id AS "sourceId", url, title, published, published_source AS "publishedSource",
  fetched_at AS "fetchedAt", author, categories, declared_lang AS "declaredLang", lang, topics, entities, summary,
  story_id AS "storyId", simhash, numbers, links, encode(body, 'base64') AS body,
  CASE WHEN jsonb_array_length(summary) = 0 THEN left(content, ${LEAD_CHARS}) END AS lead,
  COALESCE((SELECT sn.name FROM source_names sn WHERE sn.source_id = items.source_id), (SELECT s.title FROM sources s WHERE s.id = items.source_id)) AS "sourceName"
  FROM items WHERE id = ANY($1::text[])`;

/** Where an item sits in a listing, and its story: what is needed to pick stories before reading them. */
export interface ItemRef {
  id: string;
  storyId: string;
  sortTime: Date;
}

/** A hash of what a reader sees: a date edit alone is not a change. */
export function contentHash(item: Pick<AnalyzedItem, 'title' | 'content'>): string {
  return createHash('sha256').update(item.title).update('\u0000').update(item.content).digest('hex').slice(0, 32);
}

export class ItemRepository {
  private readonly writes = new WriteCount();
  private newest: { at: number; writes: number; value: Date | null } | null = null;
  private total: { at: number; value: number } | null = null;
  private upserting = 0;

  constructor(private readonly database: Database) {}

  /**
   * Grows before and after every write through this repository: in-process caches of reads compare
   * it, and keep nothing read while it moved (such a read may or may not include the write).
   */
  get writeCount(): number {
    return this.writes.value;
  }

  private get db() {
    return this.database.db;
  }

  /** Insert or update each item; re-imports and date-only edits are duplicates, not new rows. */
  async upsert(batch: AnalyzedItem[]): Promise<UpsertOutcome[]> {
    if (batch.length === 0) return [];
    const ids = batch.map((i) => i.id);
    const existing = await this.db
      .select({ id: items.id, contentHash: items.contentHash })
      .from(items)
      .where(inArray(items.id, ids));
    const known = new Map(existing.map((r) => [r.id, r.contentHash]));
    const outcomes: UpsertOutcome[] = [];
    const rows: (typeof items.$inferInsert)[] = [];
    const seenInBatch = new Set<string>();
    for (const item of batch) {
      const hash = contentHash(item);
      const previous = known.get(item.id);
      if (seenInBatch.has(item.id) || previous === hash) {
        outcomes.push('duplicate');
        continue;
      }
      seenInBatch.add(item.id);
      outcomes.push(previous === undefined ? 'new' : 'updated');
      rows.push(toRow(item, hash));
    }
    // Chunked so one giant import does not build one giant statement.
    // The kept total moves by what this write added; a write that failed part-way makes it unknown.
    if (rows.length > 0) {
      this.upserting++;
      try {
        await this.writes.around(() => this.insertRows(rows));
      } catch (err) {
        this.total = null;
        throw err;
      } finally {
        this.upserting--;
      }
    }
    const added = outcomes.filter((o) => o === 'new').length;
    if (this.total && added > 0) this.total = { ...this.total, value: this.total.value + added };
    return outcomes;
  }

  private async insertRows(rows: (typeof items.$inferInsert)[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      await this.db
        .insert(items)
        .values(chunk)
        .onConflictDoUpdate({
          target: items.id,
          set: {
            title: sql`excluded.title`,
            content: sql`excluded.content`,
            url: sql`excluded.url`,
            author: sql`excluded.author`,
            categories: sql`excluded.categories`,
            lang: sql`excluded.lang`,
            topics: sql`excluded.topics`,
            topicSlugs: sql`excluded.topic_slugs`,
            mainTopic: sql`excluded.main_topic`,
            entities: sql`excluded.entities`,
            entityIds: sql`excluded.entity_ids`,
            summary: sql`excluded.summary`,
            simhash: sql`excluded.simhash`,
            numbers: sql`excluded.numbers`,
            links: sql`excluded.links`,
            contentHash: sql`excluded.content_hash`,
            searchText: sql`excluded.search_text`,
            body: sql`excluded.body`,
          },
        });
    }
  }

  async get(id: string): Promise<AnalyzedItem | null> {
    const rows = await this.db.select(wholeColumns).from(items).where(eq(items.id, id)).limit(1);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /** Whole items by id (any order; unknown ids are left out). */
  async getMany(ids: readonly string[]): Promise<AnalyzedItem[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.select(wholeColumns).from(items).where(inArray(items.id, [...ids]));
    return rows.map(fromRow);
  }

  /** Heads (no content or search text) by id, in the order of `ids`; unknown ids are left out. */
  async headsByIds(ids: readonly string[]): Promise<ItemHead[]> {
    if (ids.length === 0) return [];
    const rows = await this.database.query<HeadFields>(HEAD_SQL, [[...ids]]);
    const byId = new Map(rows.map((r) => [r.id, fromHeadRow(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async exists(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.select({ id: items.id }).from(items).where(inArray(items.id, ids));
    return new Set(rows.map((r) => r.id));
  }

  /** Newest first. */
  async find(query: ItemQuery = {}): Promise<AnalyzedItem[]> {
    const rows = await newestPage(this.db.select(wholeColumns).from(items).$dynamic(), query);
    return rows.map(fromRow);
  }

  /** Like `find`, as heads: what story views and ranking read (no content or search text). */
  async findHeads(query: ItemQuery = {}): Promise<ItemHead[]> {
    const rows = await newestPage(this.db.select(headColumns).from(items).$dynamic(), query);
    return rows.map(fromHeadRow);
  }

  /**
   * Like `find`, as id, story and sort time only: cheap enough to read a whole window of them.
   * A word search (entities are searched by their lexemes too) reads the store in slices back from
   * the newest item: the last 14 days, then slices sized by the rate of matches (nextSliceDays), then (past a
   * year) everything older, each slice newest first, until the page is full. A common word matches
   * half of all items, and fetching every match to sort them took 300–470 ms at 100k items; each
   * slice names its months too (lexemes of the index, migration 0005), so the index narrows it
   * before any row is read ("Paris Call": 190 -> 15 ms at 100k). The slices do not overlap, so a word that needs several reads
   * reads each match once (the windows used to be 14, 90 and 365 days from the newest item, each
   * reading again whatever the last one had read). Newer slices hold newer items, so the pages
   * joined are the newest matches overall.
   */
  async findRefs(query: ItemQuery = {}): Promise<ItemRef[]> {
    const limit = query.limit ?? 50;
    if (onlyTopicAndTime(query)) return this.topicRefs(query);
    if (query.tsquery && !query.since && !query.until && !query.before && !query.offset) {
      const newest = await this.newestSortTime();
      if (newest) return this.wordRefsBySlices(query, newest, limit);
    }
    return this.refs(query);
  }

  private async wordRefsBySlices(query: ItemQuery, newest: Date, limit: number): Promise<ItemRef[]> {
    const out: ItemRef[] = [];
    // The slice being read ends (exclusively) where the last one began; the first has no end.
    let before: Date | undefined;
    let coveredDays = 0;
    let days = FIRST_SLICE_DAYS;
    while (days < WHOLE_STORE_AFTER_DAYS) {
      const since = new Date(newest.getTime() - days * DAY_MS);
      const tsquery = `(${query.tsquery}) & ${monthsTsquery(since, before ?? newest)}`;
      const found = await this.refs({ ...query, since, before, tsquery, limit: limit - out.length });
      out.push(...found);
      if (out.length >= limit) return out;
      const sliceDays = days - coveredDays;
      before = since;
      coveredDays = days;
      days = coveredDays + nextSliceDays(limit - out.length, found.length / sliceDays, out.length / coveredDays, coveredDays);
    }
    out.push(...(await this.refs({ ...query, before, limit: limit - out.length })));
    return out;
  }

  /**
   * The newest item's sort time, which anchors the search windows: kept until this repository writes
   * or for NEWEST_TTL_MS (another process's newer items), instead of one more query per search.
   */
  private async newestSortTime(): Promise<Date | null> {
    const now = performance.now();
    const cached = this.newest;
    if (cached && cached.writes === this.writes.value && now - cached.at <= NEWEST_TTL_MS) return cached.value;
    const writes = this.writes.value;
    const [row] = await this.db.select({ newest: sql<Date | string | null>`max(${items.sortTime})` }).from(items);
    const value = row?.newest ? new Date(row.newest) : null;
    this.newest = { at: now, writes, value };
    return value;
  }

  /**
   * A topic's newest refs from item_topics (migration 0014), read backwards along its primary key:
   * exactly the rows returned, where the items table had to be walked by time (reading thousands of
   * wide rows for a small topic) or every item of the topic fetched and sorted.
   */
  private async topicRefs(query: ItemQuery): Promise<ItemRef[]> {
    const rows = await this.db
      .select({ id: itemTopics.itemId, storyId: itemTopics.storyId, sortTime: itemTopics.sortTime })
      .from(itemTopics)
      .where(
        and(
          eq(itemTopics.topic, query.topic!),
          query.since ? gte(itemTopics.sortTime, query.since) : undefined,
          query.until ? lte(itemTopics.sortTime, query.until) : undefined,
          query.before ? lt(itemTopics.sortTime, query.before) : undefined,
        ),
      )
      .orderBy(desc(itemTopics.sortTime), desc(itemTopics.itemId))
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0);
    return rows;
  }

  private refs(query: ItemQuery): Promise<ItemRef[]> {
    return newestPage(this.db.select({ id: items.id, storyId: items.storyId, sortTime: items.sortTime }).from(items).$dynamic(), query);
  }

  /**
   * How many items match. The whole store's count (what /healthz reports) is a full scan of the items
   * table (~400 ms of PGlite's one connection at 100k items, every probe); it is counted once, then
   * moved by each write through this repository, and counted again after TOTAL_TTL_MS for writes by
   * other processes (an embedded store has none: the CLI writes through `serve` while it runs).
   */
  async count(query: ItemQuery = {}): Promise<number> {
    const whole = Object.values(query).every((v) => v === undefined);
    if (whole) {
      const now = performance.now();
      const kept = this.total;
      if (kept && now - kept.at <= TOTAL_TTL_MS[this.database.kind]) return kept.value;
      const writes = this.writes.value;
      const quiet = this.upserting === 0;
      const value = await this.countRows(query);
      // Not kept when a write ran meanwhile (it may or may not be in the count).
      if (quiet && this.upserting === 0 && writes === this.writes.value) this.total = { at: now, value };
      return value;
    }
    return this.countRows(query);
  }

  private async countRows(query: ItemQuery): Promise<number> {
    const rows = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(items)
      .where(and(...conditions(query)));
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Items whose story id may need to join with a new item's: those in the time window, newest first,
   * as references (the analyser caches the story facts of items it has seen; `getMany` reads the
   * others whole).
   */
  async storyCandidates(since: Date, until: Date, limit = 5000): Promise<StoryRef[]> {
    const page = (from: Date, to: Date) =>
      newestPage(this.db.select({ id: items.id, story: items.storyId, simhash: items.simhash }).from(items).$dynamic(), { since: from, until: to, limit });
    // Undated items fetched in the window sort UNDATED_SHIFT_MS earlier (sortTime): they may still tell the same story.
    const [dated, undated] = await Promise.all([page(since, until), page(new Date(since.getTime() - UNDATED_SHIFT_MS), new Date(until.getTime() - UNDATED_SHIFT_MS))]);
    return [...dated, ...undated].slice(0, limit);
  }

  /** Move every item of story `from` into story `to` (two groups found to be one story). */
  async mergeStories(from: string, to: string): Promise<void> {
    await this.writes.around(() => this.db.update(items).set({ storyId: to }).where(eq(items.storyId, from)));
  }

  async languages(): Promise<{ lang: string; n: number }[]> {
    return this.db
      .select({ lang: items.lang, n: sql<number>`count(*)::int` })
      .from(items)
      .groupBy(items.lang)
      .orderBy(desc(sql`count(*)`));
  }
}

/**
 * Newest first. A word search sorts on an expression the sort_time index cannot serve: otherwise
 * PostgreSQL may walk that index and compute the search vector for row after row until it has
 * `limit` matches (0.5-2 s for a common word at 10k items), instead of taking the matches from the
 * GIN index and sorting them (milliseconds). See also migration 0004.
 */
function newestFirst(q: ItemQuery): SQL[] {
  const time = q.tsquery ? sql`(${items.sortTime} + interval '0 s')` : sql`${items.sortTime}`;
  return [desc(time), desc(items.id)];
}

/**
 * How many days the next slice of a word search reads back, for `missing` more matches. A slice costs
 * every match in it (each fetched from the table, then sorted), so it is sized by the rate of matches:
 * of the slice just read when it had any (the store's rate changes over time: a gap in its feeds, a
 * burst of news), else of all read so far; long enough to fill the page with a margin. It at most
 * doubles what was read, so a word whose recent matches are few still reads about what the page
 * needs, not every match of the store: at 100k items, a word with 7 matches in the last 14 days read
 * all its 2,564 (the whole store, in one read) for 293; now ~500 over three slices. A word too rare to
 * fill the page in a year still ends with the rest of the store, as one read (findRefs).
 */
function nextSliceDays(missing: number, lastPerDay: number, perDay: number, coveredDays: number): number {
  const rate = lastPerDay > 0 ? lastPerDay : perDay;
  const wanted = rate > 0 ? Math.ceil((missing / rate) * SLICE_MARGIN) : Number.POSITIVE_INFINITY;
  return Math.min(2 * coveredDays, Math.max(MIN_SLICE_DAYS, wanted));
}

/** One page of the items matching `query`, newest first, whatever columns `select` reads. */
function newestPage<T extends PgSelect>(select: T, query: ItemQuery): T {
  return select
    .where(and(...conditions(query)))
    .orderBy(...newestFirst(query))
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0);
}

/** A query item_topics answers: a topic (any of an item's topics), perhaps a time window, nothing else. */
function onlyTopicAndTime(q: ItemQuery): boolean {
  return Boolean(q.topic) && !q.mainTopicOnly && !q.lang && !q.sourceId && !q.entityIds?.length && !q.storyIds?.length && !q.tsquery;
}

function conditions(q: ItemQuery): SQL[] {
  const out: SQL[] = [];
  if (q.topic) out.push(q.mainTopicOnly ? eq(items.mainTopic, q.topic) : arrayOverlaps(items.topicSlugs, [q.topic]));
  if (q.since) out.push(gte(items.sortTime, q.since));
  if (q.until) out.push(lte(items.sortTime, q.until));
  if (q.before) out.push(lt(items.sortTime, q.before));
  if (q.lang) out.push(eq(items.lang, q.lang));
  if (q.sourceId) out.push(eq(items.sourceId, q.sourceId));
  if (q.entityIds?.length) out.push(arrayOverlaps(items.entityIds, q.entityIds));
  if (q.storyIds?.length) out.push(inArray(items.storyId, q.storyIds));
  // Exactly the expression of the index items_search_vector_idx (migration 0005), so the planner uses it.
  if (q.tsquery) out.push(sql`items_search_vector(${items.searchText}, ${items.sortTime}) @@ to_tsquery('simple', ${q.tsquery})`);
  return out;
}

function toRow(item: AnalyzedItem, hash: string): typeof items.$inferInsert {
  const a = item.analysis;
  return {
    id: item.id,
    sourceId: item.sourceId,
    url: item.url,
    title: item.title,
    // In the body: the columns stay empty (migration 0013).
    content: '',
    published: item.published,
    publishedSource: item.published ? (item.publishedSource ?? 'feed') : null,
    fetchedAt: item.fetchedAt,
    sortTime: sortTime(item),
    author: item.author,
    categories: item.categories,
    declaredLang: item.lang,
    lang: a.lang,
    topics: a.topics,
    topicSlugs: a.topics.map((t) => t.slug),
    mainTopic: a.topics[0]?.slug ?? null,
    entities: [],
    entityIds: [...new Set(a.entities.map((e) => e.id))],
    summary: [],
    body: packItemBody({ content: item.content, summary: a.summary, entities: a.entities }),
    storyId: a.story,
    simhash: a.fingerprint.simhash,
    numbers: a.fingerprint.numbers,
    links: a.fingerprint.links,
    contentHash: hash,
    searchText: a.searchText,
  };
}

function fromHeadRow(row: HeadFields): ItemHead {
  return fromHeadParts(row, readStoredHead(row.body) ?? row);
}

/** A head from a row whose summary, entities and lead are read (from the row itself, or its body). */
function fromHeadParts(row: Omit<HeadFields, 'lead'>, text: Pick<HeadRow, 'summary' | 'entities' | 'lead'>): ItemHead {
  return {
    id: row.id,
    sourceId: row.sourceId,
    url: row.url,
    title: row.title,
    published: row.published,
    publishedSource: row.published ? (row.publishedSource === 'text' ? 'text' : 'feed') : null,
    fetchedAt: row.fetchedAt,
    author: row.author,
    categories: row.categories,
    lang: row.declaredLang,
    analysis: {
      lang: row.lang,
      topics: row.topics,
      entities: text.entities,
      summary: text.summary,
      story: row.storyId,
      fingerprint: { simhash: row.simhash, numbers: row.numbers, links: row.links },
    },
    lead: text.lead,
    sourceName: row.sourceName,
  };
}

function fromRow(row: StoredRow & { sourceName: string | null }): AnalyzedItem {
  const body = readStoredBody(row.body);
  const { lead: _lead, analysis, ...head } = fromHeadParts(row, body ? { summary: body.summary, entities: body.entities, lead: null } : { ...row, lead: null });
  return { ...head, content: body ? body.content : row.content, analysis: { ...analysis, searchText: row.searchText } };
}
