import { createSlackPlugin } from '../../adapters/slack/slack-plugin.js';
import { unescapeSlackText } from '../../adapters/slack/mrkdwn-escape.js';
import { ManualClock } from '../../src/clock.js';
import { createCore } from '../../src/core/create-core.js';
import { TransportRegistry } from '../../src/delivery/transport.js';
import { createScheduler } from '../../src/delivery/scheduler.js';
import type { Item } from '../../src/items/item.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { HttpServer } from '../../src/server/http-server.js';
import type { PluginInstance } from '../../src/server/platform-plugin.js';
import type { Store } from '../../src/store/store.js';
import type { AdapterHarness } from '../contract/adapter-contract.js';
import { HOSTILE_TITLE, INGEST_TIME, hostileItem, seededStoreCache, useSeededHarness } from '../helpers/seeded-store.js';
import { FakeSlackServer, type RecordedCall } from '../helpers/fake-slack-server.js';
import { formBody, payloadBody, postSigned } from '../helpers/slack-signing.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';

export const SIGNING_SECRET = 'contract-signing-secret-0123456789';
export const TEAM = 'T_TEST';
export const DEFAULT_CHANNEL = 'C_GENERAL';

const logger = process.env.SLACK_TEST_LOG ? createLogger({ level: process.env.SLACK_TEST_LOG }) : silentLogger;

export const HOSTILE_ITEM: Item = hostileItem(
  'A ransomware gang encrypted hospital systems and demanded a ransom. <!here> The ransomware attack disrupted emergency care for two days, officials said. <@U12345> Investigators traced the ransomware to a known group.',
);

const seeded = seededStoreCache([HOSTILE_ITEM], logger);
/** One store per test file, seeded once with the bundled samples and the hostile item through the real pipeline. */
export const seededStore = (): Promise<Store> => seeded.get();
export const closeSeededStore = (): Promise<void> => seeded.close();

/** A fresh Slack harness per test on the store seeded once per file (see useSeededHarness). */
export const useSlackHarness = (set: (h: SlackHarness) => void): void => useSeededHarness(seeded, startSlackHarness, set);

/** What a Slack user sees in a message, as plain text. */
export function visibleText(message: Record<string, unknown>): string {
  const lines: string[] = [];
  const blocks = (message.blocks ?? []) as Record<string, any>[];
  for (const b of blocks) {
    if (b.type === 'header' || b.type === 'section') lines.push(b.text.text);
    if (b.type === 'context') lines.push(b.elements.map((e: { text: string }) => e.text).join(' '));
    if (b.type === 'actions') lines.push(b.elements.map((e: { text: { text: string } }) => `[${e.text.text}]`).join(' '));
  }
  if (!blocks.length && typeof message.text === 'string') lines.push(message.text);
  // Links render as their label.
  return unescapeSlackText(lines.join('\n').replace(/<(https?:[^|>]+)\|([^>]*)>/g, '$2'));
}

export interface SlackHarness extends AdapterHarness {
  slack: FakeSlackServer;
  store: Store;
  clock: ManualClock;
  url: string;
  instance: PluginInstance;
  /** The scheduler and outbox worker over the Slack transport (`digest post` is delivered by `worker.runOnce()`). */
  scheduler: ReturnType<typeof createScheduler>;
  /** POST a signed slash command; returns the HTTP ack (status, body) and how long it took. */
  slash(text: string, where?: { channel?: string; workspace?: string; user?: string; responseId?: string }): Promise<{ status: number; body: string; ms: number }>;
}

let commandCounter = 0;

/** The real HTTP server + Slack plugin + core over the seeded store, talking to a fake Slack. */
export async function startSlackHarness(): Promise<SlackHarness> {
  const store = await seededStore();
  // Tests share the seeded items; channel state starts empty for each harness.
  for (const table of ['sent_stories', 'deliveries', 'channels']) await store.database.query(`DELETE FROM ${table}`);
  const clock = new ManualClock(INGEST_TIME);
  const slack = await new FakeSlackServer().start();
  const core = await createCore({ store, clock, logger, env: {} });
  const http = new HttpServer({ logger });
  const address = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;
  const env = { SLACK_BOT_TOKEN: 'xoxb-contract', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slack.apiUrl, SLACK_CHANNEL_INTERVAL_MS: '0' };
  const instance = (await createSlackPlugin().start({ sink: core.sink, ports: createAdapterPorts(store), logger, clock, env, http, publicUrl: url }))!;
  const transports = new TransportRegistry();
  transports.register(instance.transport!);
  const scheduler = createScheduler({ store, composer: core.digests, transports, clock, logger, leaseMs: 60_000, pollMs: 1_000, concurrency: 2 });
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  async function slash(text: string, where: { channel?: string; workspace?: string; user?: string; responseId?: string } = {}) {
    const body = formBody({
      token: 'legacy-verification-token',
      team_id: where.workspace ?? TEAM,
      team_domain: 'example',
      channel_id: where.channel ?? DEFAULT_CHANNEL,
      channel_name: 'cyber-policy',
      user_id: where.user ?? 'U_ALICE',
      user_name: 'alice',
      command: '/cyberpolicy',
      text,
      api_app_id: 'A_APP',
      is_enterprise_install: 'false',
      response_url: slack.responseUrl(where.responseId ?? `cmd-${++commandCounter}`),
      trigger_id: '13345224609.738474920.8088930838d88f008e0',
    });
    const started = performance.now();
    const response = await postSigned(`${url}/slack/events`, body, { signingSecret: SIGNING_SECRET, timestampSeconds: nowSeconds() });
    const responseBody = await response.text();
    return { status: response.status, body: responseBody, ms: performance.now() - started };
  }

  /** The ack payload plus whatever arrives at response_url (or as channel posts) for this interaction. */
  async function collect(responseId: string, ack: string, postsBefore: number): Promise<{ text: string; raw: unknown[] }> {
    const raw: Record<string, unknown>[] = [];
    if (ack) raw.push(JSON.parse(ack) as Record<string, unknown>);
    const mine = () => slack.responses.filter((r) => r.path === `/response/${responseId}`).map((r) => r.body);
    if (!ack) {
      for (let i = 0; i < 400 && mine().length === 0 && slack.posts().length === postsBefore; i++) await new Promise((r) => setTimeout(r, 25));
      // A multi-part answer arrives as several posts in a row; give the rest a moment.
      await new Promise((r) => setTimeout(r, 100));
    }
    raw.push(...mine(), ...slack.posts().slice(postsBefore).map((p) => p.args));
    return { text: raw.map(visibleText).join('\n'), raw };
  }

  return {
    platform: 'slack',
    slack,
    store,
    clock,
    url,
    instance,
    scheduler,
    slash,
    async command(text, where = {}) {
      const responseId = `cmd-${++commandCounter}`;
      const before = slack.posts().length;
      const ack = await slash(text, { ...where, responseId });
      if (ack.status !== 200) throw new Error(`slash command got HTTP ${ack.status}: ${ack.body}`);
      return collect(responseId, ack.body, before);
    },
    async press(actionId, value, where = {}) {
      const responseId = `act-${++commandCounter}`;
      const before = slack.posts().length;
      const channel = where.channel ?? DEFAULT_CHANNEL;
      const team = where.workspace ?? TEAM;
      const payload = {
        type: 'block_actions',
        user: { id: 'U_ALICE', username: 'alice', name: 'alice', team_id: team },
        api_app_id: 'A_APP',
        token: 'legacy-verification-token',
        container: { type: 'message', message_ts: '1764331200.000001', channel_id: channel, is_ephemeral: true },
        trigger_id: '13345224609.738474920.8088930838d88f008e0',
        team: { id: team, domain: 'example' },
        enterprise: null,
        is_enterprise_install: false,
        channel: { id: channel, name: 'cyber-policy' },
        state: { values: {} },
        response_url: slack.responseUrl(responseId),
        actions: [{ action_id: `${actionId}:0`, block_id: 'b1', text: { type: 'plain_text', text: actionId, emoji: true }, value, type: 'button', action_ts: '1764331260.123456' }],
      };
      const response = await postSigned(`${url}/slack/events`, payloadBody(payload), { signingSecret: SIGNING_SECRET, timestampSeconds: nowSeconds() });
      const ack = await response.text();
      if (response.status !== 200) throw new Error(`button press got HTTP ${response.status}: ${ack}`);
      return collect(responseId, ack, before);
    },
    async posted(where = {}) {
      const channel = where.channel ?? DEFAULT_CHANNEL;
      return slack.posts(channel).filter((p) => !p.args.thread_ts).map((p: RecordedCall) => ({ text: visibleText(p.args), raw: p.args }));
    },
    async runSchedulerAt(now) {
      clock.set(now);
      await scheduler.runAt(new Date(now));
    },
    async close() {
      await scheduler.stop(1000).catch(() => undefined);
      await instance.stop();
      await http.close();
      await slack.close();
    },
  };
}

export { HOSTILE_TITLE, INGEST_TIME };
