import type { DeliveryGuarantee, PostedMessage, ProbeUnavailable, Transport } from '../../src/delivery/transport.js';
import { PermanentDeliveryError, RateLimitedError, TransientDeliveryError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import type { SlackMessage } from './block-kit-types.js';
import { renderBlockKit } from './block-kit-renderer.js';
import type { PostRateLimiter } from './post-rate-limiter.js';
import type { SharedPostGate } from './shared-post-gate.js';
import { decodeSlackChannel, SLACK_PLATFORM } from './slack-channel.js';
import { SlackApiError, type SlackApi } from './slack-api.js';
import { SlackDeliveryProbe, digestMetadata } from './slack-delivery-probe.js';

/** Finds the bot token for a workspace (team id); null when the app is not installed there. */
export interface BotTokenSource {
  botToken(teamId: string): Promise<string | null>;
}

/** Slack errors that retrying will not fix, with what the installer should do. */
const PERMANENT: Record<string, string> = {
  channel_not_found: 'the channel was not found (deleted, or private without the bot)',
  is_archived: 'the channel is archived',
  account_inactive: 'the bot account is deactivated; reinstall the app',
  token_revoked: 'the app was uninstalled or its token revoked; reinstall the app',
  invalid_auth: 'the bot token is not valid; reinstall the app',
  not_authed: 'no bot token; reinstall the app',
  team_access_not_granted: 'the app is not allowed in this workspace',
  restricted_action: 'a workspace setting stops the bot from posting in this channel',
  restricted_action_read_only_channel: 'the channel is read-only for the bot',
  restricted_action_thread_only_channel: 'the channel only accepts thread replies',
  ekm_access_denied: 'an admin suspended posting (EKM)',
  missing_scope: 'the app lacks the chat:write scope; reinstall it from the manifest',
  invalid_blocks: 'Slack refused the message blocks',
  msg_too_long: 'the message is too long',
  no_text: 'the message had no text',
};

const MAX_THREAD_ATTEMPTS = 3;

/**
 * Posts reply documents with chat.postMessage: the first rendered message in the channel, any overflow
 * in its thread, under a per-channel and per-workspace rate limit.
 */
export class SlackTransport implements Transport {
  readonly platform = SLACK_PLATFORM;
  readonly maxInFlight: number;
  private readonly probe: SlackDeliveryProbe;

  constructor(
    private readonly deps: { api: SlackApi; tokens: BotTokenSource; limiter: PostRateLimiter; logger: Logger; gate?: SharedPostGate },
  ) {
    this.maxInFlight = deps.limiter.suggestedInFlight;
    this.probe = new SlackDeliveryProbe({ api: deps.api, logger: deps.logger });
  }

  async post(channelId: string, doc: ReplyDocument, options: { deliveryKey?: string } = {}): Promise<PostedMessage> {
    const { team, channel, token } = await this.target(channelId);
    const [first, ...rest] = renderBlockKit(doc);
    // The delivery key rides along as message metadata, so wasPosted can find this post later.
    const parent = await this.send(team, channel, token, first!, undefined, options.deliveryKey);
    // The parent is out: a later failure must not make the scheduler post it again, so overflow retries here.
    for (const message of rest) await this.sendThreadReply(team, channel, token, message, parent, options.deliveryKey);
    return { messageId: parent };
  }

  async reply(channelId: string, parentMessageId: string, doc: ReplyDocument): Promise<PostedMessage> {
    const { team, channel, token } = await this.target(channelId);
    let last = parentMessageId;
    for (const message of renderBlockKit(doc)) last = await this.send(team, channel, token, message, parentMessageId);
    return { messageId: last };
  }

  async wasPosted(channelId: string, deliveryKey: string, options: { since?: Date } = {}): Promise<string | null | ProbeUnavailable> {
    const { team, channel, token } = await this.target(channelId);
    return this.probe.find(team, channel, token, deliveryKey, options.since ?? new Date(Date.now() - 24 * 3_600_000));
  }

  async guarantee(channelId: string): Promise<DeliveryGuarantee> {
    const { team, channel, token } = await this.target(channelId);
    return this.probe.guarantee(team, channel, token);
  }

  private async target(channelId: string): Promise<{ team: string; channel: string; token: string }> {
    const ref = decodeSlackChannel(channelId);
    if (!ref) throw new PermanentDeliveryError(`${channelId} is not a Slack channel`);
    const token = await this.deps.tokens.botToken(ref.team);
    if (!token) {
      throw new PermanentDeliveryError(`The Slack app is not installed in workspace ${ref.team} (uninstalled?); install it again to resume digests.`);
    }
    return { team: ref.team, channel: ref.channel, token };
  }

  private async sendThreadReply(team: string, channel: string, token: string, message: SlackMessage, parent: string, key?: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send(team, channel, token, message, parent);
        return;
      } catch (err) {
        const retryable = err instanceof RateLimitedError || err instanceof TransientDeliveryError;
        if (!retryable || attempt >= MAX_THREAD_ATTEMPTS) {
          this.deps.logger.warn({ channel, deliveryKey: key, err: (err as Error).message }, 'slack: a thread reply of a digest was not posted');
          return;
        }
        // The limiter already holds the workspace back by Retry-After; transient errors get a short pause.
        if (err instanceof TransientDeliveryError) await this.deps.limiter.acquire(team, channel);
      }
    }
  }

  /** One chat.postMessage within the rate limits; joins a public channel once on not_in_channel. */
  private async send(team: string, channel: string, token: string, message: SlackMessage, threadTs?: string, deliveryKey?: string): Promise<string> {
    let joined = false;
    for (;;) {
      await this.deps.limiter.acquire(team, channel);
      // With several replicas, the workspace's slots and the channel's second are shared too.
      await this.deps.gate?.pass(team, channel);
      try {
        const metadata = deliveryKey ? { metadata: digestMetadata(deliveryKey) } : {};
        const result = await this.deps.api.postMessage(token, { channel, text: message.text, blocks: message.blocks, thread_ts: threadTs, ...metadata });
        this.deps.limiter.posted(team, channel);
        await this.deps.gate?.posted(team, channel);
        return result.ts;
      } catch (err) {
        // Not an answer from Slack: the post may have landed.
        if (!(err instanceof SlackApiError)) throw new TransientDeliveryError(`Slack post failed: ${(err as Error).message}`, { cause: err });
        if (err.error === 'not_in_channel' && !joined) {
          joined = true;
          await this.join(token, channel);
          continue;
        }
        throw this.classify(team, channel, err);
      }
    }
  }

  private async join(token: string, channel: string): Promise<void> {
    try {
      await this.deps.api.joinConversation(token, channel);
    } catch (err) {
      const code = err instanceof SlackApiError ? err.error : 'request_failed';
      if (err instanceof SlackApiError && err.error === 'ratelimited') throw new RateLimitedError(err.retryAfterMs ?? 1000, 'Slack rate limit while joining the channel', { cause: err });
      if (code === 'request_failed' || code.startsWith('http_5')) throw new TransientDeliveryError(`Slack conversations.join failed (${code})`, { cause: err });
      throw new PermanentDeliveryError(
        `The bot is not in channel ${channel} and could not join it (${code}). Invite it: type /invite @cyberpolicy in the channel.`,
        { cause: err },
      );
    }
  }

  private classify(team: string, channel: string, err: SlackApiError): Error {
    if (err.error === 'ratelimited') {
      const wait = err.retryAfterMs ?? 1000;
      // Slack does not say which limit was hit. Right after a post to the same channel it is that
      // channel's one-per-second limit (timing jitter): hold back the channel only. Otherwise the
      // whole workspace waits, as Retry-After asks.
      if (this.deps.limiter.postedRecently(team, channel)) this.deps.limiter.penalizeChannel(team, channel, wait);
      else {
        this.deps.limiter.penalize(team, wait);
        // Every replica holds back, not only the one that met the 429.
        void this.deps.gate?.penalize(team, wait);
      }
      return new RateLimitedError(wait, `Slack rate limit: retry after ${Math.ceil(wait / 1000)} s`, { cause: err });
    }
    if (err.error === 'not_in_channel') {
      return new PermanentDeliveryError(`The bot is not in channel ${channel}. Invite it: type /invite @cyberpolicy in the channel.`, { cause: err });
    }
    const reason = PERMANENT[err.error];
    if (reason) return new PermanentDeliveryError(`Slack refused the post to ${channel} (${err.error}): ${reason}.`, { cause: err });
    // Slack answered ok:false, so nothing was posted; a timeout or an HTTP error leaves it unknown.
    const unknown = err.error === 'request_failed' || err.error.startsWith('http_');
    return new TransientDeliveryError(`Slack post to ${channel} failed (${err.error}); will retry.`, { cause: err, notPosted: !unknown });
  }
}
