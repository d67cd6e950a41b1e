import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestService } from '../../src/digests/create-digest-service.js';
import { createDeliveryWorker } from '../../src/delivery/delivery-worker.js';
import { runScheduleTick } from '../../src/delivery/schedule-tick.js';
import { TransportRegistry } from '../../src/delivery/transport.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import type { CommandSink } from '../../src/platform/command-sink.js';
import { textReply } from '../../src/replies/reply-document.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { openStore, type Store } from '../../src/store/store.js';
import { seedDueChannels } from '../delivery/support/fleet.js';
import { FakeBotConnector } from '../helpers/fake-bot-connector.js';
import { CHANNEL, TENANT, channelMessage, startTeamsServer, type TeamsServer } from '../teams/teams-test-kit.js';

const APP_ID = '11111111-2222-4333-8444-555555555555';
const APP_PASSWORD = 'hardening-teams-password-6Yt2Qw9';
const GROUP = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b';
const CHANNEL_ID = `teams:${TENANT}:${CHANNEL}`;

function encodings(secret: string): string[] {
  const b = Buffer.from(secret);
  return [...new Set([secret, b.toString('base64'), b.toString('base64url'), encodeURIComponent(secret), b.toString('hex')])];
}

function channelToken(key: KeyObject, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const enc = (v: string) => Buffer.from(v).toString('base64url');
  const header = enc(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'channel-key-1' }));
  const payload = enc(JSON.stringify({ iss: 'https://api.botframework.com', aud: APP_ID, nbf: now - 60, exp: now + 3600, ...claims }));
  return `${header}.${payload}.${sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key).toString('base64url')}`;
}

/**
 * The secrets scan with an authenticated Teams round trip, at LOG_LEVEL=debug: an activity signed by the
 * channel's key is accepted, the answer goes out to the connector with a bearer token, and a digest
 * whose answer was lost is looked up through Microsoft Graph with an app-only token that the app got
 * from the (fake) identity endpoint with its password. The password appears only in that token request:
 * never in the logs, the database, the answers or anything the connector or Graph received.
 */
describe('secrets: an authenticated Teams round trip', () => {
  const channelKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const logs: string[] = [];
  let store: Store;
  let connector: FakeBotConnector;
  let server: TeamsServer;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    connector = await new FakeBotConnector().start();
    connector.publishKeys({ keys: [{ ...channelKey.publicKey.export({ format: 'jwk' }), kty: 'RSA', use: 'sig', kid: 'channel-key-1', endorsements: ['msteams'] }] });
    connector.appPassword = APP_PASSWORD;
    connector.graphGrantedTeams.add(GROUP);
    const logger = createLogger({ level: 'debug', destination: new Writable({ write: (chunk, _e, done) => (logs.push(String(chunk)), done()) }) });
    const sink: CommandSink = { processCommand: async (_o, text) => textReply(`ran: ${text}`), processAction: async () => textReply('pressed') };
    server = await startTeamsServer({
      sink,
      store,
      connector,
      logger,
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppTenantId: TENANT, MICROSOFT_GRAPH_URL: connector.graphUrl, MICROSOFT_LOGIN_URL: connector.loginUrl },
      // The Bot Connector token: botbuilder gets it with MSAL, which only talks to an HTTPS authority, so
      // the test hands it one issued by the same fake identity endpoint (client credentials, app password).
      plugin: {
        openIdMetadataUrl: connector.openIdMetadataUrl,
        outboundToken: async () => {
          const body = new URLSearchParams({ client_id: APP_ID, client_secret: APP_PASSWORD, scope: 'https://api.botframework.com/.default', grant_type: 'client_credentials' });
          const response = await fetch(`${connector.loginUrl}botframework.com/oauth2/v2.0/token`, { method: 'POST', body });
          return ((await response.json()) as { access_token: string }).access_token;
        },
      },
    });
  }, 180_000);
  afterAll(async () => {
    await server.close();
    await connector.stop();
    await store.close();
  });

  it('authenticated in and out, Graph token from the identity endpoint, and the app password nowhere else', async () => {
    const activity = channelMessage(connector.url, 'help') as Record<string, unknown> & { serviceUrl: string; channelData: { team: Record<string, unknown> } };
    activity.channelData.team.aadGroupId = GROUP;
    const status = await server.send(activity, { authorization: `Bearer ${channelToken(channelKey.privateKey, { serviceurl: activity.serviceUrl })}` });
    expect(status).toBe(200);
    const reply = connector.posts(CHANNEL)[0]!;
    expect(reply.authorization).toBe('Bearer graph-token-botframework.com');

    // A digest whose answer is lost: the retry reads the channel back through Graph.
    await seedDueChannels(store, 1, server.clock.now(), () => CHANNEL_ID);
    await runScheduleTick(store, server.clock.now(), silentLogger);
    const transports = new TransportRegistry();
    transports.register(server.instance.transport!);
    const worker = createDeliveryWorker({ store, composer: createDigestService({ store, taxonomy: { topics: [{ slug: 'paris-call', names: { en: 'Paris Call' } }] }, clock: server.clock, logger: silentLogger }), transports, clock: server.clock, logger: silentLogger, random: () => 0 });
    connector.loseAnswerNext(504);
    await worker.runOnce();
    server.clock.advance(10_000);
    await worker.runOnce();
    expect(connector.posts(CHANNEL).length).toBe(2); // the reply to "help" and one digest
    expect((await store.deliveries.list())[0]!.guarantee).toBe('exactly-once');
    expect(connector.graphReads).toBeGreaterThanOrEqual(1);
    // One connector token per outbound turn (the test's supplier does not cache), one Graph token (cached by the probe).
    const requests = connector.tokenRequests.map((r) => `${r.tenant} ${r.secretOk} ${r.scope}`);
    expect(new Set(requests)).toEqual(new Set(['botframework.com true https://api.botframework.com/.default', `${TENANT} true https://graph.microsoft.com/.default`]));
    expect(requests.filter((r) => r.includes('graph'))).toHaveLength(1);

    // The scan: logs (debug), every stored row, what the connector received (bodies, headers but the
    // token request), the answers.
    const stored: string[] = [];
    for (const table of ['conversation_refs', 'deliveries', 'channels', 'installations']) {
      stored.push(JSON.stringify(await store.database.query(`SELECT * FROM ${table}`)));
    }
    const received = JSON.stringify(connector.calls);
    const everything = [logs.join(''), stored.join('\n'), received].join('\n');
    expect(logs.join('')).toContain('"level":20');
    expect(logs.join('')).toContain('teams');
    const found = encodings(APP_PASSWORD).filter((form) => everything.includes(form));
    expect(found).toEqual([]);
    // Inbound tokens are not logged either.
    expect(logs.join('')).not.toContain('graph-token-');
  }, 120_000);
});
