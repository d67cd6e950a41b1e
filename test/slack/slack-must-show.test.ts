import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { unescapeSlackText } from '../../adapters/slack/mrkdwn-escape.js';
import { checkBlockKit } from '../helpers/fake-slack-server.js';
import { postSigned, formBody } from '../helpers/slack-signing.js';
import { closeSeededStore, HOSTILE_TITLE, seededStore, SIGNING_SECRET, startSlackHarness, type SlackHarness } from './slack-harness.js';

/** Issue 6 "Must show", end to end: real server, real core over the seeded store, fake Slack. */
describe('Slack: issue 6 must-show', () => {
  let h: SlackHarness;
  beforeAll(() => seededStore().then(() => undefined), 180_000);
  afterAll(() => closeSeededStore());
  beforeEach(async () => {
    h = await startSlackHarness();
  });
  afterEach(() => h.close());

  it('acknowledges a signed /cyberpolicy paris-call with blocks about the Paris Call', async () => {
    const reply = await h.command('paris-call');
    const first = reply.raw[0] as { response_type: string; text: string; blocks: { type: string }[] };
    expect(first.response_type).toBe('ephemeral');
    expect(checkBlockKit(first.blocks)).toEqual([]);
    expect(first.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: expect.stringMatching(/Paris Call/) } });
    expect(first.blocks.filter((b) => b.type === 'section').length).toBeGreaterThanOrEqual(2);
    expect(reply.text).toMatch(/Paris Call/);
    expect(reply.text).toMatch(/نداء باريس|Appel de Paris/);
  });

  it('shows the hostile title as plain text, with none of its markup live', async () => {
    const reply = await h.command('ransomware');
    const raw = JSON.stringify(reply.raw);
    expect(raw).not.toMatch(/<!channel>|<@U12345>|<https:\/\/evil\.example\|click>|<!here>/);
    expect(raw).toContain('Hostile &lt;!channel&gt; &lt;@U12345&gt; &lt;https://evil.example');
    // What the reader sees is the title as the feed wrote it.
    expect(unescapeSlackText(reply.text)).toContain(HOSTILE_TITLE);
  });

  it('search Kaspersky answers with both seeds, the Lithuanian and the Arabic one', async () => {
    const reply = await h.command('search Kaspersky');
    expect(reply.text).toContain('Europos Taryba');
    expect(reply.text).toContain('كاسبرسكي');
  });

  it.each([
    ['a bad signature', { signingSecret: 'not-the-secret-0123456789' }],
    ['a 10-minute-old timestamp', { timestampSeconds: Date.parse('2026-11-28T11:50:00Z') / 1000 }],
  ])('refuses %s with 401, and nothing runs', async (_name, override) => {
    const body = formBody({ team_id: 'T_TEST', channel_id: 'C_401', user_id: 'U_ALICE', command: '/cyberpolicy', text: 'subscribe paris-call', response_url: h.slack.responseUrl('401') });
    const response = await postSigned(`${h.url}/slack/events`, body, { signingSecret: SIGNING_SECRET, timestampSeconds: Date.parse('2026-11-28T12:00:00Z') / 1000, ...override });
    expect(response.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(await h.store.channels.get('slack:T_TEST:C_401')).toBe(null);
    expect(h.slack.responses).toEqual([]);
  });

  it('confirms subscribe paris-call and keeps it to that channel', async () => {
    const reply = await h.command('subscribe paris-call', { channel: 'C_SUB' });
    expect(reply.text).toMatch(/Paris Call/);
    expect((reply.raw[0] as { response_type: string }).response_type).toBe('ephemeral');
    expect((await h.store.channels.get('slack:T_TEST:C_SUB'))!.topics).toEqual(['paris-call']);
  });

  it('digest post makes exactly one chat.postMessage to that channel, within 50 blocks and with a text fallback', async () => {
    await h.command('subscribe paris-call', { channel: 'C_POST' });
    await h.command('digest post', { channel: 'C_POST' });
    await h.scheduler.worker.runOnce();
    const posts = h.slack.posts();
    expect(posts.map((p) => p.args.channel)).toEqual(['C_POST']);
    const blocks = posts[0]!.args.blocks as unknown[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(checkBlockKit(blocks)).toEqual([]);
    expect(String(posts[0]!.args.text).length).toBeGreaterThan(0);
    expect('parse' in posts[0]!.args || 'link_names' in posts[0]!.args).toBe(false);
    await h.scheduler.worker.runOnce();
    expect(h.slack.posts().length).toBe(1);
  });

  it('posts a weekly digest that falls due exactly once', async () => {
    await h.command('subscribe paris-call', { channel: 'C_WEEK' });
    await h.command('schedule weekly mon 09:00 Europe/Vilnius', { channel: 'C_WEEK' });
    await h.runSchedulerAt('2026-11-30T07:00:30Z');
    await h.runSchedulerAt('2026-11-30T07:01:30Z');
    await h.runSchedulerAt('2026-11-30T08:00:00Z');
    const parents = await h.posted({ channel: 'C_WEEK' });
    expect(parents.length).toBe(1);
    expect(parents[0]!.text).toMatch(/Paris Call/);
    expect(checkBlockKit((parents[0]!.raw as { blocks: unknown[] }).blocks)).toEqual([]);
  });
});
