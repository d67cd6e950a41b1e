import { createHash } from 'node:crypto';
import { and, arrayOverlaps, desc, eq, getTableColumns, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { itemTime, type AnalyzedItem } from '../items/item.js';
import type { Database } from './database.js';
import { items } from './schema.js';

export type UpsertOutcome = 'new' | 'updated' | 'duplicate';

export interface ItemQuery {
  topic?: string;
  /** Only items whose main topic is `topic` (default: any of its topics). */
  mainTopicOnly?: boolean;
  since?: Date;
  until?: Date;
  lang?: string;
  sourceId?: string;
  entityIds?: string[];
  storyIds?: string[];
  /** A PostgreSQL tsquery over the `simple` configuration, already built from normalised words. */
  tsquery?: string;
  limit?: number;
  offset?: number;
}

type ItemRow = Omit<typeof items.$inferSelect, 'searchTsv'>;

// Every column but the stored tsvector: it is only matched in SQL, and fetching it would move ~3.6 KB
// of text per row (measured at 100k items; see bench/) for nothing.
const { searchTsv: _searchTsv, ...readColumns } = getTableColumns(items);

/** A hash of what a reader sees: a date edit alone is not a change. */
export function contentHash(item: Pick<AnalyzedItem, 'title' | 'content'>): string {
  return createHash('sha256').update(item.title).update('\u0000').update(item.content).digest('hex').slice(0, 32);
}

export class ItemRepository {
  constructor(private readonly database: Database) {}

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
          },
        });
    }
    return outcomes;
  }

  async get(id: string): Promise<AnalyzedItem | null> {
    const rows = await this.db.select(readColumns).from(items).where(eq(items.id, id)).limit(1);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async exists(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.select({ id: items.id }).from(items).where(inArray(items.id, ids));
    return new Set(rows.map((r) => r.id));
  }

  /** Newest first. */
  async find(query: ItemQuery = {}): Promise<AnalyzedItem[]> {
    const rows = await this.db
      .select(readColumns)
      .from(items)
      .where(and(...conditions(query)))
      .orderBy(desc(items.sortTime), desc(items.id))
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0);
    return rows.map(fromRow);
  }

  async count(query: ItemQuery = {}): Promise<number> {
    const rows = await this.db
      .select({ n: sql<number>`count(*)::int` })
      .from(items)
      .where(and(...conditions(query)));
    return Number(rows[0]?.n ?? 0);
  }

  /** Items whose story id may need to join with a new item's: those in the time window. */
  async storyCandidates(since: Date, until: Date, limit = 5000): Promise<AnalyzedItem[]> {
    return this.find({ since, until, limit });
  }

  /** Move every item of story `from` into story `to` (two groups found to be one story). */
  async mergeStories(from: string, to: string): Promise<void> {
    await this.db.update(items).set({ storyId: to }).where(eq(items.storyId, from));
  }

  async languages(): Promise<{ lang: string; n: number }[]> {
    return this.db
      .select({ lang: items.lang, n: sql<number>`count(*)::int` })
      .from(items)
      .groupBy(items.lang)
      .orderBy(desc(sql`count(*)`));
  }
}

function conditions(q: ItemQuery): SQL[] {
  const out: SQL[] = [];
  if (q.topic) out.push(q.mainTopicOnly ? eq(items.mainTopic, q.topic) : arrayOverlaps(items.topicSlugs, [q.topic]));
  if (q.since) out.push(gte(items.sortTime, q.since));
  if (q.until) out.push(lte(items.sortTime, q.until));
  if (q.lang) out.push(eq(items.lang, q.lang));
  if (q.sourceId) out.push(eq(items.sourceId, q.sourceId));
  if (q.entityIds?.length) out.push(arrayOverlaps(items.entityIds, q.entityIds));
  if (q.storyIds?.length) out.push(inArray(items.storyId, q.storyIds));
  if (q.tsquery) out.push(sql`${items.searchTsv} @@ to_tsquery('simple', ${q.tsquery})`);
  return out;
}

function toRow(item: AnalyzedItem, hash: string): typeof items.$inferInsert {
  const a = item.analysis;
  return {
    id: item.id,
    sourceId: item.sourceId,
    url: item.url,
    title: item.title,
    content: item.content,
    published: item.published,
    fetchedAt: item.fetchedAt,
    sortTime: itemTime(item),
    author: item.author,
    categories: item.categories,
    declaredLang: item.lang,
    lang: a.lang,
    topics: a.topics,
    topicSlugs: a.topics.map((t) => t.slug),
    mainTopic: a.topics[0]?.slug ?? null,
    entities: a.entities,
    entityIds: [...new Set(a.entities.map((e) => e.id))],
    summary: a.summary,
    storyId: a.story,
    simhash: a.fingerprint.simhash,
    numbers: a.fingerprint.numbers,
    links: a.fingerprint.links,
    contentHash: hash,
    searchText: a.searchText,
  };
}

function fromRow(row: ItemRow): AnalyzedItem {
  return {
    id: row.id,
    sourceId: row.sourceId,
    url: row.url,
    title: row.title,
    content: row.content,
    published: row.published,
    fetchedAt: row.fetchedAt,
    author: row.author,
    categories: row.categories,
    lang: row.declaredLang,
    analysis: {
      lang: row.lang,
      topics: row.topics,
      entities: row.entities,
      summary: row.summary,
      story: row.storyId,
      fingerprint: { simhash: row.simhash, numbers: row.numbers, links: row.links },
      searchText: row.searchText,
    },
  };
}
