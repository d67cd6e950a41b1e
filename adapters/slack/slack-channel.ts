import { channelIdFor, parseChannelId, platformUserId, type ChannelId } from '../../src/platform/channel-id.js';

/** The Slack adapter's platform name: the prefix of its channel and user ids (the only place it is spelled). */
export const SLACK_PLATFORM = 'slack';

/** slack:<team>:<channel> */
export function slackChannelId(teamId: string, channelId: string): ChannelId {
  return channelIdFor(SLACK_PLATFORM, teamId, channelId);
}

/** slack:<user>, as rate limits and CYBERPOLICY_ADMINS see it. */
export function slackUserId(userId: string): string {
  return platformUserId(SLACK_PLATFORM, userId);
}

/** The team and channel inside one of our ids, or null when the id is not a Slack channel. */
export function decodeSlackChannel(id: string): { team: string; channel: string } | null {
  try {
    const ref = parseChannelId(id);
    return ref.platform === SLACK_PLATFORM ? { team: ref.workspace, channel: ref.conversation } : null;
  } catch {
    return null;
  }
}
