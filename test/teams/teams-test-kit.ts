import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createLogger, silentLogger, type Logger } from '../../src/logger.js';
import type { CommandSink } from '../../src/platform/command-sink.js';
import { HttpServer } from '../../src/server/http-server.js';
import type { PluginInstance } from '../../src/server/platform-plugin.js';
import type { Store } from '../../src/store/store.js';
import { openStore } from '../../src/store/store.js';
import { packageRoot } from '../../src/package-root.js';
import { createTeamsPlugin, type TeamsPluginOptions } from '../../adapters/teams/teams-plugin.js';
import { FakeBotConnector, type ConnectorCall } from '../helpers/fake-bot-connector.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';

export const TENANT = '8f4e2c1a-5b6d-4e7f-9a0b-1c2d3e4f5a6b';
export const BOT_ID = '28:11111111-2222-4333-8444-555555555555';
export const CHANNEL = '19:7d3b6a1c9e2f4b8a@thread.tacv2';
export const TEAM = '19:0a1b2c3d4e5f6a7b@thread.tacv2';
export const PERSONAL = 'a:1pErSoNaLcHaTiD0123456789abcdefABCDEF';

type Json = Record<string, any>;

/** A recorded activity from test/fixtures/teams, pointed at the fake connector. */
export function fixture(name: string, serviceUrl: string): Json {
  const activity = JSON.parse(readFileSync(join(packageRoot(), 'test/fixtures/teams', `${name}.json`), 'utf8')) as Json;
  activity.serviceUrl = `${serviceUrl}/`;
  return activity;
}

let sequence = 0;

/** A channel message as Teams sends it: `<at>cyberpolicy</at> text` with the mention entity. */
export function channelMessage(serviceUrl: string, text: string, where: { conversation?: string; tenant?: string; mention?: boolean } = {}): Json {
  const activity = fixture('channel-message-mention', serviceUrl);
  const conversation = where.conversation ?? CHANNEL;
  const tenant = where.tenant ?? TENANT;
  const id = String(1764331200000 + ++sequence);
  activity.id = id;
  activity.conversation.id = `${conversation};messageid=${id}`;
  activity.conversation.tenantId = tenant;
  activity.channelData.tenant.id = tenant;
  activity.channelData.channel.id = conversation;
  activity.channelData.teamsChannelId = conversation;
  if (where.mention === false) {
    activity.text = text;
    activity.entities = activity.entities.filter((e: Json) => e.type !== 'mention');
  } else {
    activity.text = `<at>cyberpolicy</at> ${text}\n`;
  }
  delete activity.attachments;
  return activity;
}

export function personalMessage(serviceUrl: string, text: string): Json {
  const activity = fixture('personal-message', serviceUrl);
  activity.id = String(1764331500000 + ++sequence);
  activity.text = text;
  return activity;
}

export function buttonPress(serviceUrl: string, action: string, value: string, where: { conversation?: string; tenant?: string } = {}): Json {
  const activity = fixture('card-submit-channel', serviceUrl);
  const conversation = where.conversation ?? CHANNEL;
  const tenant = where.tenant ?? TENANT;
  activity.id = `f:press-${++sequence}`;
  activity.conversation.id = `${conversation};messageid=1764331200123`;
  activity.conversation.tenantId = tenant;
  activity.channelData.tenant.id = tenant;
  activity.channelData.channel.id = conversation;
  activity.value = { action, value };
  return activity;
}

export interface TeamsServer {
  url: string;
  connector: FakeBotConnector;
  store: Store;
  clock: ManualClock;
  instance: PluginInstance;
  /** POSTs an activity to /api/messages; returns the HTTP status. */
  send(activity: Json, headers?: Record<string, string>): Promise<number>;
  close(): Promise<void>;
}

/** Empties what the Teams adapter writes, so tests can share one store (PGlite takes seconds to open). */
export async function clearTeamsState(store: Store): Promise<void> {
  await store.database.query('DELETE FROM conversation_refs');
  await store.database.query('DELETE FROM channels');
}

export interface TeamsServerOptions {
  sink: CommandSink | ((store: Store, clock: ManualClock) => Promise<CommandSink>);
  env?: NodeJS.ProcessEnv;
  store?: Store;
  clock?: ManualClock;
  plugin?: TeamsPluginOptions;
  logger?: Logger;
  connector?: FakeBotConnector;
}

/** The real HTTP server with the Teams plugin, over `sink` and a store, plus a fake Bot Connector. */
export async function startTeamsServer(options: TeamsServerOptions): Promise<TeamsServer> {
  const connector = options.connector ?? (await new FakeBotConnector().start());
  const ownStore = !options.store;
  const store = options.store ?? (await openStore({ dataDir: 'memory://' }));
  const clock = options.clock ?? new ManualClock('2026-11-28T12:00:00Z');
  const sink = typeof options.sink === 'function' ? await options.sink(store, clock) : options.sink;
  // TEAMS_TEST_LOG=debug shows the adapter's log lines when a test needs explaining.
  const logger = options.logger ?? (process.env.TEAMS_TEST_LOG ? createLogger({ level: process.env.TEAMS_TEST_LOG }) : silentLogger);
  const http = new HttpServer({ logger });
  // Pauses (rate limits, retries) move the test clock instead of waiting.
  const plugin = createTeamsPlugin({ sleep: async (ms) => clock.advance(ms), random: () => 0.5, ...options.plugin });
  const instance = await plugin.start({ sink, ports: createAdapterPorts(store), logger, clock, env: options.env ?? {}, http, publicUrl: 'http://127.0.0.1' });
  if (!instance) throw new Error('teams plugin did not start');
  const address = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    connector,
    store,
    clock,
    instance,
    async send(activity, headers = {}) {
      const response = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
      await response.arrayBuffer();
      return response.status;
    },
    async close() {
      await instance.stop();
      await http.close();
      if (!options.connector) await connector.stop();
      if (ownStore) await store.close();
    },
  };
}

/**
 * One Teams server for the tests of a describe block: its fake connector starts first (`options` may point
 * the plugin at it: OpenID keys, Graph, identity endpoint), the server is started before all tests and
 * closed after them. With `resetAfterEach`, each test starts with an empty connector record and no
 * conversation references or channels. Read `.server` inside the tests.
 */
export function useTeamsServer(options: (connector: FakeBotConnector) => Omit<TeamsServerOptions, 'connector'> | Promise<Omit<TeamsServerOptions, 'connector'>>, lifecycle: { resetAfterEach?: boolean } = {}): { readonly server: TeamsServer } {
  const handle = {} as { server: TeamsServer };
  beforeAll(async () => {
    const connector = await new FakeBotConnector().start();
    handle.server = await startTeamsServer({ ...(await options(connector)), connector });
  }, 180_000);
  afterAll(async () => {
    await handle.server?.close();
    await handle.server?.connector.stop();
  });
  if (lifecycle.resetAfterEach) {
    afterEach(async () => {
      handle.server.connector.reset();
      await clearTeamsState(handle.server.store);
    });
  }
  return handle;
}

const requireFromHere = createRequire(import.meta.url);
// The package's Node entry needs a DOM; its UMD bundle parses cards without one.
const AdaptiveCards = requireFromHere(join(packageRoot(), 'node_modules/adaptivecards/dist/adaptivecards.js')) as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; toJSON(): unknown };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

/** Parses a card with Microsoft's adaptivecards package; returns every parse error or warning. */
export function adaptiveCardProblems(card: unknown): string[] {
  const parsed = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  // A property the library does not know is silently dropped: catch that by a round trip.
  // `msteams` is Teams' host extension; the library does not model it.
  const { $schema: _a, msteams: _m, ...expected } = card as Json;
  const { $schema: _b, ...actual } = parsed.toJSON() as Json;
  if (JSON.stringify(sortKeys(withoutDefaults(actual))) !== JSON.stringify(sortKeys(withoutDefaults(expected)))) {
    problems.push(`card does not round-trip through adaptivecards:\n${JSON.stringify(expected)}\n${JSON.stringify(actual)}`);
  }
  return problems;
}

function withoutDefaults(value: any): any {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'separator' && v === false) continue;
      out[k] = withoutDefaults(v);
    }
    return out;
  }
  return value;
}

function sortKeys(value: any): any {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  return value;
}

/** The cards of an activity the connector received, each checked with adaptivecards. */
export function cardsOf(call: ConnectorCall): Json[] {
  const attachments = (call.body.attachments ?? []) as { contentType: string; content: Json }[];
  return attachments.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').map((a) => a.content);
}

export function expectValidActivity(call: ConnectorCall): void {
  expect(call.bytes).toBeLessThan(40 * 1024);
  for (const card of cardsOf(call)) {
    expect(card.version).toBe('1.5');
    expect(adaptiveCardProblems(card)).toEqual([]);
  }
}

/** The text a reader sees in a card (TextBlocks and button titles), zero-width spaces removed. */
export function cardText(card: Json): string {
  const out: string[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock' && typeof node.text === 'string') out.push(node.text);
    if (typeof node.type === 'string' && node.type.startsWith('Action.') && typeof node.title === 'string') out.push(`[${node.title}]`);
    for (const key of ['body', 'items', 'actions', 'columns']) if (node[key]) walk(node[key]);
  };
  walk(card);
  return out.join('\n').replaceAll('\u200B', '');
}

/** Everything the connector received for a conversation, flattened to visible text. */
export function visibleText(calls: ConnectorCall[]): string {
  return calls.flatMap((c) => cardsOf(c).map(cardText).concat(typeof c.body.text === 'string' ? [c.body.text] : [])).join('\n');
}
