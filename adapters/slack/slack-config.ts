import { z } from 'zod';
import { InputError } from '../../src/errors.js';

/** Variables the Slack adapter reads; every one is optional until a mode needs it. */
const SLACK_KEYS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'SLACK_API_URL',
  'SLACK_CHANNEL_INTERVAL_MS',
  'SLACK_WORKSPACE_MESSAGES_PER_SECOND',
] as const;

const SlackEnvSchema = z.object({
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-[\w-]+$/, 'must be a bot token (xoxb-…)').optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, 'looks too short for a signing secret').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-[\w-]+$/, 'must be an app-level token (xapp-…) with connections:write').optional(),
  SLACK_CLIENT_ID: z.string().regex(/^[\w.]+$/, 'must be the Client ID from Basic Information').optional(),
  SLACK_CLIENT_SECRET: z.string().min(8, 'looks too short for a client secret').optional(),
  SLACK_STATE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SLACK_API_URL: z
    .string()
    .url('must be a URL such as https://slack.com/api/')
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .transform((url) => (url.endsWith('/') ? url : `${url}/`))
    .optional(),
  SLACK_CHANNEL_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SLACK_WORKSPACE_MESSAGES_PER_SECOND: z.coerce.number().positive().max(1000).default(20),
});

export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
}

export interface SlackConfig {
  /** Single-workspace bot token; with OAuth it is only a fallback for its own workspace. */
  botToken?: string;
  /** Needed to receive over HTTP (/slack/events); not needed in Socket Mode. */
  signingSecret?: string;
  /** Socket Mode when set. */
  appToken?: string;
  oauth?: SlackOAuthConfig;
  /** Web API base URL ending in '/', e.g. https://slack.com/api/ (GovSlack: https://slack-gov.com/api/). */
  apiUrl: string;
  /** Minimum gap between two posts in one channel. */
  channelIntervalMs: number;
  /** Posts per second across one workspace. */
  workspaceMessagesPerSecond: number;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** True when any Slack credential is present (the adapter should start). */
export function hasSlackCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.SLACK_BOT_TOKEN || env.SLACK_APP_TOKEN || env.SLACK_CLIENT_ID);
}

/** Reads and checks the Slack variables; throws InputError naming the variable. Never echoes a secret. */
export function loadSlackConfig(env: NodeJS.ProcessEnv): SlackConfig {
  const picked: Record<string, string> = {};
  for (const key of SLACK_KEYS) {
    const value = env[key]?.trim();
    if (value) picked[key] = value;
  }
  const parsed = SlackEnvSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`environment variable ${String(issue.path[0])}`, issue.message);
  }
  const e = parsed.data;
  const oauthKeys = [e.SLACK_CLIENT_ID, e.SLACK_CLIENT_SECRET, e.SLACK_STATE_SECRET];
  if (oauthKeys.some(Boolean) && !oauthKeys.every(Boolean)) {
    const missing = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'].filter((_, i) => !oauthKeys[i]);
    throw new InputError(`environment variable ${missing[0]}`, `OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together; missing ${missing.join(', ')}`);
  }
  if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET && (e.SLACK_BOT_TOKEN || e.SLACK_CLIENT_ID)) {
    throw new InputError(
      'environment variable SLACK_SIGNING_SECRET',
      'is required to receive Slack requests over HTTP (Basic Information > Signing Secret); or set SLACK_APP_TOKEN for Socket Mode',
    );
  }
  if (!e.SLACK_BOT_TOKEN && !e.SLACK_CLIENT_ID) {
    if (e.SLACK_APP_TOKEN) {
      throw new InputError('environment variable SLACK_BOT_TOKEN', 'Socket Mode needs the bot token too (OAuth & Permissions > Bot User OAuth Token), or OAuth settings');
    }
  }
  return {
    botToken: e.SLACK_BOT_TOKEN,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    oauth: e.SLACK_CLIENT_ID ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET!, stateSecret: e.SLACK_STATE_SECRET! } : undefined,
    apiUrl: e.SLACK_API_URL ?? DEFAULT_SLACK_API_URL,
    channelIntervalMs: e.SLACK_CHANNEL_INTERVAL_MS,
    workspaceMessagesPerSecond: e.SLACK_WORKSPACE_MESSAGES_PER_SECOND,
  };
}

/** A one-line description of the mode, safe to log (no secrets). */
export function describeSlackConfig(config: SlackConfig): string {
  const receive = config.appToken ? 'Socket Mode' : 'HTTP /slack/events';
  const auth = config.oauth ? 'OAuth (/slack/install)' : 'single workspace';
  const api = config.apiUrl === DEFAULT_SLACK_API_URL ? '' : `, API ${config.apiUrl}`;
  return `slack: ${receive}, ${auth}${api}`;
}
