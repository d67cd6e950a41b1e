import { ADAPTER_ENV, isEnvSet, loadEnv } from '../../src/config.js';
import { InputError } from '../../src/errors.js';

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
  /** How long a workspace's learned posting limit is kept (ms); 0: not kept, every run starts cold. */
  learnedRateMaxAgeMs: number;
}

export const DEFAULT_SLACK_API_URL = loadEnv({}, ['SLACK_API_URL']).SLACK_API_URL;

/** True when any Slack credential is present (the adapter should start). */
export function hasSlackCredentials(env: NodeJS.ProcessEnv): boolean {
  return isEnvSet(env, 'SLACK_BOT_TOKEN') || isEnvSet(env, 'SLACK_APP_TOKEN') || isEnvSet(env, 'SLACK_CLIENT_ID');
}

/** Reads and checks the Slack variables; throws InputError naming the variable. Never echoes a secret. */
export function loadSlackConfig(env: NodeJS.ProcessEnv): SlackConfig {
  // The schema (formats, defaults) is in src/config.ts with every other variable; the cross-checks are here.
  const e = loadEnv(env, ADAPTER_ENV.slack);
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
    apiUrl: e.SLACK_API_URL,
    channelIntervalMs: e.SLACK_CHANNEL_INTERVAL_MS,
    workspaceMessagesPerSecond: e.SLACK_WORKSPACE_MESSAGES_PER_SECOND,
    learnedRateMaxAgeMs: e.SLACK_LEARNED_RATE_DAYS * 86_400_000,
  };
}

/** A one-line description of the mode, safe to log (no secrets). */
export function describeSlackConfig(config: SlackConfig): string {
  const receive = config.appToken ? 'Socket Mode' : 'HTTP /slack/events';
  const auth = config.oauth ? 'OAuth (/slack/install)' : 'single workspace';
  const api = config.apiUrl === DEFAULT_SLACK_API_URL ? '' : `, API ${config.apiUrl}`;
  return `slack: ${receive}, ${auth}${api}`;
}
