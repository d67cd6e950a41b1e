import { eq, sql, type SQL } from 'drizzle-orm';
import { parseChannelId } from '../platform/channel-id.js';
import type { Database } from './database.js';
import { channels, type Cadence } from './schema.js';
import { followKey, MAX_FOLLOWS, parseFollows, type Follow } from '../follows/follow.js';

export type ChannelSettings = typeof channels.$inferSelect;
export type { Cadence };

export const DEFAULT_CADENCE: Cadence = { kind: 'weekly', day: 1, time: '09:00' };

// `get` in plain SQL, columns named as ChannelSettings has them: every command reads its channel, and
// drizzle's select and per-column mapping cost about as much CPU as PGlite's whole query (1.9 -> 0.9 ms
// a read). Both drivers parse timestamps, jsonb and arrays themselves. Keep in step with `channels`.
const GET_SQL = `SELECT id, platform, workspace, topics, cadence, time_zone AS "timeZone", ui_lang AS "uiLang",
  max_stories AS "maxStories", per_topic AS "perTopic", muted_stories AS "mutedStories", notify_empty AS "notifyEmpty",
  follows, next_due_at AS "nextDueAt", last_digest_at AS "lastDigestAt", disabled_reason AS "disabledReason",
  created_at AS "createdAt", updated_at AS "updatedAt"
  FROM channels WHERE id = $1`;

/** Channel settings. Every call is keyed by one channel id: no call reads or writes another channel. */
export class ChannelRepository {
  constructor(private readonly database: Database) {}

  async get(id: string): Promise<ChannelSettings | null> {
    const rows = await this.database.query<ChannelSettings>(GET_SQL, [id]);
    return rows[0] ?? null;
  }

  /** The channel's settings, creating defaults (with `initial` over them) on first use. */
  async getOrCreate(id: string, now: Date, initial: Pick<Partial<ChannelSettings>, 'uiLang'> = {}): Promise<ChannelSettings> {
    const found = await this.get(id);
    if (found) return found;
    const ref = parseChannelId(id);
    await this.database.db
      .insert(channels)
      .values({ id, platform: ref.platform, workspace: ref.workspace, cadence: DEFAULT_CADENCE, ...(initial.uiLang ? { uiLang: initial.uiLang } : {}), createdAt: now, updatedAt: now })
      .onConflictDoNothing();
    return (await this.get(id))!;
  }

  /** Creates the channel with `initial` over the defaults when it was never used; never touches an existing one. True when it created it. */
  async createIfMissing(id: string, now: Date, initial: Pick<Partial<ChannelSettings>, 'uiLang'>): Promise<boolean> {
    const ref = parseChannelId(id);
    const rows = await this.database.db
      .insert(channels)
      .values({ id, platform: ref.platform, workspace: ref.workspace, cadence: DEFAULT_CADENCE, ...(initial.uiLang ? { uiLang: initial.uiLang } : {}), createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning({ id: channels.id });
    return rows.length > 0;
  }

  async update(id: string, patch: Partial<Omit<ChannelSettings, 'id' | 'platform' | 'workspace' | 'createdAt'>>, now: Date): Promise<ChannelSettings> {
    await this.getOrCreate(id, now);
    const rows = await this.database.db
      .update(channels)
      .set({ ...patch, updatedAt: now })
      .where(eq(channels.id, id))
      .returning();
    return rows[0]!;
  }

  /** Appends topics the channel does not follow yet (atomic: concurrent commands lose nothing). */
  async addTopics(id: string, slugs: string[], now: Date): Promise<ChannelSettings> {
    await this.getOrCreate(id, now);
    const rows = await this.database.db
      .update(channels)
      .set({
        topics: sql`${channels.topics} || ARRAY(SELECT x FROM unnest(${textArray(unique(slugs))}) WITH ORDINALITY AS u(x, n) WHERE NOT (x = ANY(${channels.topics})) ORDER BY n)`,
        updatedAt: now,
      })
      .where(eq(channels.id, id))
      .returning();
    return rows[0]!;
  }

  /** Removes topics, keeping the order of the rest (atomic). */
  async removeTopics(id: string, slugs: string[], now: Date): Promise<ChannelSettings> {
    await this.getOrCreate(id, now);
    const rows = await this.database.db
      .update(channels)
      .set({
        topics: sql`ARRAY(SELECT x FROM unnest(${channels.topics}) WITH ORDINALITY AS u(x, n) WHERE NOT (x = ANY(${textArray(unique(slugs))})) ORDER BY n)`,
        updatedAt: now,
      })
      .where(eq(channels.id, id))
      .returning();
    return rows[0]!;
  }

  /**
   * Adds a follow unless the channel has it (same entity, or same phrase in any case). `full` when the
   * channel already follows MAX_FOLLOWS things. A read-modify-write: two people following at the same
   * instant in one channel may lose one follow (they see it missing in `list`).
   */
  async addFollow(id: string, follow: Follow, now: Date): Promise<{ outcome: 'added' | 'already' | 'full'; follows: Follow[] }> {
    const channel = await this.getOrCreate(id, now);
    const follows = parseFollows(channel.follows);
    if (follows.some((f) => followKey(f) === followKey(follow))) return { outcome: 'already', follows };
    if (follows.length >= MAX_FOLLOWS) return { outcome: 'full', follows };
    const next = [...follows, follow];
    await this.update(id, { follows: next }, now);
    return { outcome: 'added', follows: next };
  }

  /** Removes the follows with these keys (followKey); returns what remains. */
  async removeFollows(id: string, keys: readonly string[], now: Date): Promise<Follow[]> {
    const channel = await this.getOrCreate(id, now);
    const next = parseFollows(channel.follows).filter((f) => !keys.includes(followKey(f)));
    await this.update(id, { follows: next }, now);
    return next;
  }

  /** Mutes a story in this channel; only the newest `keep` mutes are kept so the row stays small. */
  async muteStory(id: string, storyId: string, now: Date, keep = 500): Promise<ChannelSettings> {
    await this.getOrCreate(id, now);
    const rows = await this.database.db
      .update(channels)
      .set({
        mutedStories: sql`CASE WHEN ${storyId}::text = ANY(${channels.mutedStories}) THEN ${channels.mutedStories}
          ELSE (${channels.mutedStories} || ARRAY[${storyId}::text])[greatest(1, cardinality(${channels.mutedStories}) + 2 - ${keep}::int):] END`,
        updatedAt: now,
      })
      .where(eq(channels.id, id))
      .returning();
    return rows[0]!;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** A text[] literal built from bound parameters (drizzle would otherwise spread a JS array into a list). */
function textArray(values: string[]): SQL {
  if (values.length === 0) return sql`ARRAY[]::text[]`;
  return sql`ARRAY[${sql.join(values.map((v) => sql`${v}::text`), sql`, `)}]::text[]`;
}
