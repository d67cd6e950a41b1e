import { channelIdFor, platformUserId, type ChannelId } from '../../src/platform/channel-id.js';

/** The Teams adapter's platform name: the prefix of its channel and user ids (the only place it is spelled). */
export const TEAMS_PLATFORM = 'teams';

/** teams:<tenant>:<conversation> */
export function teamsChannelId(tenantId: string, conversationId: string): ChannelId {
  return channelIdFor(TEAMS_PLATFORM, tenantId, conversationId);
}

/** teams:<aad object id or Bot Framework user id>. */
export function teamsUserId(userId: string): string {
  return platformUserId(TEAMS_PLATFORM, userId);
}
