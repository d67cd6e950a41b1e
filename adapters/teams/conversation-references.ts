import type { Clock } from '../../src/clock.js';
import { PermanentDeliveryError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { ChannelLifecyclePort, ConversationPort } from '../../src/platform/adapter-ports.js';
import { StoredReferenceSchema, type StoredReference } from './activity.js';

/** Why a channel stops getting digests after an uninstall; cleared again when the bot comes back. */
export const REMOVED_REASON = 'teams: the bot was removed from this conversation';

/** Conversation references for proactive posts, kept per channel id in the store. */
export class TeamsConversations {
  constructor(
    private readonly ports: { conversations: ConversationPort; channels: ChannelLifecyclePort },
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Saves (or refreshes) the reference; re-enables a channel that an uninstall had switched off. */
  async remember(channelId: string, incoming: StoredReference): Promise<void> {
    const now = this.clock.now();
    const known = await this.ports.conversations.get(channelId);
    // Teams names the team's group id (for Microsoft Graph) in install events, not in every message: keep it.
    const reference = incoming.aadGroupId || !incoming.teamId ? incoming : { ...incoming, ...(await this.groupIdOf(incoming, known?.reference)) };
    if (!known || !known.active || JSON.stringify(known.reference) !== JSON.stringify(reference)) {
      await this.ports.conversations.save(channelId, reference as unknown as Record<string, unknown>, now);
    }
    await this.ports.channels.enableChannel(channelId, REMOVED_REASON, now);
  }

  /** The team's aadGroupId from a reference already stored for this channel or another channel of the team. */
  private async groupIdOf(reference: StoredReference, known: unknown): Promise<{ aadGroupId?: string }> {
    const fromKnown = StoredReferenceSchema.safeParse(known);
    if (fromKnown.success && fromKnown.data.teamId === reference.teamId && fromKnown.data.aadGroupId) return { aadGroupId: fromKnown.data.aadGroupId };
    for (const id of await this.ports.conversations.channelsOfTeam(reference.tenantId, reference.teamId!)) {
      const other = StoredReferenceSchema.safeParse((await this.ports.conversations.get(id))?.reference);
      if (other.success && other.data.aadGroupId) return { aadGroupId: other.data.aadGroupId };
    }
    return {};
  }

  /** Uninstall: this conversation (and every channel of the team, when it was a team) gets nothing more. */
  async forget(channelId: string, reference: StoredReference | null): Promise<string[]> {
    const ids = new Set([channelId]);
    if (reference?.teamId) {
      for (const id of await this.ports.conversations.channelsOfTeam(reference.tenantId, reference.teamId)) ids.add(id);
    }
    const now = this.clock.now();
    for (const id of ids) {
      if (await this.ports.conversations.get(id)) await this.ports.conversations.deactivate(id, now);
      await this.ports.channels.disableChannel(id, REMOVED_REASON, now);
    }
    this.logger.info({ channels: [...ids] }, 'teams: bot removed; deliveries stopped');
    return [...ids];
  }

  /** The active reference for posting, or a PermanentDeliveryError the scheduler acts on. */
  async lookup(channelId: string): Promise<StoredReference> {
    const found = await this.ports.conversations.get(channelId);
    if (!found) throw new PermanentDeliveryError(`${channelId}: the bot has no conversation reference here (it must be installed or messaged first)`);
    if (!found.active) throw new PermanentDeliveryError(`${channelId}: the bot was removed from this conversation`);
    const parsed = StoredReferenceSchema.safeParse(found.reference);
    if (!parsed.success) throw new PermanentDeliveryError(`${channelId}: the stored conversation reference is invalid`);
    return parsed.data;
  }
}
