import { eq } from 'drizzle-orm';
import { parseChannelId } from '../platform/channel-id.js';
import type { Database } from './database.js';
import { channels, type Cadence } from './schema.js';

export type ChannelSettings = typeof channels.$inferSelect;
export type { Cadence };

export const DEFAULT_CADENCE: Cadence = { kind: 'weekly', day: 1, time: '09:00' };

/** Channel settings. Every call is keyed by one channel id: no call reads or writes another channel. */
export class ChannelRepository {
  constructor(private readonly database: Database) {}

  async get(id: string): Promise<ChannelSettings | null> {
    const rows = await this.database.db.select().from(channels).where(eq(channels.id, id)).limit(1);
    return rows[0] ?? null;
  }

  /** The channel's settings, creating defaults on first use. */
  async getOrCreate(id: string, now: Date): Promise<ChannelSettings> {
    const found = await this.get(id);
    if (found) return found;
    const ref = parseChannelId(id);
    await this.database.db
      .insert(channels)
      .values({ id, platform: ref.platform, workspace: ref.workspace, cadence: DEFAULT_CADENCE, createdAt: now, updatedAt: now })
      .onConflictDoNothing();
    return (await this.get(id))!;
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
}
