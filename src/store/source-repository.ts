import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { sourceNames, sources } from './schema.js';

export type SourceRow = typeof sources.$inferSelect;

export class SourceRepository {
  constructor(private readonly database: Database) {}

  /**
   * Remembers a readable name for a source (file or feed id). An operator's name (`ingest
   * --source-name`) replaces any name; a feed's own title only replaces another feed title.
   */
  async setName(sourceId: string, name: string, givenBy: 'operator' | 'feed', now: Date): Promise<void> {
    await this.database.db
      .insert(sourceNames)
      .values({ sourceId, name, givenBy, updatedAt: now })
      .onConflictDoUpdate({
        target: sourceNames.sourceId,
        set: { name: sql`excluded.name`, givenBy: sql`excluded.given_by`, updatedAt: sql`excluded.updated_at` },
        setWhere: sql`${sourceNames.givenBy} = 'feed' OR excluded.given_by = 'operator'`,
      });
  }

  /** Readable names of the sources that have one (operator's or feed file's title, else a polled feed's title). */
  async names(): Promise<Map<string, string>> {
    const named = await this.database.db.select({ id: sourceNames.sourceId, name: sourceNames.name }).from(sourceNames);
    const polled = await this.database.db.select({ id: sources.id, title: sources.title }).from(sources);
    const out = new Map<string, string>();
    for (const p of polled) if (p.title) out.set(p.id, p.title);
    for (const n of named) out.set(n.id, n.name);
    return out;
  }

  /** Adds the source; returns false when it was already there. */
  async add(source: { id: string; url: string; title?: string | null; addedBy?: string | null; language?: string | null; catalogId?: string | null; now: Date }): Promise<boolean> {
    const rows = await this.database.db
      .insert(sources)
      .values({
        id: source.id,
        url: source.url,
        title: source.title ?? null,
        addedBy: source.addedBy ?? null,
        language: source.language ?? null,
        catalogId: source.catalogId ?? null,
        addedAt: source.now,
        nextPollAt: source.now,
      })
      .onConflictDoNothing()
      .returning({ id: sources.id });
    return rows.length > 0;
  }

  async remove(url: string): Promise<boolean> {
    const rows = await this.database.db.delete(sources).where(eq(sources.url, url)).returning({ id: sources.id });
    return rows.length > 0;
  }

  async list(): Promise<SourceRow[]> {
    return this.database.db.select().from(sources).orderBy(asc(sources.url));
  }

  async get(url: string): Promise<SourceRow | null> {
    const rows = await this.database.db.select().from(sources).where(eq(sources.url, url)).limit(1);
    return rows[0] ?? null;
  }

  /** Sources whose next poll time has come. */
  async due(now: Date): Promise<SourceRow[]> {
    return this.database.db
      .select()
      .from(sources)
      .where(sql`${sources.nextPollAt} IS NULL OR ${sources.nextPollAt} <= ${now}`)
      .orderBy(asc(sources.nextPollAt));
  }

  async recordFetch(
    url: string,
    result: {
      at: Date;
      status: string;
      error?: string | null;
      etag?: string | null;
      lastModified?: string | null;
      nextPollAt: Date;
      newItems?: number;
      title?: string | null;
    },
  ): Promise<void> {
    await this.database.db
      .update(sources)
      .set({
        lastFetchAt: result.at,
        lastStatus: result.status,
        lastError: result.error ?? null,
        errorCount: result.error ? sql`${sources.errorCount} + 1` : 0,
        ...(result.etag !== undefined ? { etag: result.etag } : {}),
        ...(result.lastModified !== undefined ? { lastModified: result.lastModified } : {}),
        ...(result.title ? { title: result.title } : {}),
        nextPollAt: result.nextPollAt,
        itemCount: sql`${sources.itemCount} + ${result.newItems ?? 0}`,
      })
      .where(eq(sources.url, url));
  }
}
