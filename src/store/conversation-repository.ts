import { eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { conversationRefs } from './schema.js';

/** Where proactive messages go (Teams conversation references), keyed by channel id. */
export class ConversationRepository {
  constructor(private readonly database: Database) {}

  async save(channelId: string, reference: Record<string, unknown>, now: Date): Promise<void> {
    await this.database.db
      .insert(conversationRefs)
      .values({ channelId, reference, active: true, updatedAt: now })
      .onConflictDoUpdate({ target: conversationRefs.channelId, set: { reference, active: true, updatedAt: now } });
  }

  async get(channelId: string): Promise<{ reference: Record<string, unknown>; active: boolean } | null> {
    const rows = await this.database.db.select().from(conversationRefs).where(eq(conversationRefs.channelId, channelId)).limit(1);
    return rows[0] ? { reference: rows[0].reference, active: rows[0].active } : null;
  }

  async deactivate(channelId: string, now: Date): Promise<void> {
    await this.database.db.update(conversationRefs).set({ active: false, updatedAt: now }).where(eq(conversationRefs.channelId, channelId));
  }
}
