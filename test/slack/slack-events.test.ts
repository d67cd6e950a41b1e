import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackPlugin } from '../../adapters/slack/slack-plugin.js';
import { ManualClock } from '../../src/clock.js';
import { InputError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { textReply, type ReplyDocument } from '../../src/replies/reply-document.js';
import { HttpServer } from '../../src/server/http-server.js';
import type { PluginInstance } from '../../src/server/platform-plugin.js';
import { openStore, type Store } from '../../src/store/store.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { formBody, payloadBody, postSigned } from '../helpers/slack-signing.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';

const SECRET = 'test-signing-secret-0123456789';
const NOW = '2026-11-28T12:00:00Z';
const NOW_S = Date.parse(NOW) / 1000;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/slack/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

/** A core stand-in that records what the adapter hands it and answers by script. */
class ScriptedSink implements CommandSink {
  readonly commands: { origin: CommandOrigin; text: string }[] = [];
  readonly actions: { origin: CommandOrigin; action: { id: string; value: string } }[] = [];
  async processCommand(origin: CommandOrigin, text: string): Promise<ReplyDocument> {
    this.commands.push({ origin, text });
    if (text === 'slow') await new Promise((r) => setTimeout(r, 1500));
    if (text === 'boom') throw new Error('database exploded at 10.0.0.5');
    if (text === 'bad') throw new InputError('schedule', 'unknown day "funday"');
    if (text === 'long') return { visibility: 'private', fallbackText: 'Long', blocks: Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `Line ${i}` })) };
    if (text === 'digest post') return { visibility: 'channel', fallbackText: 'Digest', blocks: [{ type: 'header', text: 'Digest' }, { type: 'text', text: 'Story <!channel>' }] };
    return { visibility: 'private', fallbackText: `You said ${text}`, blocks: [{ type: 'text', text: `You said ${text}` }] };
  }
  async processAction(origin: CommandOrigin, action: { id: never; value: string }): Promise<ReplyDocument> {
    this.actions.push({ origin, action });
    return textReply(`Subscribed this channel to ${action.value}.`);
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  expect(check()).toBe(true);
}

describe('Slack adapter over HTTP', () => {
  let slack: FakeSlackServer;
  let http: HttpServer;
  let store: Store;
  let sink: ScriptedSink;
  let clock: ManualClock;
  let instance: PluginInstance | null;
  let base: string;

  async function start(extraEnv: Record<string, string> = {}) {
    slack = await new FakeSlackServer().start();
    http = new HttpServer({ logger: silentLogger });
    sink = new ScriptedSink();
    clock = new ManualClock(NOW);
    const address = await http.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${address.port}`;
    const env = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, SLACK_CHANNEL_INTERVAL_MS: '0', ...extraEnv };
    instance = await slackPlugin.start({ sink, ports: createAdapterPorts(store), logger: silentLogger, clock, env, http, publicUrl: base });
  }

  const command = (text: string, overrides: Record<string, string> = {}) =>
    formBody({ ...(fixture('slash-command') as Record<string, string>), text, response_url: slack.responseUrl('cmd'), ...overrides });
  const send = (body: string, options: { timestampSeconds?: number; secret?: string; contentType?: string } = {}) =>
    postSigned(`${base}/slack/events`, body, { signingSecret: options.secret ?? SECRET, timestampSeconds: options.timestampSeconds ?? NOW_S, contentType: options.contentType });

  // One in-memory store for the file (PGlite start-up is the slow part); each test gets fresh servers.
  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
  });
  afterAll(() => store.close());
  beforeEach(() => start());
  afterEach(async () => {
    await instance?.stop();
    await http.close();
    await slack.close();
  });

  it('checks the bot token with auth.test at start and says how it runs', () => {
    expect(slack.callsOf('auth.test')).toEqual([{ method: 'auth.test', token: 'xoxb-test', args: {} }]);
    expect(instance!.describe()).toBe(`slack: HTTP /slack/events, single workspace, API ${slack.apiUrl} (workspace T_TEST, bot U_BOT)`);
  });

  it('answers a quick slash command inside the ack, ephemeral, with the core reply', async () => {
    const response = await send(command('paris-call'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      response_type: 'ephemeral',
      text: 'You said paris-call',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'You said paris-call', verbatim: true } }],
    });
    expect(sink.commands).toEqual([{ origin: { channelId: 'slack:T_TEST:C_GENERAL', userId: 'slack:U_ALICE' }, text: 'paris-call' }]);
  });

  it('acknowledges a slow command empty, then answers through response_url', async () => {
    const response = await send(command('slow'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    await until(() => slack.responses.length === 1);
    expect(slack.responses).toEqual([
      {
        path: '/response/cmd',
        body: { response_type: 'ephemeral', replace_original: false, text: 'You said slow', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'You said slow', verbatim: true } }] },
      },
    ]);
  });

  it('sends a multi-message answer through response_url, in order, after an empty ack', async () => {
    const response = await send(command('long'));
    expect(await response.text()).toBe('');
    await until(() => slack.responses.length === 2);
    expect(slack.responses.map((r) => [r.body.response_type, r.body.text, (r.body.blocks as unknown[]).length])).toEqual([
      ['ephemeral', 'Long', 50],
      ['ephemeral', '(continued 2/2) Long', 10],
    ]);
  });

  it.each([
    ['a bad signature', { secret: 'wrong-secret-0123456789' }, 'invalid Slack signature'],
    ['a 10-minute-old timestamp', { timestampSeconds: NOW_S - 600 }, 'stale Slack timestamp'],
    ['a timestamp 10 minutes ahead', { timestampSeconds: NOW_S + 600 }, 'stale Slack timestamp'],
  ])('refuses %s with 401 and runs nothing', async (_name, options, message) => {
    const response = await send(command('paris-call'), options);
    expect(response.status).toBe(401);
    expect(await response.text()).toBe(`${message}\n`);
    expect(sink.commands).toEqual([]);
    expect(slack.responses).toEqual([]);
  });

  it('refuses a request without signature headers with 401', async () => {
    const response = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: command('paris-call') });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('missing Slack signature headers\n');
    expect(sink.commands).toEqual([]);
  });

  it('accepts a timestamp 4 minutes old (the window is 5)', async () => {
    expect((await send(command('list'), { timestampSeconds: NOW_S - 240 })).status).toBe(200);
    expect(sink.commands.length).toBe(1);
  });

  it('answers 10 KB of junk with a clear error and does not call the core', async () => {
    const response = await send(command('x'.repeat(10_240)));
    expect(await response.json()).toEqual({
      response_type: 'ephemeral',
      text: 'That command is 10,240 characters long; the limit is 2,000. Type `/cyberpolicy help` to see the commands.',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: 'That command is 10,240 characters long; the limit is 2,000. Type `/cyberpolicy help` to see the commands.' } }],
    });
    expect(sink.commands).toEqual([]);
  });

  it('shows our errors with the help line and hides internal ones', async () => {
    expect(((await (await send(command('bad'))).json()) as { text: string }).text).toBe('schedule: unknown day "funday"\nType `/cyberpolicy help` to see the commands.');
    const internal = (await (await send(command('boom'))).json()) as { text: string; response_type: string };
    expect(internal).toMatchObject({ response_type: 'ephemeral', text: 'Sorry, that did not work (internal error). Try again in a minute. Type `/cyberpolicy help` to see the commands.' });
  });

  it('posts a channel reply with exactly one chat.postMessage and acks empty', async () => {
    const response = await send(command('digest post'));
    expect(await response.text()).toBe('');
    await until(() => slack.posts().length === 1);
    expect(slack.posts()).toEqual([
      {
        method: 'chat.postMessage',
        token: 'xoxb-test',
        args: {
          channel: 'C_GENERAL',
          text: 'Digest',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'Digest' } },
            { type: 'section', text: { type: 'mrkdwn', text: 'Story &lt;!channel&gt;', verbatim: true } },
          ],
          unfurl_links: 'false',
          unfurl_media: 'false',
        },
      },
    ]);
    expect(slack.responses).toEqual([]);
  });

  it('tells the user privately when a channel post fails', async () => {
    slack.members = new Set();
    slack.unjoinable.add('C_GENERAL');
    await send(command('digest post'));
    await until(() => slack.responses.length === 1);
    expect(slack.responses[0]!.body.text).toBe(
      'The bot is not in channel C_GENERAL and could not join it (method_not_supported_for_channel_type). Invite it: type /invite @cyberpolicy in the channel.\nType `/cyberpolicy help` to see the commands.',
    );
  });

  it('routes a button press to the core for the channel it was pressed in and confirms privately', async () => {
    const payload = { ...fixture('block-actions'), channel: { id: 'C_BTN', name: 'btn' }, response_url: slack.responseUrl('act') };
    const response = await send(payloadBody(payload));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    await until(() => slack.responses.length === 1);
    expect(sink.actions).toEqual([{ origin: { channelId: 'slack:T_TEST:C_BTN', userId: 'slack:U_ALICE' }, action: { id: 'subscribe_topic', value: 'ransomware' } }]);
    expect(slack.responses[0]).toEqual({
      path: '/response/act',
      body: {
        response_type: 'ephemeral',
        replace_original: false,
        text: 'Subscribed this channel to ransomware.',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Subscribed this channel to ransomware.', verbatim: true } }],
      },
    });
  });

  it('answers url_verification with the challenge', async () => {
    const response = await send(JSON.stringify(fixture('url-verification')), { contentType: 'application/json' });
    expect(await response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('keeps the workspace when tokens_revoked names only user tokens', async () => {
    await store.installations.save('slack:T_TEST', 'slack', { teamId: 'T_TEST', botToken: 'xoxb-x' }, clock.now());
    const event = fixture('tokens-revoked');
    event.event = { type: 'tokens_revoked', tokens: { oauth: ['U_ALICE'], bot: [] } };
    expect((await send(JSON.stringify(event), { contentType: 'application/json' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.installations.get('slack:T_TEST')).toEqual({ teamId: 'T_TEST', botToken: 'xoxb-x' });
  });

  it.each(['app-uninstalled', 'tokens-revoked'])('on %s forgets the workspace tokens and stops its channels', async (name) => {
    const now = clock.now();
    await store.installations.save('slack:T_TEST', 'slack', { teamId: 'T_TEST', botToken: 'xoxb-x' }, now);
    await store.channels.getOrCreate('slack:T_TEST:C1', now);
    await store.channels.getOrCreate('slack:T_OTHER:C1', now);
    const response = await send(JSON.stringify(fixture(name)), { contentType: 'application/json' });
    expect(response.status).toBe(200);
    // Bolt acks events before the listener runs: wait for its effect.
    for (let i = 0; i < 200 && (await store.installations.get('slack:T_TEST')) !== null; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await store.installations.get('slack:T_TEST')).toBe(null);
    expect((await store.channels.get('slack:T_TEST:C1'))!.disabledReason).toBe('slack app uninstalled or token revoked');
    expect((await store.channels.get('slack:T_OTHER:C1'))!.disabledReason).toBe(null);
  });
});
