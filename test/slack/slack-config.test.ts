import { describe, expect, it } from 'vitest';
import { hasSlackCredentials, loadSlackConfig } from '../../adapters/slack/slack-config.js';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'signing-secret-123' };

describe('Slack configuration', () => {
  it('single workspace over HTTP, with defaults', () => {
    expect(loadSlackConfig(base)).toEqual({
      botToken: 'xoxb-1-abc',
      signingSecret: 'signing-secret-123',
      appToken: undefined,
      oauth: undefined,
      apiUrl: 'https://slack.com/api/',
      channelIntervalMs: 1000,
      workspaceMessagesPerSecond: 20,
      learnedRateMaxAgeMs: 7 * 86_400_000,
    });
  });

  it('OAuth, Socket Mode and a GovSlack API URL (a trailing slash is added)', () => {
    const config = loadSlackConfig({
      SLACK_APP_TOKEN: 'xapp-1-A1-2-abc',
      SLACK_CLIENT_ID: '123.456',
      SLACK_CLIENT_SECRET: 'client-secret',
      SLACK_STATE_SECRET: 'state-secret-0123456789',
      SLACK_API_URL: 'https://slack-gov.com/api',
      SLACK_WORKSPACE_MESSAGES_PER_SECOND: '5',
      SLACK_LEARNED_RATE_DAYS: '0.5',
    });
    expect(config).toMatchObject({ appToken: 'xapp-1-A1-2-abc', oauth: { clientId: '123.456' }, apiUrl: 'https://slack-gov.com/api/', workspaceMessagesPerSecond: 5, learnedRateMaxAgeMs: 43_200_000 });
  });

  it.each([
    [{ ...base, SLACK_BOT_TOKEN: 'xoxp-user-token' }, 'environment variable SLACK_BOT_TOKEN: must be a bot token (xoxb-…)'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1-abc' }, 'environment variable SLACK_SIGNING_SECRET: is required to receive Slack requests over HTTP (Basic Information > Signing Secret); or set SLACK_APP_TOKEN for Socket Mode'],
    [{ ...base, SLACK_CLIENT_ID: '1.2' }, 'environment variable SLACK_CLIENT_SECRET: OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together; missing SLACK_CLIENT_SECRET, SLACK_STATE_SECRET'],
    [{ ...base, SLACK_API_URL: 'ftp://slack.example/api/' }, 'environment variable SLACK_API_URL: must be an http(s) URL'],
    [{ ...base, SLACK_LEARNED_RATE_DAYS: '-1' }, 'environment variable SLACK_LEARNED_RATE_DAYS: Too small: expected number to be >=0'],
    [{ SLACK_APP_TOKEN: 'xapp-1-abc' }, 'environment variable SLACK_BOT_TOKEN: Socket Mode needs the bot token too (OAuth & Permissions > Bot User OAuth Token), or OAuth settings'],
  ])('refuses a bad setup with a message naming the variable and no secret (%#)', (env, message) => {
    let error: Error | undefined;
    try {
      loadSlackConfig(env);
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toBe(message);
    for (const value of Object.values(env)) if (value.length > 8) expect(error?.message).not.toContain(value);
  });

  it('counts as configured when any Slack credential is set', () => {
    expect(hasSlackCredentials({})).toBe(false);
    expect(hasSlackCredentials({ SLACK_SIGNING_SECRET: 'x' })).toBe(false);
    expect(hasSlackCredentials({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(true);
    expect(hasSlackCredentials({ SLACK_CLIENT_ID: '1.2' })).toBe(true);
  });
});
