import type { DeliveryGuarantee, ProbeUnavailable } from '../../src/delivery/transport.js';
import { RateLimitedError, TransientDeliveryError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { SlackApiError, type SlackApi } from './slack-api.js';

/** `metadata.event_type` of every digest post; its payload carries the delivery key. */
export const DIGEST_EVENT_TYPE = 'cyberpolicy_digest';

/** The metadata a digest post carries, so a later attempt can find it in the channel's history. */
export function digestMetadata(deliveryKey: string): { event_type: string; event_payload: Record<string, string> } {
  return { event_type: DIGEST_EVENT_TYPE, event_payload: { delivery_key: deliveryKey } };
}

/** Granted scopes are read again after this long (a workspace may grant history later by reinstalling). */
const SCOPES_TTL_MS = 10 * 60_000;
/** History is read from this long before the first attempt began (clock skew between us and Slack). */
const SKEW_MS = 5 * 60_000;
const PAGE = 200;
const MAX_PAGES = 5;

/**
 * The history scope Slack requires for a conversation, by its id: C public channels, G private channels
 * and group DMs created before 2021, D direct messages. A private channel with a C id needs
 * groups:history; that shows up as missing_scope on the first read and is remembered.
 */
export function historyScopeOf(channel: string): string {
  if (channel.startsWith('D')) return 'im:history';
  if (channel.startsWith('G')) return 'groups:history';
  return 'channels:history';
}

/**
 * Slack's answer to "did an earlier attempt post this digest?": each digest carries message metadata
 * (event_type cyberpolicy_digest, payload delivery_key); conversations.history with include_all_metadata,
 * from the delivery's first attempt on, finds it. That needs the history scope for the kind of channel
 * (the manifest asks for channels:history and groups:history); without it, the probe says it cannot tell.
 */
export class SlackDeliveryProbe {
  private readonly scopes = new Map<string, { granted: Set<string> | null; at: number }>();
  /** Channels whose history read answered missing_scope (private channels with a C id). */
  private readonly refused = new Set<string>();

  constructor(private readonly deps: { api: SlackApi; logger: Logger; now?: () => number }) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** The scopes the workspace granted, from auth.test's x-oauth-scopes header; null when Slack did not say. */
  private async grantedScopes(team: string, token: string): Promise<Set<string> | null> {
    const cached = this.scopes.get(team);
    if (cached && this.now() - cached.at < SCOPES_TTL_MS) return cached.granted;
    try {
      const who = await this.deps.api.authTest(token);
      const granted = who.scopes ? new Set(who.scopes) : null;
      this.scopes.set(team, { granted, at: this.now() });
      return granted;
    } catch (err) {
      // Unknown for now; ask again next time rather than cache a failure.
      this.deps.logger.warn({ team, reason: err instanceof SlackApiError ? err.error : 'request_failed' }, 'slack: auth.test failed; cannot read granted scopes');
      return null;
    }
  }

  /** Why this channel cannot be probed, or null when it can. */
  private async unavailable(team: string, channel: string, token: string): Promise<string | null> {
    const scope = historyScopeOf(channel);
    if (this.refused.has(`${team}:${channel}`)) return `Slack refused ${scope === 'channels:history' ? 'groups:history' : scope} for this private channel`;
    const granted = await this.grantedScopes(team, token);
    if (!granted) return 'Slack did not say which scopes were granted (auth.test sent no x-oauth-scopes)';
    if (!granted.has(scope)) return `the workspace did not grant ${scope}`;
    return null;
  }

  async guarantee(team: string, channel: string, token: string): Promise<DeliveryGuarantee> {
    return (await this.unavailable(team, channel, token)) ? 'at-most-one-duplicate' : 'exactly-once';
  }

  /** The ts of the digest with `deliveryKey` posted since `since`, null when there is none, or why it cannot tell. */
  async find(team: string, channel: string, token: string, deliveryKey: string, since: Date): Promise<string | null | ProbeUnavailable> {
    const reason = await this.unavailable(team, channel, token);
    if (reason) return { unavailable: reason };
    const oldest = ((since.getTime() - SKEW_MS) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      let result: Awaited<ReturnType<SlackApi['history']>>;
      try {
        result = await this.deps.api.history(token, { channel, oldest, limit: PAGE, cursor });
      } catch (err) {
        if (!(err instanceof SlackApiError)) throw new TransientDeliveryError('Slack history read failed', { cause: err });
        if (err.error === 'ratelimited') throw new RateLimitedError(err.retryAfterMs ?? 1_000, 'Slack rate limit on conversations.history', { cause: err });
        if (err.error === 'missing_scope') {
          this.refused.add(`${team}:${channel}`);
          return { unavailable: 'Slack refused the history scope for this channel (missing_scope)' };
        }
        if (err.error === 'request_failed' || err.error.startsWith('http_')) throw new TransientDeliveryError(`Slack history read failed (${err.error})`, { cause: err });
        return { unavailable: `Slack refused the history read (${err.error})` };
      }
      for (const message of result.messages) {
        if (message.metadata?.event_type === DIGEST_EVENT_TYPE && message.metadata.event_payload?.delivery_key === deliveryKey) return message.ts;
      }
      if (!result.nextCursor) return null;
      cursor = result.nextCursor;
    }
    return { unavailable: `more than ${PAGE * MAX_PAGES} messages since the first attempt` };
  }
}
