import type { webApi } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import { SlackApiError, type HistoryMessage, type PostMessageArgs, type SlackApi } from './slack-api.js';

type WebClient = InstanceType<typeof webApi.WebClient>;

/**
 * SlackApi over @slack/web-api's WebClient, pointed at `apiUrl` (SLACK_API_URL). Retries are off and
 * 429s are rejected, not slept on: the transport and the scheduler decide when to try again.
 */
export async function createSlackWebApi(options: { apiUrl: string; logger: Logger; timeoutMs?: number }): Promise<SlackApi> {
  const { webApi: api } = await import('@slack/bolt');
  const client: WebClient = new api.WebClient(undefined, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logLevel: api.LogLevel.ERROR,
    // Only method names are allowed, never absolute URLs smuggled in as a method.
    allowAbsoluteUrls: false,
  });
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw toSlackApiError(err);
    }
  };
  return {
    async postMessage(token: string, args: PostMessageArgs) {
      // Never `parse` or `link_names`: feed text must not turn into mentions. No unfurls for digests.
      const result = await call(() =>
        client.chat.postMessage({
          token,
          channel: args.channel,
          text: args.text,
          blocks: args.blocks as never,
          thread_ts: args.thread_ts,
          unfurl_links: false,
          unfurl_media: false,
          ...(args.metadata ? { metadata: args.metadata } : {}),
        }),
      );
      return { ts: String(result.ts ?? ''), channel: String(result.channel ?? args.channel) };
    },
    async joinConversation(token: string, channel: string) {
      await call(() => client.conversations.join({ token, channel }));
    },
    async authTest(token: string) {
      const r = await call(() => client.auth.test({ token }));
      return {
        teamId: String(r.team_id ?? ''),
        userId: String(r.user_id ?? ''),
        botId: r.bot_id ? String(r.bot_id) : undefined,
        enterpriseId: r.enterprise_id ? String(r.enterprise_id) : undefined,
        // The WebClient copies the x-oauth-scopes response header here.
        scopes: r.response_metadata?.scopes,
      };
    },
    async history(token, args) {
      const r = await call(() =>
        client.conversations.history({ token, channel: args.channel, oldest: args.oldest, inclusive: true, limit: args.limit, cursor: args.cursor, include_all_metadata: true }),
      );
      const messages = (r.messages ?? []).map((m) => ({ ts: String(m.ts ?? ''), metadata: m.metadata as HistoryMessage['metadata'] }));
      return { messages, nextCursor: r.response_metadata?.next_cursor || undefined };
    },
    async userLocale(token, user) {
      const r = await call(() => client.users.info({ token, user, include_locale: true }));
      const locale = (r.user as { locale?: unknown } | undefined)?.locale;
      return typeof locale === 'string' && locale ? locale : null;
    },
    async oauthV2Access(args) {
      const r = await call(() =>
        client.oauth.v2.access({ client_id: args.clientId, client_secret: args.clientSecret, code: args.code, redirect_uri: args.redirectUri }),
      );
      return r as unknown as Record<string, unknown>;
    },
  };
}

/** Classifies a WebClient error by its code (never by message text). */
export function toSlackApiError(err: unknown): SlackApiError {
  const e = err as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number };
  switch (e?.code) {
    case 'slack_webapi_platform_error':
      return new SlackApiError(e.data?.error ?? 'unknown_error', undefined, { cause: err });
    case 'slack_webapi_rate_limited_error':
      return new SlackApiError('ratelimited', Math.max(1, e.retryAfter ?? 1) * 1000, { cause: err });
    case 'slack_webapi_http_error':
      return new SlackApiError(`http_${e.statusCode ?? 0}`, undefined, { cause: err });
    default:
      return new SlackApiError('request_failed', undefined, { cause: err });
  }
}
