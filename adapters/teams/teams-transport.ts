import { CyberpolicyError, TransientDeliveryError } from '../../src/errors.js';
import type { DeliveryGuarantee, PostedMessage, ProbeUnavailable, Transport } from '../../src/delivery/transport.js';
import type { Logger } from '../../src/logger.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import type { StoredReference } from './activity.js';
import type { BotFramework } from './bot-framework.js';
import type { TeamsConversations } from './conversation-references.js';
import type { ConversationSender } from './delivery-retry.js';
import { digestElementId, type GraphDeliveryProbe } from './graph-delivery-probe.js';
import { cardActivities } from './message-activities.js';
import { TEAMS_PLATFORM } from './teams-channel.js';

/**
 * Proactive posts (scheduled digests) through continueConversationAsync. The first card starts a new
 * post; when a long digest needs more cards they go into that post's thread in channels, and follow it
 * in chats (which have no threads).
 */
export class TeamsTransport implements Transport {
  readonly platform = TEAMS_PLATFORM;

  constructor(
    private readonly bot: BotFramework,
    private readonly conversations: TeamsConversations,
    private readonly sender: ConversationSender,
    /** Deliveries worth having in flight: about the app's per-tenant rate (one card each, sent in well under a second). */
    readonly maxInFlight?: number,
    /** Microsoft Graph read-back of team channels (needs app credentials and the team's RSC grant). */
    private readonly probe?: GraphDeliveryProbe,
    private readonly logger?: Logger,
  ) {}

  async wasPosted(channelId: string, deliveryKey: string, options: { since?: Date } = {}): Promise<string | null | ProbeUnavailable> {
    if (!this.probe) return { unavailable: 'no Microsoft Graph probe (the bot runs without MicrosoftAppId and MicrosoftAppPassword)' };
    const reference = await this.conversations.lookup(channelId);
    return this.probe.find(reference, deliveryKey, options.since ?? new Date(Date.now() - 24 * 3_600_000));
  }

  async guarantee(channelId: string): Promise<DeliveryGuarantee> {
    if (!this.probe) return 'at-most-one-duplicate';
    return this.probe.guarantee(await this.conversations.lookup(channelId));
  }

  async post(channelId: string, doc: ReplyDocument, options: { deliveryKey?: string } = {}): Promise<PostedMessage> {
    return guard(async () => {
      const reference = await this.conversations.lookup(channelId);
      const [first, ...rest] = cardActivities(doc);
      if (options.deliveryKey) tagDigest(first!, options.deliveryKey);
      let messageId = '';
      // A digest (with a delivery key) is never re-sent blind here when the connector's answer leaves it unknown.
      const noBlindRetry = options.deliveryKey !== undefined;
      try {
        await this.bot.continueConversation(reference, async (turn) => {
          messageId = await this.sender.send(reference.conversation.id, () => turn.send(first!), reference.tenantId, { noBlindRetry });
          if (!isChannel(reference)) for (const activity of rest) await this.sender.send(reference.conversation.id, () => turn.send(activity), reference.tenantId);
        });
        if (isChannel(reference) && rest.length > 0) await this.sendInThread(reference, messageId, rest);
      } catch (err) {
        // The digest's first card is out: a later card that still fails after its retries must not make
        // the outbox post the whole digest again (a duplicate); the rest of it is lost, and logged.
        if (!messageId || !options.deliveryKey) throw err;
        this.logger?.warn({ channel: channelId, deliveryKey: options.deliveryKey, err: err instanceof Error ? err.message : String(err) }, 'teams: the later cards of a digest were not posted');
      }
      return { messageId };
    });
  }

  async reply(channelId: string, parentMessageId: string, doc: ReplyDocument): Promise<PostedMessage> {
    return guard(async () => {
      const reference = await this.conversations.lookup(channelId);
      const activities = cardActivities(doc);
      if (isChannel(reference)) return { messageId: await this.sendInThread(reference, parentMessageId, activities) };
      let messageId = '';
      await this.bot.continueConversation(reference, async (turn) => {
        for (const activity of activities) {
          const id = await this.sender.send(reference.conversation.id, () => turn.send(activity), reference.tenantId);
          messageId ||= id;
        }
      });
      return { messageId };
    });
  }

  private async sendInThread(reference: StoredReference, parentId: string, activities: ReturnType<typeof cardActivities>): Promise<string> {
    let messageId = '';
    await this.bot.continueConversation(
      reference,
      async (turn) => {
        for (const activity of activities) {
          const id = await this.sender.send(reference.conversation.id, () => turn.send(activity), reference.tenantId);
          messageId ||= id;
        }
      },
      parentId,
    );
    return messageId;
  }
}

/** Marks a digest's first card with its delivery key (an element id), for the Graph probe to find. */
function tagDigest(activity: ReturnType<typeof cardActivities>[number], deliveryKey: string): void {
  const card = activity.attachments?.[0]?.content as { body?: { id?: string }[] } | undefined;
  const first = card?.body?.[0];
  if (first) first.id = digestElementId(deliveryKey);
}

function isChannel(reference: StoredReference): boolean {
  return reference.conversation.conversationType === 'channel';
}

/** Whatever escapes is one of the transport errors the scheduler understands. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CyberpolicyError) throw err;
    throw new TransientDeliveryError(`Teams delivery failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, { cause: err });
  }
}
