import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDigestService } from '../../src/digests/create-digest-service.js';
import { BLIND_RETRY_MS, createDeliveryWorker, type DeliveryOutcome } from '../../src/delivery/delivery-worker.js';
import { DEFAULT_RETRY_POLICY } from '../../src/delivery/retry-policy.js';
import { runScheduleTick } from '../../src/delivery/schedule-tick.js';
import { TransportRegistry } from '../../src/delivery/transport.js';
import { silentLogger } from '../../src/logger.js';
import { textReply } from '../../src/replies/reply-document.js';
import { openStore, type Store } from '../../src/store/store.js';
import { seedDueChannels } from '../delivery/support/fleet.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { BOT_ID, CHANNEL, TEAM, TENANT, channelMessage, fixture, startTeamsServer, useTeamsServer, type TeamsServer } from './teams-test-kit.js';

const CHANNEL_ID = `teams:${TENANT}:${CHANNEL}`;
const taxonomy = { topics: [{ slug: 'paris-call', names: { en: 'Paris Call' } }] };
const APP_ID = '11111111-2222-4333-8444-555555555555';
const APP_PASSWORD = 'probe-app-password-8c1e';
const GROUP = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b';
const okSink = { processCommand: async () => textReply('ok'), processAction: async () => textReply('ok') };

// One PGlite store for the file (opening one takes seconds); each test starts from empty tables.
let opened: Promise<Store> | null = null;
async function freshStore(): Promise<Store> {
  const store = await (opened ??= openStore({ dataDir: 'memory://' }));
  await store.database.query('TRUNCATE items, channels, deliveries, sent_stories, conversation_refs');
  return store;
}
afterAll(async () => {
  if (opened) await (await opened).close();
});

async function outboxWorker(server: TeamsServer, store: Store, outcomes: DeliveryOutcome[]) {
  const transports = new TransportRegistry();
  transports.register(server.instance.transport!);
  return createDeliveryWorker({
    store,
    composer: createDigestService({ store, taxonomy, clock: server.clock, logger: silentLogger }),
    transports,
    clock: server.clock,
    logger: silentLogger,
    random: () => 0,
    policy: { ...DEFAULT_RETRY_POLICY, baseMs: 1_000 },
    onOutcome: (o) => outcomes.push(o),
  });
}

/**
 * The outbox with the real Teams transport (Teams plugin, botbuilder, ConversationSender) against the
 * fake Bot Connector. Without app credentials there is no Graph probe (README: delivery guarantees),
 * so a digest whose post was accepted but whose answer was lost (a 504 from the
 * gateway) is not re-sent for 60 s, then re-sent once, logged as "may duplicate": at most one duplicate.
 */
describe('Teams: a digest accepted by the connector whose answer was lost', () => {
  const teams = useTeamsServer(async () => ({ sink: okSink, store: await freshStore() }));
  let store: Store;
  let server: TeamsServer;
  beforeEach(() => {
    ({ server } = teams);
    store = server.store;
  });

  it('no re-post within 60 s, then exactly one more (at most one duplicate), recorded as at-most-one-duplicate', async () => {
    const { clock, connector } = server;
    await server.send(channelMessage(connector.url, 'help')); // the bot learns the conversation reference
    connector.reset();
    await seedDueChannels(store, 1, clock.now(), () => CHANNEL_ID);
    expect((await runScheduleTick(store, clock.now(), silentLogger)).enqueued).toBe(1);
    const outcomes: DeliveryOutcome[] = [];
    const worker = await outboxWorker(server, store, outcomes);
    connector.loseAnswerNext(504);
    const firstAttempt = clock.now().getTime();
    await worker.runOnce();
    // Accepted once; not retried inline (a blind retry), and back in the outbox with the outcome unknown.
    expect(connector.posts(CHANNEL).length).toBe(1);
    expect(connector.calls.length).toBe(1);
    // Every few seconds for the next minute: the worker looks, and waits.
    for (let t = 5_000; t < BLIND_RETRY_MS; t += 5_000) {
      clock.set(new Date(firstAttempt + t));
      await worker.runOnce();
    }
    expect(connector.posts(CHANNEL).length).toBe(1);
    const waiting = await store.deliveries.get(CHANNEL_ID, (await store.deliveries.list())[0]!.periodKey);
    expect(waiting!.status).toBe('pending');
    expect(waiting!.lastError).toBe('outcome_unknown: no Microsoft Graph probe (the bot runs without MicrosoftAppId and MicrosoftAppPassword); retrying after 60 s');
    expect(waiting!.nextAttemptAt.getTime() - waiting!.lastPostAt!.getTime()).toBe(BLIND_RETRY_MS);
    clock.set(new Date(firstAttempt + BLIND_RETRY_MS + 1_000));
    await worker.runOnce();
    expect(connector.posts(CHANNEL).length).toBe(2);
    const sent = (await store.deliveries.list())[0]!;
    expect([sent.status, sent.guarantee]).toEqual(['sent', 'at-most-one-duplicate']);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
  }, 60_000);
});

/**
 * With app credentials and a team whose owner granted ChannelMessage.Read.Group (resource-specific
 * consent in the app package), the outbox reads the channel back through Microsoft Graph (app-only
 * token from the identity endpoint, with the app password) and finds the digest: exactly once.
 */
describe('Teams: the Microsoft Graph probe (RSC ChannelMessage.Read.Group)', () => {
  const teams = useTeamsServer(async (connector) => {
    connector.appPassword = APP_PASSWORD;
    return {
      sink: okSink,
      store: await freshStore(),
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppTenantId: TENANT, MICROSOFT_GRAPH_URL: connector.graphUrl, MICROSOFT_LOGIN_URL: connector.loginUrl },
      // The Bot Connector's own token is supplied (MSAL accepts only an https authority, and this fake is http;
      // test/hardening/secrets-full-run.test.ts runs MSAL against an https one); Graph's comes from the fake identity endpoint.
      plugin: { outboundToken: async () => 'connector-token' },
    };
  });
  let store: Store;
  let server: TeamsServer;
  beforeEach(() => {
    ({ server } = teams);
    store = server.store;
  });

  async function reference(channel: string, group: string): Promise<void> {
    const ref = { serviceUrl: `${server.connector.url}/`, channelId: 'msteams', tenantId: TENANT, conversation: { id: channel, conversationType: 'channel' }, bot: { id: BOT_ID }, teamId: TEAM, teamsChannelId: channel, aadGroupId: group };
    await createAdapterPorts(store).conversations.save(`teams:${TENANT}:${channel}`, ref, server.clock.now());
  }

  it('a digest accepted whose answer was lost is found through Graph, not re-sent: 0 duplicates, exactly-once', async () => {
    const { clock, connector } = server;
    connector.graphGrantedTeams.add(GROUP);
    await reference(CHANNEL, GROUP);
    await seedDueChannels(store, 1, clock.now(), () => CHANNEL_ID);
    await runScheduleTick(store, clock.now(), silentLogger);
    const outcomes: DeliveryOutcome[] = [];
    const worker = await outboxWorker(server, store, outcomes);
    connector.loseAnswerNext(504);
    await worker.runOnce();
    expect(connector.posts(CHANNEL).length).toBe(1);
    clock.advance(5_000);
    await worker.runOnce();
    expect(connector.posts(CHANNEL).length).toBe(1);
    expect(outcomes).toEqual(['retry', 'recovered']);
    const row = (await store.deliveries.list())[0]!;
    expect([row.status, row.messageId, row.guarantee]).toEqual(['sent', connector.posts(CHANNEL)[0]!.id, 'exactly-once']);
    // The card carried the delivery key as its first element's id; Graph's copy of the card still has it.
    const card = (connector.posts(CHANNEL)[0]!.body.attachments as { content: { body: { id?: string }[] } }[])[0]!.content;
    expect(card.body[0]!.id).toBe(`cyberpolicy-digest:${row.periodKey}`);
    // An app-only Graph token for the conversation's tenant, from the identity endpoint, with the app password.
    expect(connector.tokenRequests).toEqual([{ tenant: TENANT, clientId: APP_ID, secretOk: true, scope: 'https://graph.microsoft.com/.default' }]);
    // The Bot Connector got the connector token, never the Graph one.
    expect(new Set(connector.posts(CHANNEL).map((p) => p.authorization))).toEqual(new Set(['Bearer connector-token']));
  }, 60_000);

  it('a team that did not grant the permission, and chats: the fallback guarantee', async () => {
    const other = '19:othercha000000001@thread.tacv2';
    await reference(other, 'a0a0a0a0-0000-4000-8000-000000000000');
    expect(await server.instance.transport!.guarantee!(`teams:${TENANT}:${other}`)).toBe('at-most-one-duplicate');
    expect(await server.instance.transport!.wasPosted!(`teams:${TENANT}:${other}`, 'k', { since: new Date() })).toEqual({ unavailable: 'the team did not grant ChannelMessage.Read.Group' });
    expect(await server.instance.transport!.guarantee!(CHANNEL_ID)).toBe('exactly-once');
  });
});

describe('Teams: the team group id Graph needs is kept from the install event', () => {
  it('a later channel message (which carries no aadGroupId) keeps the one the bot-added event gave', async () => {
    const store = await freshStore();
    const server = await startTeamsServer({ sink: okSink, store });
    try {
      const added = fixture('conversation-update-bot-added', server.connector.url);
      expect(await server.send(added)).toBe(200);
      expect(await server.send(channelMessage(server.connector.url, 'help'))).toBe(200);
      const ports = createAdapterPorts(store);
      const stored = (await ports.conversations.get(CHANNEL_ID))!.reference as { aadGroupId?: string; teamId?: string };
      expect([stored.teamId, stored.aadGroupId]).toEqual([TEAM, GROUP]);
    } finally {
      await server.close();
    }
  }, 120_000);
});
