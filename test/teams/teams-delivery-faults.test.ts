import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestService } from '../../src/digests/create-digest-service.js';
import { BLIND_RETRY_MS, createDeliveryWorker, type DeliveryOutcome } from '../../src/delivery/delivery-worker.js';
import { DEFAULT_RETRY_POLICY } from '../../src/delivery/retry-policy.js';
import { runScheduleTick } from '../../src/delivery/schedule-tick.js';
import { TransportRegistry } from '../../src/delivery/transport.js';
import { silentLogger } from '../../src/logger.js';
import { textReply } from '../../src/replies/reply-document.js';
import { openStore, type Store } from '../../src/store/store.js';
import { seedDueChannels } from '../delivery/support/fleet.js';
import { CHANNEL, TENANT, channelMessage, startTeamsServer, type TeamsServer } from './teams-test-kit.js';

const CHANNEL_ID = `teams:${TENANT}:${CHANNEL}`;
const taxonomy = { topics: [{ slug: 'paris-call', names: { en: 'Paris Call' } }] };

/**
 * The outbox with the real Teams transport (Teams plugin, botbuilder, ConversationSender) against the
 * fake Bot Connector. Teams offers no probe this app can use without Graph permissions (README:
 * delivery guarantees), so a digest whose post was accepted but whose answer was lost (a 504 from the
 * gateway) is not re-sent for 60 s, then re-sent once, logged as "may duplicate": at most one duplicate.
 */
describe('Teams: a digest accepted by the connector whose answer was lost', () => {
  let store: Store;
  let server: TeamsServer;
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    server = await startTeamsServer({ sink: { processCommand: async () => textReply('ok'), processAction: async () => textReply('ok') }, store });
  }, 180_000);
  afterAll(async () => {
    await server.close();
    await store.close();
  });

  it('no re-post within 60 s, then exactly one more (at most one duplicate), recorded as at-most-one-duplicate', async () => {
    const { clock, connector } = server;
    await server.send(channelMessage(connector.url, 'help')); // the bot learns the conversation reference
    connector.reset();
    await seedDueChannels(store, 1, clock.now(), () => CHANNEL_ID);
    expect((await runScheduleTick(store, clock.now(), silentLogger)).enqueued).toBe(1);
    const transports = new TransportRegistry();
    transports.register(server.instance.transport!);
    const outcomes: DeliveryOutcome[] = [];
    const worker = createDeliveryWorker({
      store,
      composer: createDigestService({ store, taxonomy, clock, logger: silentLogger }),
      transports,
      clock,
      logger: silentLogger,
      random: () => 0,
      policy: { ...DEFAULT_RETRY_POLICY, baseMs: 1_000 },
      onOutcome: (o) => outcomes.push(o),
    });
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
    expect(waiting!.lastError).toBe('outcome_unknown: the teams transport has no recovery probe; retrying after 60 s');
    expect(waiting!.nextAttemptAt.getTime() - waiting!.lastPostAt!.getTime()).toBe(BLIND_RETRY_MS);
    clock.set(new Date(firstAttempt + BLIND_RETRY_MS + 1_000));
    await worker.runOnce();
    expect(connector.posts(CHANNEL).length).toBe(2);
    const sent = (await store.deliveries.list())[0]!;
    expect([sent.status, sent.guarantee]).toEqual(['sent', 'at-most-one-duplicate']);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(1);
  }, 60_000);
});
