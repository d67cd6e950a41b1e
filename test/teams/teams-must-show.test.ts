import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderAdaptiveCards } from '../../adapters/teams/adaptive-card-renderer.js';
import { BOT_ID, TENANT, cardsOf, channelMessage, expectValidActivity } from './teams-test-kit.js';
import { closeSeededStore, seededStore, startTeamsHarness, teamsConversation, type TeamsHarness } from './teams-harness.js';

// Issue 7's "Must show", over the real server, core and scheduler, with a fake Bot Connector.
beforeAll(() => seededStore().then(() => undefined), 180_000);
afterAll(() => closeSeededStore());

describe('Teams must-show (issue 7)', () => {
  let h: TeamsHarness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it('with no app id, "<at>cyberpolicy</at> paris-call" from a channel gets an Adaptive Card 1.5 about the Paris Call, under 40 KB', async () => {
    h = await startTeamsHarness();
    const activity = channelMessage(h.connector.url, 'paris-call');
    expect(activity.text).toBe('<at>cyberpolicy</at> paris-call\n');
    expect(activity.entities[0]).toEqual({ mentioned: { id: BOT_ID, name: 'cyberpolicy' }, text: '<at>cyberpolicy</at>', type: 'mention' });
    expect(await h.send(activity)).toBe(200);

    const calls = h.connector.posts();
    expect(calls.length).toBeGreaterThanOrEqual(1);
    for (const call of calls) {
      expectValidActivity(call);
      expect(call.conversationId).toBe(`19:7d3b6a1c9e2f4b8a@thread.tacv2;messageid=${activity.id}`);
      expect(call.activityId).toBe(activity.id);
      expect(call.bytes).toBeLessThan(40 * 1024);
    }
    // The exact cards: what the pure renderer makes of the core's answer for this channel and user.
    const origin = { channelId: `teams:${TENANT}:19:7d3b6a1c9e2f4b8a@thread.tacv2`, userId: 'teams:6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f' };
    const doc = await h.core.sink.processCommand(origin, 'paris-call');
    expect(calls.flatMap(cardsOf)).toEqual(renderAdaptiveCards(doc));
    const first = cardsOf(calls[0]!)[0]!;
    expect(first.version).toBe('1.5');
    expect(first.body[0]).toMatchObject({ type: 'TextBlock', weight: 'Bolder', size: 'Large' });
    expect(first.body[0].text).toMatch(/Paris Call/);
    const json = JSON.stringify(first);
    expect(json).toMatch(/Paris Call/);
    expect(json).toMatch(/نداء باريس|Appel de Paris/);
  });

  it('"subscribe paris-call" is confirmed, and "help" lists subscribe', async () => {
    h = await startTeamsHarness();
    const sub = await h.command('subscribe paris-call');
    expect(sub.text).toMatch(/Paris Call/);
    expect(sub.text).toMatch(/subscribed|follows/i);
    expect((await h.store.channels.get(`teams:${TENANT}:19:7d3b6a1c9e2f4b8a@thread.tacv2`))?.topics).toEqual(['paris-call']);
    const help = await h.command('help');
    expect(help.text).toMatch(/subscribe/);
    for (const raw of [...sub.raw, ...help.raw]) expect(JSON.stringify(raw).length).toBeLessThan(40 * 1024);
  });

  it('with an app id set, no token or a forged token gets 401 and nothing reaches the connector', async () => {
    // Signing keys would come from an unreachable local address (never the internet); teams-auth.test.ts
    // covers forgeries checked against published keys, and a valid token.
    h = await startTeamsHarness({
      env: { MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppTenantId: TENANT },
      plugin: { openIdMetadataUrl: 'http://127.0.0.1:9/.well-known/openidconfiguration' },
    });
    const activity = channelMessage(h.connector.url, 'paris-call');
    const forged =
      'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6ImZvcmdlZCJ9.' +
      Buffer.from(JSON.stringify({ iss: 'https://api.botframework.com', aud: '11111111-2222-4333-8444-555555555555', serviceurl: activity.serviceUrl, exp: 4102444800 })).toString('base64url') +
      '.c2lnbmF0dXJl';
    expect(await h.send(activity)).toBe(401);
    expect(await h.send(activity, { authorization: `Bearer ${forged}` })).toBe(401);
    expect(await h.send(activity, { authorization: 'Bearer x.y.z' })).toBe(401);
    expect(h.connector.calls).toEqual([]);
    expect(await h.store.conversations.get(`teams:${TENANT}:19:7d3b6a1c9e2f4b8a@thread.tacv2`)).toBeNull();
  });

  it('a weekly digest that falls due reaches a Teams channel exactly once', async () => {
    h = await startTeamsHarness();
    await h.command('subscribe paris-call', { channel: 'C_DIGEST' });
    await h.command('schedule weekly mon 09:00 Europe/Vilnius', { channel: 'C_DIGEST' });
    const conversation = teamsConversation('C_DIGEST');
    const before = h.connector.posts(conversation).length;
    // 2026-11-30 is a Monday; 09:00 in Vilnius is 07:00 UTC.
    await h.runSchedulerAt('2026-11-30T06:59:00Z');
    expect(h.connector.posts(conversation).length).toBe(before);
    await h.runSchedulerAt('2026-11-30T07:00:30Z');
    const digest = h.connector.posts(conversation).slice(before);
    expect(digest.length).toBeGreaterThanOrEqual(1);
    // A new post in the channel (not a reply), then any overflow in its thread.
    expect(digest[0]!.conversationId).toBe(conversation);
    expect(digest[0]!.activityId).toBeNull();
    for (const call of digest) expectValidActivity(call);
    expect(JSON.stringify(digest.map((c) => c.body))).toMatch(/Paris Call/);
    await h.runSchedulerAt('2026-11-30T07:01:30Z');
    await h.runSchedulerAt('2026-11-30T08:00:00Z');
    expect(h.connector.posts(conversation).slice(before)).toHaveLength(digest.length);
    expect((await h.posted({ channel: 'C_DIGEST' })).length).toBe(1);
  });
});
