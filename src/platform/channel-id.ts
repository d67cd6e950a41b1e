import { InputError } from '../errors.js';

export type Platform = 'slack' | 'teams' | 'demo';

/** A place digests go to. Encoded as slack:<team>:<channel>, teams:<tenant>:<conversation> or demo:<name>. */
export interface ChannelRef {
  platform: Platform;
  /** Slack team id, Teams tenant id, or 'demo'. */
  workspace: string;
  /** Slack channel id, Teams conversation id (may itself contain colons), or the demo name. */
  conversation: string;
}

export function formatChannelId(ref: ChannelRef): string {
  return ref.platform === 'demo' ? `demo:${ref.conversation}` : `${ref.platform}:${ref.workspace}:${ref.conversation}`;
}

export function parseChannelId(id: string): ChannelRef {
  const first = id.indexOf(':');
  const platform = id.slice(0, first);
  if (first > 0 && platform === 'demo') {
    const name = id.slice(first + 1);
    if (/^[\w.-]{1,64}$/.test(name)) return { platform, workspace: 'demo', conversation: name };
  }
  if (platform === 'slack' || platform === 'teams') {
    const second = id.indexOf(':', first + 1);
    const workspace = second > 0 ? id.slice(first + 1, second) : '';
    const conversation = second > 0 ? id.slice(second + 1) : '';
    if (workspace && conversation && id.length <= 512) return { platform, workspace, conversation };
  }
  throw new InputError(
    'channel id',
    `"${id.slice(0, 80)}" is not a channel id: use slack:<team>:<channel>, teams:<tenant>:<conversation> or demo:<name>`,
  );
}
