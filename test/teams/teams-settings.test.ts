import { describe, expect, it } from 'vitest';
import { buttonPress, CHANNEL, cardsOf, channelMessage, expectValidActivity, TENANT } from './teams-test-kit.js';
import { useTeamsHarness, type TeamsHarness } from './teams-harness.js';

// The Teams `settings` card through /api/messages and the fake Bot Connector: ask, submit, replaced in place.

type Json = Record<string, any>;

const inputs = (card: Json): Record<string, Json> => Object.fromEntries((card.body as Json[]).filter((e) => String(e.type).startsWith('Input.')).map((e) => [e.id, e]));

describe('Teams settings card', () => {
  let h: TeamsHarness;
  useTeamsHarness((x) => (h = x));

  const channelId = `teams:${TENANT}:${CHANNEL}`;

  async function askSettings(): Promise<{ id: string; card: Json }> {
    const before = h.connector.calls.length;
    expect(await h.send(channelMessage(h.connector.url, 'settings'))).toBe(200);
    const posted = h.connector.calls.slice(before).filter((c) => c.method === 'POST' && c.status < 300);
    expect(posted).toHaveLength(1);
    expectValidActivity(posted[0]!);
    return { id: posted[0]!.id!, card: cardsOf(posted[0]!)[0]! };
  }

  function submit(cardId: string, data: Json): Json {
    const activity = buttonPress(h.connector.url, 'settings_save', '');
    activity.value = { action: 'settings_save', ...data };
    activity.replyToId = cardId;
    return activity;
  }

  it('`settings` answers with the inputs; Save changes the schedule in the store and replaces the card in place', async () => {
    await h.command('subscribe ransomware');
    await h.command('follow Kaspersky');
    const { id, card } = await askSettings();
    const form = inputs(card);
    expect(Object.keys(form)).toEqual(['topics', 'follows', 'day', 'time', 'zone', 'language']);
    expect(form.topics).toMatchObject({ type: 'Input.ChoiceSet', isMultiSelect: true, value: 'ransomware' });
    expect(form.topics!.choices).toHaveLength(16);
    expect(form.follows).toMatchObject({ isMultiSelect: true, value: 'e%3Akaspersky', choices: [{ title: 'Kaspersky', value: 'e%3Akaspersky' }] });
    expect(form.day).toMatchObject({ type: 'Input.ChoiceSet', value: 'mon' });
    expect(form.time).toEqual({ type: 'Input.Time', id: 'time', label: 'Time', value: '09:00' });
    expect(form.zone).toMatchObject({ type: 'Input.ChoiceSet', value: 'UTC' });
    expect(form.zone!.choices).toHaveLength(62);
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: 'Save', style: 'positive', data: { action: 'settings_save' } }]);

    // Save as Teams sends it: every input's value merged into the submit data.
    const before = h.connector.calls.length;
    const status = await h.send(submit(id, { topics: 'ransomware', follows: 'e%3Akaspersky', day: 'fri', time: '16:30', zone: 'Europe/Vilnius', language: 'en' }));
    expect(status).toBe(200);
    const stored = await h.store.channels.get(channelId);
    expect(stored?.cadence).toEqual({ kind: 'weekly', day: 5, time: '16:30' });
    expect(stored?.timeZone).toBe('Europe/Vilnius');
    expect(stored?.topics).toEqual(['ransomware']);
    expect(stored?.follows).toHaveLength(1);

    // The card was replaced in place (PUT on the card's activity), nothing new posted.
    const calls = h.connector.calls.slice(before);
    expect(calls.map((c) => [c.method, c.activityId])).toEqual([['PUT', id]]);
    expectValidActivity(calls[0]!);
    const updated = cardsOf(calls[0]!)[0]!;
    const after = inputs(updated);
    expect(after.day!.value).toBe('fri');
    expect(after.time).toEqual({ type: 'Input.Time', id: 'time', label: 'Time', value: '16:30' });
    expect(after.zone!.value).toBe('Europe/Vilnius');
    expect(updated.body[1]).toEqual({ type: 'TextBlock', text: 'Digest schedule set: weekly, Friday at 16:30 (Europe/Vilnius).', color: 'Good', wrap: true });
  });

  it('unticking a topic and a follow unsubscribes and unfollows; switching the language answers in it', async () => {
    await h.command('subscribe ransomware, paris-call');
    await h.command('follow Kaspersky');
    const { id } = await askSettings();
    const before = h.connector.calls.length;
    expect(await h.send(submit(id, { topics: 'paris-call', day: 'mon', time: '09:00', zone: 'UTC', language: 'fr' }))).toBe(200);
    const stored = await h.store.channels.get(channelId);
    expect(stored?.topics).toEqual(['paris-call']);
    expect(stored?.follows).toEqual([]);
    expect(stored?.uiLang).toBe('fr');
    const updated = cardsOf(h.connector.calls.slice(before)[0]!)[0]!;
    expect(updated.body[0].text).toBe('Réglages de ce canal');
    expect(inputs(updated).follows).toBeUndefined();
  });

  it('a Save sent as Action.Execute (Universal Actions) saves the same way and answers with the updated card', async () => {
    const activity = buttonPress(h.connector.url, 'settings_save', '');
    const data = { action: 'settings_save', topics: 'encryption', day: 'daily', time: '07:45', zone: 'Asia/Tokyo', language: 'en' };
    const invoke = { ...activity, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'settings_save', data }, trigger: 'manual' } };
    const before = h.connector.calls.length;
    const response = await fetch(`${h.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(invoke) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(inputs(body.value).time).toEqual({ type: 'Input.Time', id: 'time', label: 'Time', value: '07:45' });
    expect(inputs(body.value).day!.value).toBe('daily');
    const stored = await h.store.channels.get(channelId);
    expect(stored?.topics).toEqual(['encryption']);
    expect(stored?.cadence).toEqual({ kind: 'daily', time: '07:45' });
    expect(stored?.timeZone).toBe('Asia/Tokyo');
    // The answer is the invoke's HTTP response: nothing posted or updated through the connector.
    expect(h.connector.calls.slice(before)).toEqual([]);
  });
});
