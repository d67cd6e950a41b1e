import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelKeySet, channelSigningKey, channelToken, TEST_APP_ID } from '../helpers/bot-framework-token.js';
import { carriesDigest, FakeBotConnector } from '../helpers/fake-bot-connector.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { encodings, SecretScan } from '../helpers/secret-scan.js';
import { formBody, postSigned } from '../helpers/slack-signing.js';
import { spawnServe, type ServeProcess } from '../helpers/spawn-serve.js';
import { makeTestCa, type TestCa } from '../helpers/test-ca.js';
import { CHANNEL, channelMessage } from '../teams/teams-test-kit.js';
import { fakeLibreTranslate, type FakeProvider } from '../translate/fake-translate-servers.js';

// Issue 9 "Tenants and secrets": the built CLI's `serve` at LOG_LEVEL=debug, every secret set, driven through
// signed and forged Slack requests, an OAuth install, Slack API failures, command spam, forged Teams activities
// and an authenticated Teams round trip (issue 18): the channel token is checked against the fake identity's
// published key, the answer goes to the fake Bot Connector with the token MSAL got from the fake identity
// endpoint with the app password, and a digest whose answer was lost is found through the fake Graph with an
// app-only token. The fakes speak HTTPS (MSAL accepts no other authority) under a throwaway CA that only
// this serve trusts (NODE_EXTRA_CA_CERTS). Afterwards no secret (nor its base64, base64url, hex or
// URL-encoded form), and no token issued during the run, may appear in the log output, in any answer we got
// back, in the database, or in anything the fakes received apart from the Authorization header / token call.
const SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-hardening-bot-7f3a9c51e2',
  SLACK_SIGNING_SECRET: 'hardening-signing-9d2e7b41c0',
  SLACK_CLIENT_SECRET: 'hardening-client-secret-5c8e11',
  SLACK_STATE_SECRET: 'hardening-state-secret-0a6f3d29',
  MicrosoftAppPassword: 'hardening-app-password-4Xq8Lm2',
  ENCRYPTION_KEY: 'hardening-encryption-key-b71c93',
  // Machine-translation providers (issue 16): LibreTranslate is used; the DeepL key is set but idle.
  TRANSLATE_API_KEY: 'hardening-libretranslate-key-62d0f',
  DEEPL_API_KEY: 'hardening-deepl-key-9e41ab:fx',
};
const INSTALLED_TOKEN = 'xoxb-installed-hardening-e5d1a7';
const APP_ID = TEST_APP_ID;
const TENANT = '8f4e2c1a-5b6d-4e7f-9a0b-1c2d3e4f5a6b';
const TEAM_GROUP = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b';
const CONNECTOR_SCOPE = 'https://api.botframework.com/.default';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const RATE_LIMIT_TEXT = /You're sending commands too fast; try again in \d+ s\./;

// Tokens issued during the run are added as they appear.
const scan = new SecretScan({ ...SECRETS, INSTALLED_TOKEN });
const leaks = (text: string) => scan.leaks(text);

async function until(check: () => boolean, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
  expect(check()).toBe(true);
}

async function untilAsync(check: () => Promise<boolean>, ms: number): Promise<void> {
  for (const end = Date.now() + ms; !(await check()) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 250));
  expect(await check()).toBe(true);
}

async function queryDb<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('secrets never leak in a full serve run (built CLI, LOG_LEVEL=debug)', () => {
  let slack: FakeSlackServer;
  let db: { url: string; drop(): Promise<void> };
  let translate: FakeProvider;
  let ca: TestCa;
  let teams: FakeBotConnector;
  const channelKey = channelSigningKey();
  const answers: string[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    slack = await new FakeSlackServer().start();
    slack.oauthResponse = { ...slack.oauthResponse, access_token: INSTALLED_TOKEN };
    db = await createTestDatabase('cp_hard_secrets');
    translate = await fakeLibreTranslate(SECRETS.TRANSLATE_API_KEY);
    // The fake identity endpoint (OpenID keys, token endpoint), Bot Connector and Graph, over HTTPS.
    ca = makeTestCa();
    teams = await new FakeBotConnector().start({ tls: ca });
    teams.publishKeys(channelKeySet(channelKey.publicKey));
    teams.appPassword = SECRETS.MicrosoftAppPassword;
    teams.graphGrantedTeams.add(TEAM_GROUP);
  }, 60_000);
  afterAll(async () => {
    await teams?.stop();
    ca?.remove();
    await translate?.close();
    await slack?.close();
    await db?.drop();
  });

  function env(): Record<string, string> {
    return {
      ...SECRETS,
      SLACK_CLIENT_ID: '1234.5678',
      SLACK_API_URL: slack.apiUrl,
      SLACK_CHANNEL_INTERVAL_MS: '0',
      MicrosoftAppId: APP_ID,
      MicrosoftAppTenantId: TENANT,
      MICROSOFT_LOGIN_URL: teams.loginUrl,
      MICROSOFT_GRAPH_URL: teams.graphUrl,
      BotOpenIdMetadata: teams.openIdMetadataUrl,
      NODE_EXTRA_CA_CERTS: ca.caFile,
      DATABASE_URL: db.url,
      LOG_LEVEL: 'debug',
      SAMPLES: '1',
      SCHEDULER: '1',
      TRANSLATE_PROVIDER: 'libretranslate',
      TRANSLATE_URL: translate.url,
    };
  }

  async function slash(serve: ServeProcess, fields: { team: string; channel: string; user: string; text: string }, id: string): Promise<string> {
    const body = formBody({ team_id: fields.team, channel_id: fields.channel, user_id: fields.user, command: '/cyberpolicy', text: fields.text, response_url: slack.responseUrl(id) });
    const response = await postSigned(`${serve.url}/slack/events`, body, { signingSecret: SECRETS.SLACK_SIGNING_SECRET, timestampSeconds: Math.floor(Date.now() / 1000) });
    expect(response.status).toBe(200);
    const ack = await response.text();
    answers.push(ack);
    if (ack) return ack;
    await until(() => slack.responses.some((r) => r.path === `/response/${id}`));
    return JSON.stringify(slack.responses.filter((r) => r.path === `/response/${id}`).map((r) => r.body));
  }

  /** An @mention in the team channel, signed as the channel signs it; returns the HTTP status. */
  async function teamsCommand(serve: ServeProcess, text: string): Promise<number> {
    const activity = channelMessage(teams.url, text);
    activity.channelData.team.aadGroupId = TEAM_GROUP;
    const token = channelToken(channelKey.privateKey, { serviceurl: activity.serviceUrl });
    scan.add(`channel token for "${text}"`, token);
    const response = await fetch(`${serve.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(activity) });
    answers.push(await response.text());
    return response.status;
  }

  it('drives every secret-bearing path, then finds no secret anywhere; installed tokens are sealed and survive a restart', async () => {
    const serve = await spawnServe(env(), 180_000);
    try {
      // Signed commands, an unknown command, and a forged / stale / unsigned request.
      expect(await slash(serve, { team: 'T_TEST', channel: 'C_SEC', user: 'U_A', text: 'help' }, 'h1')).toMatch(/subscribe/);
      expect(await slash(serve, { team: 'T_TEST', channel: 'C_SEC', user: 'U_A', text: 'frobnicate now' }, 'h2')).toMatch(/frobnicate/);
      for (const [secret, ts] of [['forged-secret-0123456789', Math.floor(Date.now() / 1000)], [SECRETS.SLACK_SIGNING_SECRET, Math.floor(Date.now() / 1000) - 3600]] as const) {
        const r = await postSigned(`${serve.url}/slack/events`, formBody({ team_id: 'T_TEST', channel_id: 'C_SEC', user_id: 'U_A', command: '/cyberpolicy', text: 'list' }), { signingSecret: secret, timestampSeconds: ts });
        expect(r.status).toBe(401);
        answers.push(await r.text());
      }
      const unsigned = await fetch(`${serve.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'command=%2Fcyberpolicy&text=list' });
      expect(unsigned.status).toBe(401);
      answers.push(await unsigned.text());

      // The translation provider fails once (its error is logged), then translates (its key rides in the body).
      translate.mode = { kind: '500' };
      await slash(serve, { team: 'T_TEST', channel: 'C_SEC', user: 'U_A', text: 'paris-call' }, 'tr1');
      expect(translate.requests.length).toBeGreaterThan(0);
      translate.mode = { kind: 'ok' };

      // Slack Web API failures while posting: invalid_auth, then a 429 storm, then success.
      await slash(serve, { team: 'T_TEST', channel: 'C_SEC', user: 'U_A', text: 'subscribe paris-call' }, 'h3');
      slack.failNext('chat.postMessage', { channel: 'C_SEC', error: 'invalid_auth' });
      await slash(serve, { team: 'T_TEST', channel: 'C_SEC', user: 'U_A', text: 'digest post' }, 'h4');
      await until(() => slack.callsOf('chat.postMessage').some((c) => c.args.channel === 'C_SEC'));
      const before = slack.posts('C_SEC').length;
      slack.failNext('chat.postMessage', { channel: 'C_SEC', retryAfterSeconds: 1, times: 3 });
      await slash(serve, { team: 'T_TEST', channel: 'C_SEC', user: 'U_B', text: 'digest post' }, 'h5');
      // The fake records refused calls too: 3 refusals, then at least one accepted post.
      await until(() => slack.posts('C_SEC').length >= before + 4);

      // OAuth install: the installed token comes back from oauth.v2.access; a wrong state is refused.
      const begin = await fetch(`${serve.url}/slack/install`, { redirect: 'manual' });
      expect(begin.status).toBe(302);
      const state = new URL(begin.headers.get('location')!).searchParams.get('state')!;
      const cookie = begin.headers.get('set-cookie')!.split(';')[0]!;
      const bad = await fetch(`${serve.url}/slack/oauth_redirect?code=c&state=wrong`, { headers: { cookie } });
      expect(bad.status).toBe(400);
      answers.push(await bad.text());
      const done = await fetch(`${serve.url}/slack/oauth_redirect?code=code-1&state=${encodeURIComponent(state)}`, { headers: { cookie } });
      expect(done.status).toBe(200);
      answers.push(await done.text());

      // Per-user rate limit through the real Slack endpoint: spam until refused with the clear message.
      const spam: string[] = [];
      for (let i = 0; i < 40 && !spam.some((a) => RATE_LIMIT_TEXT.test(a)); i++) spam.push(await slash(serve, { team: 'T_NEW', channel: 'C_SPAM', user: 'U_SPAMMER', text: 'help' }, `spam${i}`));
      // Capacity 20: the first 20 commands always pass (earlier commands were by other users).
      expect(spam.slice(0, 20).filter((a) => RATE_LIMIT_TEXT.test(a))).toEqual([]);
      expect(spam.at(-1)).toMatch(RATE_LIMIT_TEXT);
      // Another user in the same channel is not affected.
      expect(await slash(serve, { team: 'T_NEW', channel: 'C_SPAM', user: 'U_CALM', text: 'help' }, 'calm')).not.toMatch(RATE_LIMIT_TEXT);

      // Teams: an activity with no token, a forged token, and one whose tenant disagrees (all 401 without the real keys).
      const activity = channelMessage('http://127.0.0.1:9/', 'paris-call');
      for (const authorization of [undefined, 'Bearer x.y.z', `Bearer ${Buffer.from(SECRETS.MicrosoftAppPassword).toString('base64url')}.e30.c2ln`]) {
        const r = await fetch(`${serve.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body: JSON.stringify(activity) });
        expect(r.status).toBe(401);
        answers.push(await r.text());
      }
      expect(teams.calls).toEqual([]);

      // Teams, authenticated: accepted, and answered through the connector with a token from the identity endpoint.
      expect(await teamsCommand(serve, 'subscribe paris-call')).toBe(200);
      await until(() => teams.posts(CHANNEL).length === 1);
      // A digest whose post lands but whose answer is lost (504): the retry finds it through Graph.
      teams.loseAnswerNext(504, 1, carriesDigest);
      expect(await teamsCommand(serve, 'digest post')).toBe(200);
      const teamsDelivery = async () =>
        (await queryDb<{ status: string; guarantee: string | null; attempts: number; message_id: string | null }>(db.url, `SELECT status, guarantee, attempts, message_id FROM deliveries WHERE channel_id = $1`, [`teams:${TENANT}:${CHANNEL}`]))[0];
      await untilAsync(async () => (await teamsDelivery())?.status === 'sent', 90_000);
      // One digest post: the retry recorded the id Graph showed (the connector's answer with it was lost).
      const digests = teams.posts(CHANNEL).filter((c) => carriesDigest(c.body));
      expect(digests).toHaveLength(1);
      expect(await teamsDelivery()).toEqual({ status: 'sent', guarantee: 'exactly-once', attempts: 2, message_id: digests[0]!.id });
      expect(teams.graphReads).toBeGreaterThanOrEqual(1);
      // Every connector request carried exactly a token the identity endpoint issued for the connector's scope
      // (MSAL, client credentials with the app password, in the bot's tenant), and every such token was used;
      // Graph got one app-only token (the probe caches it).
      const issuedFor = (scope: string) => teams.issuedTokens.filter((t) => t.scope === scope).map((t) => t.token);
      expect(issuedFor(CONNECTOR_SCOPE).length).toBeGreaterThanOrEqual(1);
      expect(teams.posts(CHANNEL)[0]!.authorization).toBe(`Bearer ${issuedFor(CONNECTOR_SCOPE)[0]}`);
      expect(new Set(teams.calls.map((c) => c.authorization))).toEqual(new Set(issuedFor(CONNECTOR_SCOPE).map((t) => `Bearer ${t}`)));
      expect(issuedFor(GRAPH_SCOPE)).toHaveLength(1);
      expect(teams.tokenRequests.filter((r) => r.tenant !== TENANT || r.clientId !== APP_ID || !r.secretOk)).toEqual([]);
      expect(new Set(teams.tokenRequests.map((r) => r.scope))).toEqual(new Set([CONNECTOR_SCOPE, GRAPH_SCOPE]));
      teams.issuedTokens.forEach((t, i) => scan.add(`token ${i + 1} issued for ${t.scope}`, t.token));
    } finally {
      await serve.stop();
      logs.push(serve.logs());
    }

    // The installation row (and every other row in the database) holds no token in clear.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = (await client.query<{ id: string; data: string }>('SELECT id, data FROM installations ORDER BY id')).rows;
      expect(rows.map((r) => r.id)).toEqual(['slack:T_NEW']);
      expect(rows[0]!.data).toMatch(/^enc:v1:[A-Za-z0-9+/=]+$/);
      const tables = (await client.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'")).rows.map((r) => r.t);
      expect(tables.length).toBeGreaterThan(3);
      for (const t of tables) {
        const dump = (await client.query(`SELECT row_to_json(x)::text AS j FROM "${t}" x`)).rows.map((r: { j: string }) => r.j).join('\n');
        expect({ table: t, leaks: leaks(dump) }).toEqual({ table: t, leaks: [] });
      }
    } finally {
      await client.end();
    }

    // After a restart with the same key, the sealed token is read back and used for that workspace.
    const again = await spawnServe(env(), 180_000);
    try {
      await slash(again, { team: 'T_NEW', channel: 'C_NEWWS', user: 'U_N', text: 'subscribe paris-call' }, 'r1');
      await slash(again, { team: 'T_NEW', channel: 'C_NEWWS', user: 'U_N', text: 'digest post' }, 'r2');
      await until(() => slack.posts('C_NEWWS').length >= 1);
      expect(new Set(slack.posts('C_NEWWS').map((p) => p.token))).toEqual(new Set([INSTALLED_TOKEN]));
    } finally {
      await again.stop();
      logs.push(again.logs());
    }

    // Socket Mode: the app-level token too (a separate start: Socket Mode replaces /slack/events).
    const APP_TOKEN = 'xapp-1-hardening-app-token-3c9d7e';
    const socket = await spawnServe({ SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: slack.apiUrl, LOG_LEVEL: 'debug', SAMPLES: '0', SCHEDULER: '0', DATABASE_URL: db.url, ENCRYPTION_KEY: SECRETS.ENCRYPTION_KEY }, 180_000);
    try {
      await until(() => slack.socketCount === 1);
      const acked = slack.socketMessages.length;
      slack.sendEnvelope({ envelope_id: 'env-h1', type: 'slash_commands', accepts_response_payload: true, payload: { team_id: 'T_TEST', channel_id: 'C_SOCK', user_id: 'U_S', command: '/cyberpolicy', text: 'frobnicate', response_url: slack.responseUrl('sock') } });
      await until(() => slack.socketMessages.length > acked);
      expect(slack.callsOf('apps.connections.open').at(-1)!.token).toBe(APP_TOKEN);
    } finally {
      await socket.stop();
      logs.push(socket.logs());
    }
    expect(leaks(socket.logs())).toEqual([]);
    for (const form of encodings(APP_TOKEN)) expect(socket.logs()).not.toContain(form);
    expect(JSON.stringify(slack.socketMessages)).not.toContain(APP_TOKEN);

    // The scanner itself finds every encoded form (so a 0 below means something).
    for (const form of encodings(SECRETS.MicrosoftAppPassword)) expect(leaks(`log line ${form} end`)).toEqual([`MicrosoftAppPassword as ${form}`]);
    const allLogs = logs.join('\n');
    // The run really logged at debug level and really exercised the failures we scan for.
    expect(allLogs).toContain('"level":20');
    expect(allLogs).toContain('/slack/events');
    expect(allLogs).toContain('/api/messages');
    expect(allLogs).toMatch(/invalid_auth/);
    expect(allLogs).toContain('translations: provider request failed');
    expect(translate.requests.every((r) => r.body.api_key === SECRETS.TRANSLATE_API_KEY)).toBe(true);
    expect(leaks(allLogs)).toEqual([]);
    expect(leaks(answers.join('\n'))).toEqual([]);
    // What Slack received (bodies, response_url posts), apart from the bearer token and the OAuth exchange itself.
    const sentToSlack = JSON.stringify([slack.calls.filter((c) => c.method !== 'oauth.v2.access').map((c) => c.args), slack.responses]);
    expect(leaks(sentToSlack)).toEqual([]);
    // What the Bot Connector received apart from the Authorization header (bodies: replies, digest cards).
    expect(leaks(JSON.stringify(teams.calls.map((c) => c.body)))).toEqual([]);
    expect(scan.names().filter((n) => n.startsWith('token '))).toHaveLength(teams.issuedTokens.length);
    // The bot token and the installed token were actually used (the fake saw them in Authorization).
    expect(slack.posts('C_SEC').every((p) => p.token === SECRETS.SLACK_BOT_TOKEN)).toBe(true);
  }, 480_000);
});
