import { describe, expect, it } from 'vitest';
import { payloadBody, postSigned } from '../helpers/slack-signing.js';
import { SIGNING_SECRET, TEAM, useSlackHarness, type SlackHarness } from './slack-harness.js';

// The App Home tab against the real Bolt app over HTTP (signed requests) and the fake Slack API.

const USER = 'U_ALICE';

describe('Slack App Home settings', () => {
  let h: SlackHarness;
  useSlackHarness((x) => (h = x));

  const seconds = () => Math.floor(h.clock.now().getTime() / 1000);

  async function homeOpened(user = USER): Promise<void> {
    const body = JSON.stringify({
      token: 'XXYYZZ',
      team_id: TEAM,
      api_app_id: 'A_APP',
      event: { type: 'app_home_opened', user, channel: 'D_ALICE', tab: 'home', event_ts: '1764331200.000100' },
      type: 'event_callback',
      event_id: `Ev${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
      event_time: 1764331200,
      authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'U_BOT', is_bot: true, is_enterprise_install: false }],
    });
    const response = await postSigned(`${h.url}/slack/events`, body, { signingSecret: SIGNING_SECRET, timestampSeconds: seconds(), contentType: 'application/json' });
    expect(response.status).toBe(200);
  }

  /** A block_actions from the Home tab whose private_metadata names `channel`. */
  async function homeAction(channel: string, action: Record<string, unknown>): Promise<void> {
    const last = h.slack.published.at(-1)?.view ?? {};
    const payload = {
      type: 'block_actions',
      user: { id: USER, username: 'alice', name: 'alice', team_id: TEAM },
      api_app_id: 'A_APP',
      token: 'legacy-verification-token',
      container: { type: 'view', view_id: 'V1' },
      trigger_id: '13345224609.738474920.8088930838d88f008e0',
      team: { id: TEAM, domain: 'example' },
      enterprise: null,
      is_enterprise_install: false,
      view: { id: 'V1', team_id: TEAM, type: 'home', blocks: last.blocks ?? [], private_metadata: channel, callback_id: '', state: { values: {} }, hash: '1764331200.abc', app_id: 'A_APP', bot_id: 'B_BOT' },
      actions: [{ block_id: 'settings_x', action_ts: '1764331260.123456', ...action }],
    };
    const response = await postSigned(`${h.url}/slack/events`, payloadBody(payload), { signingSecret: SIGNING_SECRET, timestampSeconds: seconds() });
    expect(response.status).toBe(200);
  }

  async function nextPublish(count: number): Promise<{ userId: string; view: Record<string, any> }> {
    for (let i = 0; i < 400 && h.slack.published.length < count; i++) await new Promise((r) => setTimeout(r, 25));
    expect(h.slack.published.length).toBe(count);
    return h.slack.published[count - 1]! as { userId: string; view: Record<string, any> };
  }

  const element = (view: Record<string, any>, actionId: string) =>
    (view.blocks as any[]).flatMap((b) => (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : [])).find((e: any) => e.action_id === actionId);

  it('app_home_opened publishes the last-used channel’s settings; ticking a topic subscribes it and republishes the tab', async () => {
    // Alice last used the bot in C_POLICY: her Home tab opens on it.
    await h.command('list', { channel: 'C_POLICY' });
    await homeOpened();
    const first = await nextPublish(1);
    expect(first.userId).toBe(USER);
    expect(first.view.type).toBe('home');
    expect(first.view.private_metadata).toBe('C_POLICY');
    expect(element(first.view, 'settings_channel')).toEqual({
      type: 'conversations_select',
      action_id: 'settings_channel',
      placeholder: { type: 'plain_text', text: 'Channel' },
      filter: { include: ['public', 'private'], exclude_bot_users: true },
      initial_conversation: 'C_POLICY',
    });
    const before = element(first.view, 'settings_topics:0');
    expect(before.options).toHaveLength(10);
    expect(before.options[0]).toEqual({ text: { type: 'plain_text', text: 'Paris Call for Trust and Security in Cyberspace' }, value: 'paris-call' });
    expect(before.initial_options).toBeUndefined();
    expect(element(first.view, 'settings_topics:1').options).toHaveLength(6);
    expect(element(first.view, 'settings_time')).toEqual({ type: 'timepicker', action_id: 'settings_time', placeholder: { type: 'plain_text', text: 'Time' }, initial_time: '09:00' });

    await homeAction('C_POLICY', {
      type: 'checkboxes',
      action_id: 'settings_topics:0',
      selected_options: [{ text: { type: 'plain_text', text: 'Paris Call for Trust and Security in Cyberspace', emoji: true }, value: 'paris-call' }],
    });
    const second = await nextPublish(2);
    expect(second.userId).toBe(USER);
    expect(second.view.private_metadata).toBe('C_POLICY');
    // The changed checkbox group, exactly: Paris Call ticked, as the very option object of `options`.
    expect(element(second.view, 'settings_topics:0')).toEqual({
      type: 'checkboxes',
      action_id: 'settings_topics:0',
      options: before.options,
      initial_options: [{ text: { type: 'plain_text', text: 'Paris Call for Trust and Security in Cyberspace' }, value: 'paris-call' }],
    });
    expect(element(second.view, 'settings_topics:1').initial_options).toBeUndefined();
    // What the subscribe command answered, above the form.
    expect(second.view.blocks[2]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', verbatim: true, text: 'Subscribed: this channel now follows Paris Call for Trust and Security in Cyberspace (paris-call).' }],
    });
    const stored = await h.store.channels.get(`slack:${TEAM}:C_POLICY`);
    expect(stored?.topics).toEqual(['paris-call']);
    // Only that channel changed.
    expect(await h.store.channels.get(`slack:${TEAM}:C_GENERAL`)).toBeNull();
  });

  it('day, time, zone and language pickers run the schedule and language commands; Remove unfollows', async () => {
    await h.command('follow Kaspersky', { channel: 'C_POLICY' });
    await homeOpened();
    const first = await nextPublish(1);
    const remove = element(first.view, 'settings_unfollow:0');
    expect(remove).toMatchObject({ type: 'button', value: 'e:kaspersky', text: { type: 'plain_text', text: 'Remove' } });

    await homeAction('C_POLICY', { type: 'static_select', action_id: 'settings_day', selected_option: { text: { type: 'plain_text', text: 'Friday' }, value: 'fri' } });
    await nextPublish(2);
    await homeAction('C_POLICY', { type: 'timepicker', action_id: 'settings_time', selected_time: '16:30' });
    await nextPublish(3);
    await homeAction('C_POLICY', { type: 'static_select', action_id: 'settings_zone', selected_option: { text: { type: 'plain_text', text: 'Europe/Vilnius' }, value: 'Europe/Vilnius' } });
    const zoned = await nextPublish(4);
    expect(element(zoned.view, 'settings_time').initial_time).toBe('16:30');
    expect(element(zoned.view, 'settings_day').initial_option.value).toBe('fri');
    expect(element(zoned.view, 'settings_zone').initial_option).toEqual({ text: { type: 'plain_text', text: 'Europe/Vilnius' }, value: 'Europe/Vilnius' });
    let stored = await h.store.channels.get(`slack:${TEAM}:C_POLICY`);
    expect(stored?.cadence).toEqual({ kind: 'weekly', day: 5, time: '16:30' });
    expect(stored?.timeZone).toBe('Europe/Vilnius');

    await homeAction('C_POLICY', { type: 'button', action_id: 'settings_unfollow:0', value: remove.value, text: { type: 'plain_text', text: 'Remove' } });
    const unfollowed = await nextPublish(5);
    expect(element(unfollowed.view, 'settings_unfollow:0')).toBeUndefined();
    stored = await h.store.channels.get(`slack:${TEAM}:C_POLICY`);
    expect(stored?.follows).toEqual([]);

    await homeAction('C_POLICY', { type: 'static_select', action_id: 'settings_language', selected_option: { text: { type: 'plain_text', text: 'français (fr)' }, value: 'fr' } });
    const french = await nextPublish(6);
    expect(french.view.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Réglages de ce canal' } });
    expect((await h.store.channels.get(`slack:${TEAM}:C_POLICY`))?.uiLang).toBe('fr');
  });

  it('without a channel used, the tab opens on the workspace’s most recent channel, or asks to pick one; picking one shows it', async () => {
    await homeOpened();
    const empty = await nextPublish(1);
    expect(empty.view.private_metadata).toBe('');
    expect(empty.view.blocks.at(-1)).toEqual({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: 'Pick a channel to see and change its settings.' } });

    await h.store.channels.getOrCreate(`slack:${TEAM}:C_NEWS`, h.clock.now());
    await homeOpened('U_BOB');
    expect((await nextPublish(2)).view.private_metadata).toBe('C_NEWS');

    await homeAction('', { type: 'conversations_select', action_id: 'settings_channel', selected_conversation: 'C_OTHER' });
    const picked = await nextPublish(3);
    expect(picked.view.private_metadata).toBe('C_OTHER');
    expect(element(picked.view, 'settings_channel').initial_conversation).toBe('C_OTHER');
  });
});
