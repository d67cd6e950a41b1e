import { z } from 'zod';
import type { CommandOrigin } from '../../src/platform/command-sink.js';
import { ACTION_IDS, type ActionId } from '../../src/replies/action-ids.js';
import { teamsChannelId, teamsUserId } from './teams-channel.js';
import type { InboundActivity, StoredReference } from './activity.js';

/**
 * Reading a Teams message: where it came from (channel id, origin), whether it is addressed to the
 * bot, and the command text with the @mention removed.
 */

/** The conversation without a thread suffix: "19:abc@thread.tacv2;messageid=123" -> "19:abc@thread.tacv2". */
export function baseConversationId(conversationId: string): string {
  const cut = conversationId.indexOf(';');
  return cut >= 0 ? conversationId.slice(0, cut) : conversationId;
}

/**
 * The Entra ID tenant (channelData is what Teams fills; conversation.tenantId is the newer field). When both are
 * present and disagree the activity is not trusted (null): it could otherwise act on another tenant's channel.
 */
export function tenantOf(activity: InboundActivity): string | null {
  const fromChannelData = activity.channelData?.tenant?.id || null;
  const fromConversation = activity.conversation?.tenantId || null;
  if (fromChannelData && fromConversation && fromChannelData !== fromConversation) return null;
  return fromChannelData || fromConversation;
}

/** The encoded channel id teams:<tenant>:<conversation>; threads of one channel share their channel's id. */
export function channelIdOf(activity: InboundActivity): string | null {
  const tenant = tenantOf(activity);
  const conversation = activity.conversation?.id;
  if (!tenant || !conversation) return null;
  return teamsChannelId(tenant, baseConversationId(conversation));
}

export function originOf(activity: InboundActivity, channelId: string): CommandOrigin {
  const user = activity.from?.aadObjectId || activity.from?.id || 'unknown';
  return { channelId, userId: teamsUserId(user), ...(activity.locale ? { locale: activity.locale } : {}) };
}

export function isPersonal(activity: InboundActivity): boolean {
  return activity.conversation?.conversationType === 'personal';
}

const MentionEntity = z.looseObject({
  type: z.literal('mention'),
  text: z.string().optional(),
  mentioned: z.looseObject({ id: z.string(), name: z.string().optional() }),
});

/**
 * The command the user typed, or null when the message is not for the bot: in personal chat every
 * message is a command; in channels and group chats only messages that @mention the bot.
 */
export function commandTextOf(activity: InboundActivity): string | null {
  const botId = activity.recipient?.id;
  let text = activity.text ?? '';
  let mentioned = false;
  for (const entity of activity.entities ?? []) {
    const mention = MentionEntity.safeParse(entity);
    if (!mention.success || mention.data.mentioned.id !== botId) continue;
    mentioned = true;
    if (mention.data.text) text = text.split(mention.data.text).join(' ');
  }
  if (!mentioned && !isPersonal(activity)) return null;
  // Any other <at>…</at> left (other people mentioned) is not part of the command grammar.
  text = decodeEntities(text.replace(/<at>[^<]*<\/at>/gi, ' ').replace(/<[^>]*>/g, ' '));
  return text.replace(/\s+/g, ' ').trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

const SubmitValue = z.object({ action: z.enum(ACTION_IDS), value: z.string().max(200) });

/** A card button press (Action.Submit puts the button's data in the message's value), or null. */
export function submittedActionOf(activity: InboundActivity): { id: ActionId; value: string } | null {
  if (activity.value === undefined || activity.value === null) return null;
  const parsed = SubmitValue.safeParse(activity.value);
  return parsed.success ? { id: parsed.data.action, value: parsed.data.value } : null;
}

/** True when the activity carries a value that looks like a button press but is not one of ours. */
export function hasUnknownSubmit(activity: InboundActivity): boolean {
  return activity.value !== undefined && activity.value !== null && !SubmitValue.safeParse(activity.value).success;
}

/** The reference proactive messages need, from any activity that reached the bot; null if incomplete. */
export function referenceOf(activity: InboundActivity): StoredReference | null {
  const tenantId = tenantOf(activity);
  const conversation = activity.conversation;
  const bot = activity.recipient;
  if (!tenantId || !conversation || !bot || !activity.serviceUrl || !activity.channelId) return null;
  try {
    new URL(activity.serviceUrl);
  } catch {
    return null;
  }
  return {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    tenantId,
    conversation: {
      id: baseConversationId(conversation.id),
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
    },
    bot: { id: bot.id, ...(bot.name ? { name: bot.name } : {}) },
    ...(activity.channelData?.team?.id ? { teamId: activity.channelData.team.id } : {}),
    ...(activity.channelData?.channel?.id ? { teamsChannelId: activity.channelData.channel.id } : {}),
    ...(activity.channelData?.team?.aadGroupId ? { aadGroupId: activity.channelData.team.aadGroupId } : {}),
  };
}

/**
 * Install and uninstall events. Teams sends conversationUpdate with the bot in membersAdded or
 * membersRemoved, and installationUpdate with action add / remove (plus "-upgrade" variants).
 */
export function installChangeOf(activity: InboundActivity): 'installed' | 'uninstalled' | null {
  const botId = activity.recipient?.id;
  if (activity.type === 'installationUpdate') {
    if (activity.action?.startsWith('remove')) return 'uninstalled';
    if (activity.action?.startsWith('add')) return 'installed';
    return null;
  }
  if (activity.type === 'conversationUpdate') {
    if (activity.membersRemoved?.some((m) => m.id === botId)) return 'uninstalled';
    if (activity.membersAdded?.some((m) => m.id === botId)) return 'installed';
    if (activity.channelData?.eventType === 'teamDeleted') return 'uninstalled';
  }
  return null;
}
