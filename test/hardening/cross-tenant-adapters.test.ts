import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { slackPlugin } from '../../adapters/slack/slack-plugin.js';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { textReply, type ReplyDocument } from '../../src/replies/reply-document.js';
import { HttpServer } from '../../src/server/http-server.js';
import type { PluginInstance } from '../../src/server/platform-plugin.js';
import { openStore, type Store } from '../../src/store/store.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { formBody, payloadBody, postSigned } from '../helpers/slack-signing.js';
import { buttonPress, channelMessage, clearTeamsState, startTeamsServer, TENANT, type TeamsServer } from '../teams/teams-test-kit.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';

// Issue 9 "Tenants": the core acts only on origin.channelId (test/commands/channel-isolation.test.ts proves it
// for every command and action). These cases prove the adapters build that origin only from the platform's own
// envelope (signed Slack body, authenticated Teams activity), never from anything a user can put in a command,
// a button value or a mismatched field, so workspace/tenant A can never address B.
const SECRET = 'cross-tenant-signing-secret-01';
const NOW = '2026-11-28T12:00:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const OTHER_TENANT = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';

class RecordingSink implements CommandSink {
  readonly commands: { origin: CommandOrigin; text: string }[] = [];
  readonly actions: { origin: CommandOrigin; id: string; value: string }[] = [];
  async processCommand(origin: CommandOrigin, text: string): Promise<ReplyDocument> {
    this.commands.push({ origin, text });
    return textReply('ok');
  }
  async processAction(origin: CommandOrigin, action: { id: string; value: string }): Promise<ReplyDocument> {
    this.actions.push({ origin, id: action.id, value: action.value });
    return textReply('ok');
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
}

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
}, 120_000);
afterAll(() => store.close());

describe('Slack: origin comes from the signed envelope only', () => {
  let slack: FakeSlackServer;
  let http: HttpServer;
  let instance: PluginInstance | null = null;
  let sink: RecordingSink;
  let base: string;

  beforeAll(async () => {
    slack = await new FakeSlackServer().start();
    http = new HttpServer({ logger: silentLogger });
    sink = new RecordingSink();
    base = `http://127.0.0.1:${(await http.listen(0, '127.0.0.1')).port}`;
    const env = { SLACK_BOT_TOKEN: 'xoxb-cross', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, SLACK_CHANNEL_INTERVAL_MS: '0' };
    instance = await slackPlugin.start({ sink, ports: createAdapterPorts(store), logger: silentLogger, clock: new ManualClock(NOW), env, http, publicUrl: base });
  }, 60_000);
  afterAll(async () => {
    await instance?.stop();
    await http.close();
    await slack.close();
  });
  afterEach(() => {
    sink.commands.length = 0;
    sink.actions.length = 0;
  });

  const send = (body: string) => postSigned(`${base}/slack/events`, body, { signingSecret: SECRET, timestampSeconds: NOW_S });
  const blockActions = JSON.parse(readFileSync(new URL('../fixtures/slack/block-actions.json', import.meta.url), 'utf8')) as Record<string, unknown>;

  it('a button whose value names another workspace\'s channel acts on the channel it was pressed in', async () => {
    for (const value of ['slack:T_B:C_B', 'teams:tenantB:19:abc@thread.tacv2', '../T_B/C_B']) {
      const payload = { ...blockActions, team: { id: 'T_A', domain: 'a' }, user: { id: 'U_A', team_id: 'T_A' }, channel: { id: 'C_A', name: 'a' }, actions: [{ action_id: 'subscribe_topic:0', type: 'button', value, block_id: 'b', action_ts: '1' }], response_url: slack.responseUrl(`v-${value}`) };
      expect((await send(payloadBody(payload))).status).toBe(200);
    }
    await until(() => sink.actions.length === 3);
    expect(sink.actions.map((a) => a.origin)).toEqual(Array(3).fill({ channelId: 'slack:T_A:C_A', userId: 'slack:U_A' }));
    expect(sink.actions.map((a) => a.value)).toEqual(['slack:T_B:C_B', 'teams:tenantB:19:abc@thread.tacv2', '../T_B/C_B']);
  });

  it('a slash command naming another channel in its text, or with a colon-laden channel id, stays in its own workspace', async () => {
    const command = (fields: Record<string, string>) => formBody({ team_id: 'T_A', channel_id: 'C_A', user_id: 'U_A', command: '/cyberpolicy', response_url: slack.responseUrl('c'), ...fields });
    expect((await send(command({ text: 'list slack:T_B:C_B' }))).status).toBe(200);
    expect((await send(command({ text: 'list', channel_id: 'C_A:T_B:C_B' }))).status).toBe(200);
    await until(() => sink.commands.length === 2);
    expect(sink.commands[0]).toEqual({ origin: { channelId: 'slack:T_A:C_A', userId: 'slack:U_A' }, text: 'list slack:T_B:C_B' });
    // Whatever a hostile channel id becomes, it stays under workspace T_A.
    expect(sink.commands[1]!.origin.channelId.startsWith('slack:T_A:')).toBe(true);
    expect(sink.commands[1]!.origin.channelId).not.toMatch(/^slack:T_B:/);
  });

  it('the same request signed with another app\'s secret reaches nobody', async () => {
    const body = formBody({ team_id: 'T_B', channel_id: 'C_B', user_id: 'U_B', command: '/cyberpolicy', text: 'unsubscribe all' });
    const forged = await postSigned(`${base}/slack/events`, body, { signingSecret: 'another-apps-secret-0123', timestampSeconds: NOW_S });
    expect(forged.status).toBe(401);
    expect(sink.commands).toEqual([]);
  });
});

describe('Teams: origin comes from the activity\'s own tenant and conversation', () => {
  let server: TeamsServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
    await clearTeamsState(store);
  });

  it('a message whose channelData tenant and conversation tenant disagree is ignored', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    const activity = channelMessage(server.connector.url, 'unsubscribe all');
    activity.conversation.tenantId = OTHER_TENANT;
    expect(await server.send(activity)).toBe(200);
    const press = buttonPress(server.connector.url, 'unsubscribe_all', 'all');
    press.channelData.tenant.id = OTHER_TENANT;
    expect(await server.send(press)).toBe(200);
    expect(sink.commands).toEqual([]);
    expect(sink.actions).toEqual([]);
    expect(server.connector.calls).toEqual([]);
    expect(await store.conversations.get(`teams:${TENANT}:19:7d3b6a1c9e2f4b8a@thread.tacv2`)).toBeNull();
    expect(await store.conversations.get(`teams:${OTHER_TENANT}:19:7d3b6a1c9e2f4b8a@thread.tacv2`)).toBeNull();
  });

  it('the same conversation id in two tenants gives two different channels', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    expect(await server.send(channelMessage(server.connector.url, 'list'))).toBe(200);
    expect(await server.send(channelMessage(server.connector.url, 'list', { tenant: OTHER_TENANT }))).toBe(200);
    expect(sink.commands.map((c) => c.origin.channelId)).toEqual([`teams:${TENANT}:19:7d3b6a1c9e2f4b8a@thread.tacv2`, `teams:${OTHER_TENANT}:19:7d3b6a1c9e2f4b8a@thread.tacv2`]);
  });

  it('a button whose value names another tenant\'s channel acts on the conversation it was pressed in', async () => {
    const sink = new RecordingSink();
    server = await startTeamsServer({ sink, store });
    expect(await server.send(buttonPress(server.connector.url, 'subscribe_topic', `teams:${OTHER_TENANT}:19:abc@thread.tacv2`))).toBe(200);
    expect(sink.actions).toEqual([{ origin: { channelId: `teams:${TENANT}:19:7d3b6a1c9e2f4b8a@thread.tacv2`, userId: 'teams:6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', locale: 'en-US' }, id: 'subscribe_topic', value: `teams:${OTHER_TENANT}:19:abc@thread.tacv2` }]);
  });
});
