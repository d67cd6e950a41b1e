import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActionId } from '../../src/replies/reply-document.js';
import type { Store } from '../../src/store/store.js';
import { createHarness, openSeededStore, resetSettings, storyIds, textOf, type Harness } from './harness.js';

// Issue 5 and 9: a command or button from one channel, workspace or tenant never reads or changes another's.
// Same conversation id in two workspaces/tenants, two channels in one workspace, and a demo channel.
const CHANNELS = [
  'slack:T1:C1',
  'slack:T1:C2',
  'slack:T2:C1',
  'teams:tenantA:19:abc@thread.tacv2',
  'teams:tenantB:19:abc@thread.tacv2',
  'demo:1',
];

const COMMANDS = [
  'subscribe paris-call ransomware',
  'unsubscribe data-protection',
  'unsubscribe all',
  'schedule weekly mon 09:00 Europe/Vilnius',
  'schedule daily 08:30',
  'schedule off',
  'list',
  'topics',
  'digest',
  'digest post',
  'paris-call',
  'paris-call 90d',
  'search Kaspersky',
  'help',
  'sources',
  'sources add https://feeds.example.org/rss',
  'sources remove https://feeds.example.org/rss',
];

const ACTIONS: [ActionId, string][] = [
  ['subscribe_topic', 'paris-call'],
  ['mute_story', 'story-pc-1'],
  ['more_like_this', 'story-pc-3'],
  ['unsubscribe_all', 'all'],
  ['show_more', 'paris-call'],
];

let store: Store;
let h: Harness;
beforeAll(async () => {
  store = await openSeededStore();
}, 300_000);
afterAll(async () => {
  await store.close();
});

/** Every channel starts with its own, distinct settings. */
beforeEach(async () => {
  await resetSettings(store);
  h = createHarness(store);
  const at = new Date('2026-11-01T00:00:00Z');
  for (const [i, id] of CHANNELS.entries()) {
    await store.channels.update(id, { topics: ['data-protection'], cadence: { kind: 'daily', time: `0${i}:15` }, timeZone: 'Asia/Tokyo', mutedStories: ['story-rw-1'], maxStories: 4 + i }, at);
  }
});

async function snapshot(except: string) {
  const rows = await Promise.all(CHANNELS.filter((c) => c !== except).map((c) => store.channels.get(c)));
  return rows;
}

describe.each(CHANNELS)('acting in %s', (actor) => {
  it.each(COMMANDS)('"%s" touches no other channel', async (text) => {
    const before = await snapshot(actor);
    const reply = await h.ask(actor, text, { isAdmin: true });
    expect(reply.blocks.length).toBeGreaterThan(0);
    expect(await snapshot(actor)).toEqual(before);
    for (const call of h.digests.calls) expect(call.channelId).toBe(actor);
  });

  it.each(ACTIONS)('button %s(%s) touches no other channel', async (id, value) => {
    const before = await snapshot(actor);
    const reply = await h.press(actor, id, value, { isAdmin: true });
    expect(reply.isError).toBeUndefined();
    expect(await snapshot(actor)).toEqual(before);
  });

  it("reads only its own settings: others' topics, schedule and mutes never show", async () => {
    await h.ask(actor, 'subscribe paris-call');
    await h.ask(actor, 'schedule weekly fri 17:45 Europe/Vilnius');
    await h.press(actor, 'mute_story', 'story-pc-1');
    expect(storyIds(await h.ask(actor, 'paris-call'))).not.toContain('story-pc-1');
    for (const other of CHANNELS.filter((c) => c !== actor)) {
      const list = textOf(await h.ask(other, 'list'));
      expect(list).toContain('Topics: Data protection (data-protection)\n');
      expect(list).not.toContain('paris-call');
      expect(list).not.toContain('Friday');
      expect(storyIds(await h.ask(other, 'paris-call'))).toContain('story-pc-1');
      // Their own mute (story-rw-1) still holds, and only for them.
      expect(storyIds(await h.ask(other, 'search Kaspersky'))).toEqual(['story-rw-2']);
    }
    expect(storyIds(await h.ask(actor, 'search Kaspersky'))).toEqual(['story-rw-2']);
    const mine = textOf(await h.ask(actor, 'list'));
    expect(mine).toContain('Topics: Data protection (data-protection), Paris Call (paris-call)');
    expect(mine).toContain('weekly, Friday at 17:45 (Europe/Vilnius)');
  });
});
