import type { SlackBlock } from './block-kit-types.js';

/** A Slack Web API failure, reduced to what callers act on: Slack's error string and any Retry-After. */
export class SlackApiError extends Error {
  constructor(
    /** Slack's `error` ('not_in_channel', 'channel_not_found', …), 'ratelimited', 'http_<status>' or 'request_failed'. */
    readonly error: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(`slack api: ${error}`, options);
    this.name = 'SlackApiError';
  }
}

export interface PostMessageArgs {
  channel: string;
  text: string;
  blocks: SlackBlock[];
  thread_ts?: string;
  /** Message metadata (invisible to people): digests carry their delivery key here for the recovery probe. */
  metadata?: { event_type: string; event_payload: Record<string, string> };
}

/** One message of conversations.history, reduced to what the recovery probe reads. */
export interface HistoryMessage {
  ts: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The Web API calls the adapter makes, as a plain interface (slack-web-api.ts wraps the WebClient). */
export interface SlackApi {
  postMessage(token: string, args: PostMessageArgs): Promise<{ ts: string; channel: string }>;
  joinConversation(token: string, channel: string): Promise<void>;
  /** `scopes`: what the token was granted, from the x-oauth-scopes header (undefined when Slack sent none). */
  authTest(token: string): Promise<{ teamId: string; userId: string; botId?: string; enterpriseId?: string; scopes?: string[] }>;
  /** conversations.history with include_all_metadata, newest first, messages at or after `oldest` (Slack ts). */
  history(token: string, args: { channel: string; oldest: string; limit: number; cursor?: string }): Promise<{ messages: HistoryMessage[]; nextCursor?: string }>;
  /** users.info with include_locale: the user's Slack locale ("fr-FR"), or null when Slack gives none. */
  userLocale(token: string, user: string): Promise<string | null>;
  oauthV2Access(args: { clientId: string; clientSecret: string; code: string; redirectUri: string }): Promise<Record<string, unknown>>;
}
