import { afterEach, describe, expect, it } from 'vitest';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { formBody, postSigned } from '../helpers/slack-signing.js';
import { spawnServe, type ServeProcess } from '../helpers/spawn-serve.js';
import { visibleText } from './slack-harness.js';

const SECRET = 'serve-signing-secret-0123456789';

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  for (const end = Date.now() + ms; !check() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
  expect(check()).toBe(true);
}

/** The built CLI (`cyberpolicy serve`) with Slack configured, against the fake Slack: the plugin as shipped. */
describe('cyberpolicy serve with Slack', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  it('starts the Slack adapter, answers signed commands on /slack/events and posts digests with chat.postMessage', async () => {
    const slack = await new FakeSlackServer().start();
    cleanups.push(() => slack.close());
    const serve: ServeProcess = await spawnServe({ SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slack.apiUrl, SAMPLES: '1', SCHEDULER: '1' }, 150_000);
    cleanups.push(() => serve.stop());
    expect(serve.logs()).toContain(`slack: HTTP /slack/events, single workspace, API ${slack.apiUrl} (workspace T_TEST, bot U_BOT)`);
    expect(serve.logs()).not.toContain('xoxb-serve');
    expect(serve.logs()).not.toContain(SECRET);

    const send = async (text: string, id: string) => {
      const body = formBody({ team_id: 'T_TEST', channel_id: 'C_SERVE', user_id: 'U_ALICE', command: '/cyberpolicy', text, response_url: slack.responseUrl(id) });
      const response = await postSigned(`${serve.url}/slack/events`, body, { signingSecret: SECRET, timestampSeconds: Math.floor(Date.now() / 1000) });
      expect(response.status).toBe(200);
      const ack = await response.text();
      if (ack) return visibleText(JSON.parse(ack) as Record<string, unknown>);
      await until(() => slack.responses.some((r) => r.path === `/response/${id}`));
      return slack.responses.filter((r) => r.path === `/response/${id}`).map((r) => visibleText(r.body)).join('\n');
    };

    const search = await send('search Kaspersky', 's1');
    expect(search).toContain('Europos Taryba');
    expect(search).toContain('كاسبرسكي');
    await send('subscribe paris-call', 's2');
    await send('digest post', 's3');
    await until(() => slack.posts('C_SERVE').length === 1);
    expect(slack.posts('C_SERVE')[0]!.token).toBe('xoxb-serve');
    expect(visibleText(slack.posts('C_SERVE')[0]!.args)).toMatch(/Paris Call/);

    const forged = await postSigned(`${serve.url}/slack/events`, formBody({ team_id: 'T_TEST', channel_id: 'C_SERVE', user_id: 'U', command: '/cyberpolicy', text: 'list' }), {
      signingSecret: 'forged-secret-0123456789',
      timestampSeconds: Math.floor(Date.now() / 1000),
    });
    expect(forged.status).toBe(401);
  }, 300_000);
});
