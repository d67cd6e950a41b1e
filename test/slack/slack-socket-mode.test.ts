import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackPlugin } from '../../adapters/slack/slack-plugin.js';
import { ManualClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { textReply } from '../../src/replies/reply-document.js';
import { HttpServer } from '../../src/server/http-server.js';
import type { PluginInstance } from '../../src/server/platform-plugin.js';
import { openStore, type Store } from '../../src/store/store.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 250 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(check()).toBe(true);
}

describe('Slack Socket Mode', () => {
  let slack: FakeSlackServer;
  let store: Store;
  let http: HttpServer;
  let instance: PluginInstance | null;
  const seen: { origin: CommandOrigin; text: string }[] = [];
  const sink: CommandSink = {
    processCommand: async (origin, text) => {
      seen.push({ origin, text });
      return textReply(`You said ${text}`);
    },
    processAction: async () => textReply('ok'),
  };

  beforeAll(async () => {
    slack = await new FakeSlackServer().start();
    store = await openStore({ dataDir: 'memory://' });
    http = new HttpServer({ logger: silentLogger });
    const env = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-1-test', SLACK_API_URL: slack.apiUrl };
    instance = await slackPlugin.start({ sink, ports: createAdapterPorts(store), logger: silentLogger, clock: new ManualClock('2026-11-28T12:00:00Z'), env, http, publicUrl: 'http://127.0.0.1:1' });
  });
  afterAll(async () => {
    await instance?.stop();
    await slack.close();
    await store.close();
  });

  it('connects with the app token and registers no HTTP events route', async () => {
    expect(slack.callsOf('apps.connections.open').map((c) => c.token)).toEqual(['xapp-1-test']);
    expect(slack.socketCount).toBe(1);
    expect(instance!.describe()).toBe(`slack: Socket Mode, single workspace, API ${slack.apiUrl} (workspace T_TEST, bot U_BOT)`);
  });

  it('answers a slash command envelope with the reply in the ack', async () => {
    slack.sendEnvelope({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { team_id: 'T_TEST', channel_id: 'C_SOCK', user_id: 'U_ALICE', command: '/cyberpolicy', text: 'list', response_url: slack.responseUrl('s') },
    });
    await until(() => slack.socketMessages.length === 1);
    expect(slack.socketMessages).toEqual([
      {
        envelope_id: 'env-1',
        payload: { response_type: 'ephemeral', text: 'You said list', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'You said list', verbatim: true } }] },
      },
    ]);
    expect(seen).toEqual([{ origin: { channelId: 'slack:T_TEST:C_SOCK', userId: 'slack:U_ALICE' }, text: 'list' }]);
  });
});
