import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackPlugin } from '../../adapters/slack/slack-plugin.js';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandSink } from '../../src/platform/command-sink.js';
import { HttpServer } from '../../src/server/http-server.js';
import type { PluginInstance } from '../../src/server/platform-plugin.js';
import { openStore, type Store } from '../../src/store/store.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { formBody, postSigned } from '../helpers/slack-signing.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';

const SECRET = 'test-signing-secret-0123456789';
const NOW = '2026-11-28T12:00:00Z';
const sink: CommandSink = {
  processCommand: async () => ({ visibility: 'channel', fallbackText: 'Digest', blocks: [{ type: 'text', text: 'Digest' }] }),
  processAction: async () => ({ visibility: 'private', fallbackText: 'ok', blocks: [] }),
};

describe('Slack OAuth (several workspaces)', () => {
  let slack: FakeSlackServer;
  let http: HttpServer;
  let store: Store;
  let clock: ManualClock;
  let instance: PluginInstance | null;
  let base: string;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://', encryptionKey: 'an-encryption-key-for-tests' });
  });
  afterAll(() => store.close());
  beforeEach(async () => {
    slack = await new FakeSlackServer().start();
    http = new HttpServer({ logger: silentLogger });
    clock = new ManualClock(NOW);
    base = `http://127.0.0.1:${(await http.listen(0, '127.0.0.1')).port}`;
    const env = {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_CLIENT_ID: '1234.5678',
      SLACK_CLIENT_SECRET: 'client-secret-abcdef',
      SLACK_STATE_SECRET: 'state-secret-0123456789',
      SLACK_API_URL: slack.apiUrl,
      SLACK_CHANNEL_INTERVAL_MS: '0',
    };
    instance = await slackPlugin.start({ sink, ports: createAdapterPorts(store), logger: silentLogger, clock, env, http, publicUrl: base });
  });
  afterEach(async () => {
    await instance?.stop();
    await http.close();
    await slack.close();
  });

  async function beginInstall(): Promise<{ state: string; cookie: string; location: URL }> {
    const response = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    return { state: location.searchParams.get('state')!, cookie, location };
  }

  it('sends the installer to the consent page with our scopes, redirect URL and a state cookie', async () => {
    const { location, cookie, state } = await beginInstall();
    expect(`${location.origin}${location.pathname}`).toBe(`${slack.url}/oauth/v2/authorize`);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: '1234.5678',
      scope: 'commands,chat:write,chat:write.public,channels:read,channels:history,groups:history,users:read',
      redirect_uri: `${base}/slack/oauth_redirect`,
      state,
    });
    expect(cookie).toBe(`slack-oauth-state=${state}`);
  });

  it('completes the install, stores the token sealed, and uses it for that workspace', async () => {
    const { state, cookie } = await beginInstall();
    const response = await fetch(`${base}/slack/oauth_redirect?code=code-123&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Installed in New Team.');
    expect(slack.callsOf('oauth.v2.access')).toEqual([
      { method: 'oauth.v2.access', token: null, args: { client_id: '1234.5678', client_secret: 'client-secret-abcdef', code: 'code-123', redirect_uri: `${base}/slack/oauth_redirect` } },
    ]);
    expect(await store.installations.get('slack:T_NEW')).toMatchObject({ teamId: 'T_NEW', teamName: 'New Team', botToken: 'xoxb-installed-token', botUserId: 'U_BOT' });
    expect(await store.installations.rawData('slack:T_NEW')).not.toContain('xoxb-installed-token');

    // A command from the new workspace is authorized with the stored token and posts with it.
    const body = formBody({ team_id: 'T_NEW', channel_id: 'C_NEW', user_id: 'U1', command: '/cyberpolicy', text: 'digest post', response_url: slack.responseUrl('x') });
    const ack = await postSigned(`${base}/slack/events`, body, { signingSecret: SECRET, timestampSeconds: Date.parse(NOW) / 1000 });
    expect(ack.status).toBe(200);
    for (let i = 0; i < 100 && slack.posts().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(slack.posts().map((p) => [p.token, p.args.channel])).toEqual([['xoxb-installed-token', 'C_NEW']]);
  });

  it('refuses a callback without the state cookie, with a stale state, or after the user cancelled', async () => {
    const { state, cookie } = await beginInstall();
    const noCookie = await fetch(`${base}/slack/oauth_redirect?code=c&state=${encodeURIComponent(state)}`);
    expect(noCookie.status).toBe(400);
    expect(await noCookie.text()).toContain('This installation link expired or was opened in another browser.');
    clock.advance(11 * 60 * 1000);
    const stale = await fetch(`${base}/slack/oauth_redirect?code=c&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(stale.status).toBe(400);
    const cancelled = await fetch(`${base}/slack/oauth_redirect?error=access_denied&state=x`);
    expect(cancelled.status).toBe(400);
    expect(await cancelled.text()).toContain('Slack said: access_denied.');
    expect(slack.callsOf('oauth.v2.access')).toEqual([]);
  });

  it('ignores a command from a workspace that never installed the app', async () => {
    const body = formBody({ team_id: 'T_STRANGER', channel_id: 'C1', user_id: 'U1', command: '/cyberpolicy', text: 'digest post', response_url: slack.responseUrl('x') });
    const ack = await postSigned(`${base}/slack/events`, body, { signingSecret: SECRET, timestampSeconds: Date.parse(NOW) / 1000 });
    expect(ack.status).toBe(200);
    expect(slack.posts()).toEqual([]);
  });
});
