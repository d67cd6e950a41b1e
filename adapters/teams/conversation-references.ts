import type { Clock } from '../../src/clock.js';
import { PermanentDeliveryError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { Store } from '../../src/store/store.js';
import { StoredReferenceSchema, type StoredReference } from './activity.js';

/** Why a channel stops getting digests after an uninstall; cleared again when the bot comes back. */
export const REMOVED_REASON = 'teams: the bot was removed from this conversation';

/** Conversation references for proactive posts, kept per channel id in the store. */
export class TeamsConversations {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Saves (or refreshes) the reference; re-enables a channel that an uninstall had switched off. */
  async remember(channelId: string, reference: StoredReference): Promise<void> {
    const now = this.clock.now();
    const known = await this.store.conversations.get(channelId);
    if (!known || !known.active || JSON.stringify(known.reference) !== JSON.stringify(reference)) {
      await this.store.conversations.save(channelId, reference as unknown as Record<string, unknown>, now);
    }
    const channel = await this.store.channels.get(channelId);
    if (channel?.disabledReason === REMOVED_REASON) await this.store.channels.update(channelId, { disabledReason: null }, now);
  }

  /** Uninstall: this conversation (and every channel of the team, when it was a team) gets nothing more. */
  async forget(channelId: string, reference: StoredReference | null): Promise<string[]> {
    const ids = new Set([channelId]);
    if (reference?.teamId) {
      const rows = await this.store.database.query<{ channel_id: string }>(
        `SELECT channel_id FROM conversation_refs WHERE reference->>'teamId' = $1 AND reference->>'tenantId' = $2`,
        [reference.teamId, reference.tenantId],
      );
      for (const row of rows) ids.add(row.channel_id);
    }
    const now = this.clock.now();
    for (const id of ids) {
      if (await this.store.conversations.get(id)) await this.store.conversations.deactivate(id, now);
      if (await this.store.channels.get(id)) await this.store.channels.update(id, { disabledReason: REMOVED_REASON }, now);
    }
    this.logger.info({ channels: [...ids] }, 'teams: bot removed; deliveries stopped');
    return [...ids];
  }

  /** The active reference for posting, or a PermanentDeliveryError the scheduler acts on. */
  async lookup(channelId: string): Promise<StoredReference> {
    const found = await this.store.conversations.get(channelId);
    if (!found) throw new PermanentDeliveryError(`${channelId}: the bot has no conversation reference here (it must be installed or messaged first)`);
    if (!found.active) throw new PermanentDeliveryError(`${channelId}: the bot was removed from this conversation`);
    const parsed = StoredReferenceSchema.safeParse(found.reference);
    if (!parsed.success) throw new PermanentDeliveryError(`${channelId}: the stored conversation reference is invalid`);
    return parsed.data;
  }
}
