import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { channels } from '../../src/store/schema.js';
import type { Store } from '../../src/store/store.js';
import { storeBackends } from '../helpers/store-backends.js';

const now = new Date('2026-11-20T12:00:00Z');

describe.each(storeBackends)('channel settings repository on $name', (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await backend.open());
  }, 300_000);
  afterAll(async () => {
    await cleanup();
  });

  it('adds topics in order without duplicates, and removes them keeping the order', async () => {
    await store.channels.addTopics('demo:a', ['b', 'a', 'b'], now);
    await store.channels.addTopics('demo:a', ['a', 'c'], now);
    expect((await store.channels.get('demo:a'))!.topics).toEqual(['b', 'a', 'c']);
    await store.channels.removeTopics('demo:a', ['a', 'zzz'], now);
    expect((await store.channels.get('demo:a'))!.topics).toEqual(['b', 'c']);
    await store.channels.removeTopics('demo:a', [], now);
    expect((await store.channels.get('demo:a'))!.topics).toEqual(['b', 'c']);
  });

  it('loses no topic when many subscribe commands race', async () => {
    const slugs = Array.from({ length: 20 }, (_, i) => `topic-${i}`);
    await store.channels.getOrCreate('slack:T1:C9', now);
    await Promise.all(slugs.map((slug) => store.channels.addTopics('slack:T1:C9', [slug], now)));
    expect([...(await store.channels.get('slack:T1:C9'))!.topics].sort()).toEqual([...slugs].sort());
  });

  it('mutes a story once and keeps only the newest mutes', async () => {
    await store.channels.muteStory('demo:m', 's1', now);
    await store.channels.muteStory('demo:m', 's1', now);
    expect((await store.channels.get('demo:m'))!.mutedStories).toEqual(['s1']);
    for (let i = 2; i <= 6; i++) await store.channels.muteStory('demo:m', `s${i}`, now, 3);
    expect((await store.channels.get('demo:m'))!.mutedStories).toEqual(['s4', 's5', 's6']);
  });

  it('treats topic text as data, never as SQL', async () => {
    const hostile = ["x'); DROP TABLE channels; --", '{a,b}', 'NULL', '"quoted"'];
    await store.channels.addTopics('demo:h', hostile, now);
    expect((await store.channels.get('demo:h'))!.topics).toEqual(hostile);
    await store.channels.muteStory('demo:h', "'; DELETE FROM channels; --", now);
    expect((await store.channels.get('demo:h'))!.mutedStories).toEqual(["'; DELETE FROM channels; --"]);
  });

  it('reads a channel as drizzle maps the whole row, every column with its type', async () => {
    const later = new Date('2026-11-21T08:30:00.123Z');
    await store.channels.addTopics('demo:r', ['ransomware', 'paris-call'], now);
    await store.channels.muteStory('demo:r', 'story-1', now);
    await store.channels.update('demo:r', { cadence: { kind: 'daily', time: '07:15' }, timeZone: 'Europe/Paris', uiLang: 'fr', maxStories: 7, perTopic: 2, notifyEmpty: true, follows: [{ kind: 'keyword', phrase: 'Paris Call', tsquery: "'paris' & 'call'" }], nextDueAt: later, lastDigestAt: now, disabledReason: 'gone' }, later);
    for (const id of ['demo:r', 'demo:fresh']) {
      await store.channels.getOrCreate(id, now);
      const [drizzled] = await store.database.db.select().from(channels).where(eq(channels.id, id));
      const read = await store.channels.get(id);
      expect(read).toEqual(drizzled);
      expect(Object.keys(read!).sort()).toEqual(Object.keys(drizzled!).sort());
      expect(read!.createdAt).toBeInstanceOf(Date);
    }
    expect(await store.channels.get('demo:nobody')).toBeNull();
  });
});
