import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { textReply, type ReplyDocument } from '../../src/replies/reply-document.js';
import { openStore, type Store } from '../../src/store/store.js';
import { loadTeamsConfig } from '../../adapters/teams/teams-config.js';
import { channelKeySet, channelSigningKey, channelToken, TEST_APP_ID } from '../helpers/bot-framework-token.js';
import type { FakeBotConnector } from '../helpers/fake-bot-connector.js';
import { channelMessage, useTeamsServer, visibleText, type TeamsServer } from './teams-test-kit.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';

const APP_ID = TEST_APP_ID;
const ENV = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret-not-real', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: '8f4e2c1a-5b6d-4e7f-9a0b-1c2d3e4f5a6b' };
const OUTBOUND_TOKEN = 'outbound-token-for-tests';

const sink: CommandSink = {
  processCommand: async (_origin: CommandOrigin, text: string): Promise<ReplyDocument> => textReply(`ran: ${text}`),
  processAction: async (): Promise<ReplyDocument> => textReply('pressed'),
};

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
}, 180_000);
afterAll(async () => {
  await store.close();
});

describe('Teams authentication with an app id set', () => {
  const channelKey = channelSigningKey();
  const attackerKey = channelSigningKey();
  const teams = useTeamsServer(
    (connector) => {
      connector.publishKeys(channelKeySet(channelKey.publicKey));
      return { sink, store, env: ENV, plugin: { openIdMetadataUrl: connector.openIdMetadataUrl, outboundToken: async () => OUTBOUND_TOKEN } };
    },
    { resetAfterEach: true },
  );
  let connector: FakeBotConnector;
  let server: TeamsServer;
  beforeEach(() => {
    ({ server } = teams);
    connector = server.connector;
  });

  const message = () => channelMessage(connector.url, 'help');

  it('answers 401 without a token and sends nothing', async () => {
    expect(await server.send(message())).toBe(401);
    expect(connector.calls).toEqual([]);
    expect(await store.conversations.get('teams:8f4e2c1a-5b6d-4e7f-9a0b-1c2d3e4f5a6b:19:7d3b6a1c9e2f4b8a@thread.tacv2')).toBeNull();
  });

  it('answers 401 to garbage and to tokens signed with another key, a wrong audience, issuer or serviceUrl', async () => {
    const activity = message();
    const serviceurl = activity.serviceUrl;
    const forged = [
      'Bearer not-a-jwt',
      `Bearer ${channelToken(attackerKey.privateKey, { serviceurl })}`,
      `Bearer ${channelToken(attackerKey.privateKey, { serviceurl }, 'attacker-key')}`,
      `Bearer ${channelToken(channelKey.privateKey, { serviceurl, aud: '99999999-2222-4333-8444-555555555555' })}`,
      `Bearer ${channelToken(channelKey.privateKey, { serviceurl, iss: 'https://evil.example' })}`,
      `Bearer ${channelToken(channelKey.privateKey, { serviceurl: 'https://evil.example/' })}`,
      `Bearer ${channelToken(channelKey.privateKey, { serviceurl, exp: Math.floor(Date.now() / 1000) - 7200 })}`,
    ];
    for (const authorization of forged) {
      expect({ authorization, status: await server.send(activity, { authorization }) }).toEqual({ authorization, status: 401 });
    }
    expect(connector.calls).toEqual([]);
  });

  it('accepts a valid channel token and signs its reply with the bot token', async () => {
    const activity = message();
    const token = channelToken(channelKey.privateKey, { serviceurl: activity.serviceUrl });
    expect(await server.send(activity, { authorization: `Bearer ${token}` })).toBe(200);
    const posts = connector.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.authorization).toBe(`Bearer ${OUTBOUND_TOKEN}`);
    expect(visibleText(posts)).toBe('ran: help');
  });

  it('accepts requests from any address once authenticated, and describes itself without secrets', () => {
    expect(server.instance.describe()).toBe(`teams: POST /api/messages (Bot Framework JWT required, app ${APP_ID}, SingleTenant)`);
    expect(server.instance.describe()).not.toContain(ENV.MicrosoftAppPassword);
  });
});

describe('Teams configuration', () => {
  it('requires the password and tenant with an app id, and validates the app id', () => {
    expect(() => loadTeamsConfig({ MicrosoftAppId: APP_ID })).toThrow('environment variable MicrosoftAppPassword: is required when MicrosoftAppId is set');
    expect(() => loadTeamsConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x' })).toThrow('environment variable MicrosoftAppTenantId: is required for MicrosoftAppType=SingleTenant');
    expect(() => loadTeamsConfig({ MicrosoftAppId: 'bot' })).toThrow("environment variable MicrosoftAppId: must be the bot's Microsoft App ID (a GUID)");
    expect(() => loadTeamsConfig({ MicrosoftAppType: 'Other' })).toThrow('environment variable MicrosoftAppType');
    // The Graph probe's endpoints default to the public cloud.
    const endpoints = { MICROSOFT_GRAPH_URL: 'https://graph.microsoft.com/v1.0/', MICROSOFT_LOGIN_URL: 'https://login.microsoftonline.com/' };
    expect(loadTeamsConfig({})).toEqual({ MicrosoftAppType: 'SingleTenant', ...endpoints });
    expect(loadTeamsConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant' })).toEqual({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'MultiTenant', ...endpoints });
  });
});

describe('Teams without an app id', () => {
  it('refuses requests from non-loopback addresses', async () => {
    const { createTeamsPlugin } = await import('../../adapters/teams/teams-plugin.js');
    const { HttpServer } = await import('../../src/server/http-server.js');
    const { silentLogger } = await import('../../src/logger.js');
    const { ManualClock } = await import('../../src/clock.js');
    const routes: { handler: (request: Request, meta: { remoteAddress: string }) => Promise<Response> | Response }[] = [];
    const http = new HttpServer({ logger: silentLogger });
    const original = http.route.bind(http);
    http.route = (method, path, handler) => {
      routes.push({ handler });
      original(method, path, handler);
    };
    {
      await createTeamsPlugin().start({ sink, ports: createAdapterPorts(store), logger: silentLogger, clock: new ManualClock('2026-11-28T12:00:00Z'), env: {}, http, publicUrl: 'http://x' });
      const request = () => new Request('http://bot/api/messages', { method: 'POST', body: JSON.stringify(channelMessage('http://127.0.0.1:9', 'help')) });
      const refused = await routes[0]!.handler(request(), { remoteAddress: '203.0.113.9' });
      expect(refused.status).toBe(403);
      expect(await refused.json()).toEqual({ error: 'forbidden: set MicrosoftAppId to accept requests from Teams' });
      expect((await routes[0]!.handler(request(), { remoteAddress: '::ffff:10.0.0.1' })).status).toBe(403);
    }
  });
});
