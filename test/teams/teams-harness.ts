import { ManualClock } from '../../src/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { createScheduler } from '../../src/delivery/scheduler.js';
import { TransportRegistry } from '../../src/delivery/transport.js';
import type { Item } from '../../src/items/item.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { HttpServer } from '../../src/server/http-server.js';
import type { PluginInstance } from '../../src/server/platform-plugin.js';
import type { Store } from '../../src/store/store.js';
import { createTeamsPlugin, type TeamsPluginOptions } from '../../adapters/teams/teams-plugin.js';
import type { AdapterHarness } from '../contract/adapter-contract.js';
import { HOSTILE_TITLE, INGEST_TIME, hostileItem, seededStoreCache, useSeededHarness } from '../helpers/seeded-store.js';
import { FakeBotConnector, type ConnectorCall } from '../helpers/fake-bot-connector.js';
import { CHANNEL, TENANT, buttonPress, cardsOf, cardText, channelMessage } from './teams-test-kit.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';


const logger = process.env.TEAMS_TEST_LOG ? createLogger({ level: process.env.TEAMS_TEST_LOG }) : silentLogger;

export const HOSTILE_ITEM: Item = hostileItem(
  'A ransomware gang encrypted hospital systems and demanded a ransom. <at>Everyone</at> The ransomware attack disrupted emergency care for two days, officials said. [click](https://evil.example) Investigators traced the ransomware to a known group.',
);

const seeded = seededStoreCache([HOSTILE_ITEM], logger);
/** One store per test file, seeded once with the bundled samples and the hostile item through the real pipeline. */
export const seededStore = (): Promise<Store> => seeded.get();
export const closeSeededStore = (): Promise<void> => seeded.close();

/** A fresh Teams harness per test on the store seeded once per file (see useSeededHarness). */
export const useTeamsHarness = (set: (h: TeamsHarness) => void): void => useSeededHarness(seeded, startTeamsHarness, set);

/** Contract channel names ("C_ONE") become Teams channel conversation ids. */
export function teamsConversation(channel: string | undefined): string {
  if (!channel) return CHANNEL;
  return channel.startsWith('19:') || channel.startsWith('a:') ? channel : `19:${channel.toLowerCase().replace(/[^a-z0-9]/g, '')}@thread.tacv2`;
}

/** What a Teams user sees of the activities the connector received. */
export function seen(calls: ConnectorCall[]): string {
  return calls
    .flatMap((c) => cardsOf(c).map(cardText).concat(typeof c.body.text === 'string' ? [c.body.text] : []))
    .join('\n');
}

export interface TeamsHarness extends AdapterHarness {
  connector: FakeBotConnector;
  store: Store;
  clock: ManualClock;
  core: Core;
  url: string;
  instance: PluginInstance;
  /** POSTs a raw activity to /api/messages and returns the HTTP status. */
  send(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<number>;
}

/** The real server + Teams plugin + core (over the seeded store) + scheduler, with a fake Bot Connector. */
export async function startTeamsHarness(options: { env?: NodeJS.ProcessEnv; plugin?: TeamsPluginOptions } = {}): Promise<TeamsHarness> {
  const store = await seededStore();
  // Tests share the seeded items; channel state starts empty for each harness.
  for (const table of ['sent_stories', 'deliveries', 'channels', 'conversation_refs']) await store.database.query(`DELETE FROM ${table}`);
  const clock = new ManualClock(INGEST_TIME);
  const connector = await new FakeBotConnector().start();
  const core = await createCore({ store, clock, logger, env: {} });
  const http = new HttpServer({ logger });
  const address = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  const plugin = createTeamsPlugin({ sleep: async (ms) => clock.advance(ms), random: () => 0.5, ...options.plugin });
  const instance = (await plugin.start({ sink: core.sink, ports: createAdapterPorts(store), logger, clock, env: options.env ?? {}, http, publicUrl: url }))!;
  const transports = new TransportRegistry();
  transports.register(instance.transport!);
  const scheduler = createScheduler({ store, composer: core.digests, transports, clock, logger, leaseMs: 60_000, pollMs: 1_000, concurrency: 2 });

  async function send(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
    const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    await response.arrayBuffer();
    return response.status;
  }

  /** Replies are sent before /api/messages answers, so everything new since `before` is this interaction's. */
  async function interact(activity: Record<string, any>): Promise<{ text: string; raw: unknown[] }> {
    const before = connector.calls.length;
    const status = await send(activity);
    if (status !== 200) throw new Error(`/api/messages answered ${status}`);
    const calls = connector.calls.slice(before).filter((c) => c.status < 300);
    return { text: seen(calls), raw: calls.map((c) => c.body) };
  }

  return {
    platform: 'teams',
    connector,
    store,
    clock,
    core,
    url,
    instance,
    send,
    async command(text, where = {}) {
      return interact(channelMessage(connector.url, text, { conversation: teamsConversation(where.channel), tenant: where.workspace ?? TENANT }));
    },
    async press(actionId, value, where = {}) {
      return interact(buttonPress(connector.url, actionId, value, { conversation: teamsConversation(where.channel), tenant: where.workspace ?? TENANT }));
    },
    async posted(where = {}) {
      // Proactive top-level posts only: replies to commands name the activity they answer, thread continuations carry ;messageid=.
      const conversation = teamsConversation(where.channel);
      return connector
        .posts(conversation)
        .filter((c) => c.activityId === null && c.conversationId === conversation)
        .map((c) => ({ text: seen([c]), raw: c.body }));
    },
    async runSchedulerAt(now) {
      clock.set(now);
      await scheduler.runAt(new Date(now));
    },
    async close() {
      await scheduler.stop(1000).catch(() => undefined);
      await instance.stop();
      await http.close();
      await connector.stop();
    },
  };
}

export { HOSTILE_TITLE, INGEST_TIME };
