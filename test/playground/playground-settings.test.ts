import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaygroundApi } from '../../adapters/playground/playground-api.js';
import { ManualClock } from '../../src/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { silentLogger } from '../../src/logger.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { openStore, type Store } from '../../src/store/store.js';

// The playground shows the `settings` answer as Slack's App Home tab and the Teams card (one view model), and saves both.

type Json = Record<string, any>;

describe('playground settings', () => {
  let store: Store;
  let core: Core;
  let api: ReturnType<typeof createPlaygroundApi>;
  const channel = 'demo:policy-team';

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    core = await createCore({ store, clock, logger: silentLogger, env: {} });
    api = createPlaygroundApi({ sink: core.sink, newsroom: createAdapterPorts(store).newsroom, clock });
  }, 120_000);
  afterAll(() => store.close());

  const post = (path: 'command' | 'settings', body: unknown) =>
    (path === 'command' ? api.command : api.settings)(new Request(`http://127.0.0.1/api/playground/${path}`, { method: 'POST', body: JSON.stringify(body) })).then(async (r) => ({ status: r.status, json: (await r.json()) as Json }));
  const slackElement = (rendered: Json, actionId: string) =>
    (rendered.slack[0].blocks as Json[]).flatMap((b) => (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : [])).find((e: Json) => e.action_id === actionId);
  const teamsInput = (rendered: Json, id: string): Json => (rendered.teams[0].body as Json[]).find((e) => e.id === id) ?? {};

  it('`settings` renders the App Home tab and the Teams card from the same settings', async () => {
    const { status, json } = await post('command', { channel, text: 'settings' });
    expect(status).toBe(200);
    expect(json.slack).toHaveLength(1);
    expect(json.slack[0].home).toBe(true);
    expect(slackElement(json, 'settings_time').initial_time).toBe('09:00');
    expect(teamsInput(json, 'time')).toEqual({ type: 'Input.Time', id: 'time', label: 'Time', value: '09:00' });
    expect(slackElement(json, 'settings_topics:0').options.map((o: Json) => o.value)).toEqual(teamsInput(json, 'topics').choices.slice(0, 10).map((c: Json) => c.value));
  });

  it('saves the Teams card’s submit and the App Home pane’s changes through the typed commands', async () => {
    const teams = await post('settings', { channel, teams: { action: 'settings_save', topics: 'ransomware', day: 'daily', time: '07:15', zone: 'Europe/Paris', language: 'en' } });
    expect(teams.status).toBe(200);
    expect(teams.json.commands).toEqual(['subscribe ransomware', 'schedule daily 07:15 Europe/Paris']);
    let stored = await store.channels.get(channel);
    expect(stored?.topics).toEqual(['ransomware']);
    expect(stored?.cadence).toEqual({ kind: 'daily', time: '07:15' });
    expect(stored?.timeZone).toBe('Europe/Paris');
    expect(teamsInput(teams.json, 'time').value).toBe('07:15');
    expect(slackElement(teams.json, 'settings_day').initial_option.value).toBe('daily');

    const slack = await post('settings', { channel, change: { topics: ['ransomware', 'paris-call'] } });
    expect(slack.json.commands).toEqual(['subscribe paris-call']);
    expect(slackElement(slack.json, 'settings_topics:0').initial_options.map((o: Json) => o.value)).toEqual(['paris-call', 'ransomware']);
    const off = await post('settings', { channel, change: { day: 'off' } });
    expect(off.json.commands).toEqual(['schedule off']);
    stored = await store.channels.get(channel);
    expect(stored?.topics).toEqual(['ransomware', 'paris-call']);
    expect(stored?.cadence).toEqual({ kind: 'off' });
    expect((await post('settings', { channel, teams: { action: 'subscribe_topic', value: 'x' } })).status).toBe(400);
  });
});
