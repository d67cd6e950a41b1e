import { InputError } from '../errors.js';

/**
 * An encoded channel id: `<platform>:<workspace>:<conversation>` (slack:T1:C1, teams:<tenant>:<conversation>)
 * or `demo:<name>` for the core's own demo channels. The core knows no other platform by name: each adapter
 * builds its ids with channelIdFor() and decodes its own conversation part. The brand marks a checked id;
 * anything typed `string` may still hold one (the store and transports take plain strings).
 */
export type ChannelId = string & { readonly __channelId: unique symbol };

/** A parsed channel id. */
export interface ChannelRef {
  id: ChannelId;
  /** The platform name: the prefix an adapter declares, or DEMO_PLATFORM. */
  platform: string;
  /** Slack team id, Teams tenant id, or DEMO_PLATFORM for demo channels. */
  workspace: string;
  /** Slack channel id, Teams conversation id (may itself contain colons), or the demo name. */
  conversation: string;
}

/** The playground's and the scheduler's own channels: demo:<name>, posted to the DemoTransport. */
export const DEMO_PLATFORM = 'demo';

const PLATFORM_NAME = /^[a-z][a-z0-9-]{0,31}$/;
const DEMO_NAME = /^[\w.-]{1,64}$/;
const MAX_ID = 512;

/** The platform prefix of a channel (or platform user) id; 'unknown' when there is none. */
export function platformOf(id: string): string {
  const colon = id.indexOf(':');
  return colon > 0 ? id.slice(0, colon) : 'unknown';
}

/** Encodes an adapter's channel id; the command center checks it (an empty part is refused there). */
export function channelIdFor(platform: string, workspace: string, conversation: string): ChannelId {
  return `${platform}:${workspace}:${conversation}` as ChannelId;
}

export function demoChannelId(name: string): ChannelId {
  return `${DEMO_PLATFORM}:${name}` as ChannelId;
}

/** A platform user id (slack:U1, teams:<aad id>, demo:you), as rate limits and CYBERPOLICY_ADMINS see it. */
export function platformUserId(platform: string, user: string): string {
  return `${platform}:${user}`;
}

/** Parses and checks an id once, where it enters the core (commands, `ask --channel`). */
export function parseChannelId(raw: string): ChannelRef {
  const first = raw.indexOf(':');
  const platform = first > 0 ? raw.slice(0, first) : '';
  if (raw.length <= MAX_ID && PLATFORM_NAME.test(platform)) {
    if (platform === DEMO_PLATFORM) {
      const name = raw.slice(first + 1);
      if (DEMO_NAME.test(name)) return { id: raw as ChannelId, platform, workspace: DEMO_PLATFORM, conversation: name };
    } else {
      const second = raw.indexOf(':', first + 1);
      const workspace = second > 0 ? raw.slice(first + 1, second) : '';
      const conversation = second > 0 ? raw.slice(second + 1) : '';
      if (workspace && conversation) return { id: raw as ChannelId, platform, workspace, conversation };
    }
  }
  throw new InputError(
    'channel id',
    `"${raw.slice(0, 80)}" is not a channel id: use <platform>:<workspace>:<conversation> (slack:<team>:<channel>, teams:<tenant>:<conversation>) or demo:<name>`,
  );
}

/** parseChannelId, or null for anything that is not a channel id. */
export function tryParseChannelId(raw: string): ChannelRef | null {
  try {
    return parseChannelId(raw);
  } catch {
    return null;
  }
}
