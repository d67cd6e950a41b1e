import { z } from 'zod';
import type { DeliveryGuarantee, ProbeUnavailable } from '../../src/delivery/transport.js';
import { RateLimitedError, TransientDeliveryError } from '../../src/errors.js';
import { retryAfterMs } from '../../src/limits/retry-after.js';
import type { Logger } from '../../src/logger.js';
import type { StoredReference } from './activity.js';

/**
 * The id a digest's first card carries (its first body element), so the probe can recognise the post
 * in Microsoft Graph's copy of the card. Element ids are part of the Adaptive Card schema, so Teams
 * keeps them in the attachment's content.
 */
export function digestElementId(deliveryKey: string): string {
  return `cyberpolicy-digest:${deliveryKey}`;
}

const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const MessagesPage = z.object({
  value: z.array(
    z.looseObject({
      id: z.string(),
      createdDateTime: z.string().optional(),
      attachments: z.array(z.looseObject({ content: z.string().nullish() })).optional(),
    }),
  ),
  '@odata.nextLink': z.string().optional(),
});

const SKEW_MS = 5 * 60_000;
const MAX_PAGES = 5;
const GRANT_TTL_MS = 10 * 60_000;
/** Graph's 429 without a readable Retry-After: wait this long. */
const GRAPH_RETRY_DEFAULT_MS = 5_000;

export interface GraphProbeOptions {
  appId: string;
  appPassword: string;
  /** Microsoft Graph base, e.g. https://graph.microsoft.com/v1.0/ (MICROSOFT_GRAPH_URL). */
  graphUrl: string;
  /** Entra ID token endpoint base, e.g. https://login.microsoftonline.com/ (MICROSOFT_LOGIN_URL). */
  loginUrl: string;
  logger: Logger;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * "Did an earlier attempt post this digest?" for Teams channels, through Microsoft Graph: the app
 * package asks for the resource-specific permission ChannelMessage.Read.Group, which a team owner
 * grants when adding the app to a team; with it, the app (its own client credentials, in the team's
 * tenant) may list that team's channel messages (GET /teams/{team}/channels/{channel}/messages) and
 * find the card carrying the delivery key. The Bot Connector itself offers no way to read a
 * conversation back. Chats, and teams that did not grant the permission (Graph answers 403), cannot
 * be probed: the outbox falls back to waiting before a retry that may duplicate.
 */
export class GraphDeliveryProbe {
  private readonly tokens = new Map<string, { token: string; until: number }>();
  private readonly grants = new Map<string, { granted: boolean; at: number }>();
  private readonly fetch: typeof fetch;

  constructor(private readonly options: GraphProbeOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Why this conversation cannot be probed, or null. */
  private unprobeable(reference: StoredReference): string | null {
    if (reference.conversation.conversationType !== 'channel') return 'Teams chats cannot be read back without chat permissions; only team channels are probed';
    if (!reference.aadGroupId || !reference.teamsChannelId) return 'the team id is not known yet (the bot has not seen an activity from this team since it started recording it)';
    const grant = this.grants.get(reference.aadGroupId);
    if (grant && !grant.granted && this.now() - grant.at < GRANT_TTL_MS) return 'the team did not grant ChannelMessage.Read.Group';
    return null;
  }

  async guarantee(reference: StoredReference): Promise<DeliveryGuarantee> {
    if (this.unprobeable(reference)) return 'at-most-one-duplicate';
    const grant = this.grants.get(reference.aadGroupId!);
    if (grant && this.now() - grant.at < GRANT_TTL_MS) return grant.granted ? 'exactly-once' : 'at-most-one-duplicate';
    // Not known yet: one small read says whether the team granted the permission.
    try {
      await this.page(reference, this.messagesUrl(reference, 1));
    } catch {
      return 'at-most-one-duplicate';
    }
    return this.grants.get(reference.aadGroupId!)?.granted ? 'exactly-once' : 'at-most-one-duplicate';
  }

  /** The id of the channel message carrying `deliveryKey` posted since `since`, null, or why it cannot tell. */
  async find(reference: StoredReference, deliveryKey: string, since: Date): Promise<string | null | ProbeUnavailable> {
    const reason = this.unprobeable(reference);
    if (reason) return { unavailable: reason };
    const marker = JSON.stringify(digestElementId(deliveryKey));
    const oldest = since.getTime() - SKEW_MS;
    let url: string | undefined = this.messagesUrl(reference, 50);
    for (let page = 0; page < MAX_PAGES && url; page++) {
      const result = await this.page(reference, url);
      if (!result) return { unavailable: 'the team did not grant ChannelMessage.Read.Group' };
      let older = false;
      for (const message of result.value) {
        if (message.attachments?.some((a) => a.content?.includes(marker))) return message.id;
        if (message.createdDateTime && Date.parse(message.createdDateTime) < oldest) older = true;
      }
      // Messages come newest first: once the page reaches before the first attempt, nothing older matters.
      if (older) return null;
      url = result['@odata.nextLink'];
    }
    return url ? { unavailable: `more than ${MAX_PAGES} pages of channel messages since the first attempt` } : null;
  }

  private messagesUrl(reference: StoredReference, top: number): string {
    const base = this.options.graphUrl.endsWith('/') ? this.options.graphUrl : `${this.options.graphUrl}/`;
    return `${base}teams/${encodeURIComponent(reference.aadGroupId!)}/channels/${encodeURIComponent(reference.teamsChannelId!)}/messages?$top=${top}`;
  }

  /** One page of channel messages; null when the team did not grant the permission (403). */
  private async page(reference: StoredReference, url: string): Promise<z.infer<typeof MessagesPage> | null> {
    const token = await this.token(reference.tenantId);
    let response: Response;
    try {
      response = await this.fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new TransientDeliveryError('Microsoft Graph did not answer the channel history read', { cause: err });
    }
    const team = reference.aadGroupId!;
    if (response.status === 403) {
      await response.arrayBuffer();
      this.grants.set(team, { granted: false, at: this.now() });
      return null;
    }
    if (response.status === 429) {
      const waitMs = retryAfterMs(response.headers.get('retry-after'), this.now()) ?? GRAPH_RETRY_DEFAULT_MS;
      await response.arrayBuffer();
      throw new RateLimitedError(waitMs, 'Microsoft Graph is throttling the channel history read');
    }
    if (!response.ok) {
      await response.arrayBuffer();
      throw new TransientDeliveryError(`Microsoft Graph answered ${response.status} to the channel history read`);
    }
    const parsed = MessagesPage.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw new TransientDeliveryError('Microsoft Graph answered the channel history read with an unexpected body');
    this.grants.set(team, { granted: true, at: this.now() });
    return parsed.data;
  }

  /** An app-only Graph token for `tenant` (OAuth 2.0 client credentials), cached until shortly before it expires. */
  private async token(tenant: string): Promise<string> {
    const cached = this.tokens.get(tenant);
    if (cached && cached.until > this.now()) return cached.token;
    const base = this.options.loginUrl.endsWith('/') ? this.options.loginUrl : `${this.options.loginUrl}/`;
    const body = new URLSearchParams({
      client_id: this.options.appId,
      client_secret: this.options.appPassword,
      scope: 'https://graph.microsoft.com/.default',
      grant_type: 'client_credentials',
    });
    let response: Response;
    try {
      response = await this.fetch(`${base}${encodeURIComponent(tenant)}/oauth2/v2.0/token`, { method: 'POST', body, signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new TransientDeliveryError('the Entra ID token endpoint did not answer', { cause: err });
    }
    const parsed = TokenResponse.safeParse(await response.json().catch(() => null));
    if (!response.ok || !parsed.success) {
      // Never the body: it may echo what we sent.
      this.options.logger.warn({ status: response.status, tenant }, 'teams: could not get a Microsoft Graph token for the recovery probe');
      throw new TransientDeliveryError(`the Entra ID token endpoint answered ${response.status}`);
    }
    this.tokens.set(tenant, { token: parsed.data.access_token, until: this.now() + (parsed.data.expires_in - 60) * 1000 });
    return parsed.data.access_token;
  }
}
