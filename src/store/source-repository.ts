import { asc, eq, sql } from 'drizzle-orm';
import type { Database } from './database.js';
import { sourceNames, sources } from './schema.js';
import { WriteCount } from './write-count.js';

export type SourceRow = typeof sources.$inferSelect;

export interface NewSource {
  id: string;
  url: string;
  title?: string | null;
  addedBy?: string | null;
  now: Date;
  /** Main language (ISO 639-1). */
  language?: string | null;
  /** The digests/sources.json id it was added from, if any. */
  catalogId?: string | null;
  /** The site the feed belongs to (OPML htmlUrl). */
  htmlUrl?: string | null;
  /** OPML folders, outermost first. */
  categoryPath?: readonly string[] | null;
}

export class SourceRepository {
  private readonly writes = new WriteCount();

  constructor(private readonly database: Database) {}

  /**
   * Moves before and after every write that may change a source's readable name (heads carry it):
   * in-process caches of reads compare it, and keep nothing read while it moved.
   */
  get writeCount(): number {
    return this.writes.value;
  }

  /**
   * Remembers a readable name for a source (file or feed id). An operator's name (`ingest
   * --source-name`) replaces any name; a feed's own title only replaces another feed title.
   */
  async setName(sourceId: string, name: string, givenBy: 'operator' | 'feed', now: Date): Promise<void> {
    await this.writes.around(async () => {
      await this.database.db
        .insert(sourceNames)
        .values({ sourceId, name, givenBy, updatedAt: now })
        .onConflictDoUpdate({
          target: sourceNames.sourceId,
          set: { name: sql`excluded.name`, givenBy: sql`excluded.given_by`, updatedAt: sql`excluded.updated_at` },
          setWhere: sql`${sourceNames.givenBy} = 'feed' OR excluded.given_by = 'operator'`,
        });
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
  async add(source: NewSource): Promise<boolean> {
    return (await this.addMany([source])).length > 0;
  }

  /**
   * Adds every source in one statement (all or none: an OPML import is never half done); returns the
   * URLs that were new, leaving those already there untouched.
   */
  async addMany(list: readonly NewSource[]): Promise<string[]> {
    if (list.length === 0) return [];
    const rows = await this.writes.around(() =>
      this.database.db
        .insert(sources)
        .values(
          list.map((s) => ({
            id: s.id,
            url: s.url,
            title: s.title ?? null,
            addedBy: s.addedBy ?? null,
            addedAt: s.now,
            nextPollAt: s.now,
            language: s.language ?? null,
            catalogId: s.catalogId ?? null,
            htmlUrl: s.htmlUrl ?? null,
            categoryPath: s.categoryPath && s.categoryPath.length > 0 ? [...s.categoryPath] : null,
          })),
        )
        .onConflictDoNothing()
        .returning({ url: sources.url }),
    );
    return rows.map((r) => r.url);
  }

  async remove(url: string): Promise<boolean> {
    const rows = await this.writes.around(() => this.database.db.delete(sources).where(eq(sources.url, url)).returning({ id: sources.id }));
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
    // A fetch that brings the feed's title may rename the source; one that does not changes no name.
    const update = () =>
      this.database.db
        .update(sources)
        .set({
          lastFetchAt: result.at,
          lastStatus: result.status,
          lastError: result.error ?? null,
          errorCount: result.error ? sql`${sources.errorCount} + 1` : 0,
          // The first failure of a run starts the clock; any success stops it.
          failingSince: result.error ? sql`COALESCE(${sources.failingSince}, ${result.at.toISOString()}::timestamptz)` : null,
          ...(result.etag !== undefined ? { etag: result.etag } : {}),
          ...(result.lastModified !== undefined ? { lastModified: result.lastModified } : {}),
          ...(result.title ? { title: result.title } : {}),
          nextPollAt: result.nextPollAt,
          itemCount: sql`${sources.itemCount} + ${result.newItems ?? 0}`,
        })
        .where(eq(sources.url, url));
    if (result.title) await this.writes.around(update);
    else await update();
  }
}
