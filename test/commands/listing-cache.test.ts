import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createCommandCenter } from '../../src/commands/command-center.js';
import { ListingCache } from '../../src/commands/listing-cache.js';
import { unlimited } from '../../src/commands/rate-limiter.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandSink } from '../../src/platform/command-sink.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import type { ItemRef } from '../../src/store/item-repository.js';
import type { Store } from '../../src/store/store.js';
import { makeItem } from '../helpers/item-factory.js';
import { testTaxonomy } from './fixtures.js';
import { fakeAnalyzer, NOW, openSeededStore, recordingDigests, storyIds } from './harness.js';

const ref = (id: string): ItemRef => ({ id, storyId: `s-${id}`, sortTime: new Date(NOW) });
const doc = (text: string): ReplyDocument => ({ visibility: 'private', fallbackText: text, blocks: [{ type: 'header', text }] });

describe('listing cache', () => {
  it('answers only for the very same refs under the same key, within the time to live', () => {
    let now = 0;
    const cache = new ListingCache({ ttlMs: 30_000, version: () => 0, monotonicMs: () => now });
    const refs = [ref('a'), ref('b')];
    const kept = cache.set('k', refs, doc('one'), cache.version());
    expect(Object.isFrozen(kept.blocks[0])).toBe(true);
    expect(cache.get('k', [...refs])).toBe(kept);
    expect(cache.get('other', refs)).toBeUndefined();
    // Equal refs from another read are not the same read: composed again.
    expect(cache.get('k', [ref('a'), ref('b')])).toBeUndefined();
    cache.set('k', refs, doc('one'), cache.version());
    expect(cache.get('k', refs.slice(0, 1))).toBeUndefined();
    cache.set('k', refs, doc('one'), cache.version());
    now = 30_001;
    expect(cache.get('k', refs)).toBeUndefined();
  });

  it('drops everything when this process writes, and keeps nothing composed while it wrote', () => {
    let version = 0;
    const cache = new ListingCache({ ttlMs: 30_000, version: () => version, monotonicMs: () => 0 });
    const refs = [ref('a')];
    cache.set('k', refs, doc('one'), cache.version());
    version++;
    expect(cache.get('k', refs)).toBeUndefined();
    const before = cache.version();
    version++;
    cache.set('k', refs, doc('two'), before);
    expect(cache.get('k', refs)).toBeUndefined();
  });

  it('keeps the least recently used within its bound', () => {
    const cache = new ListingCache({ ttlMs: 30_000, version: () => 0, monotonicMs: () => 0, maxEntries: 2 });
    const refs = [ref('a')];
    cache.set('a', refs, doc('a'), 0);
    cache.set('b', refs, doc('b'), 0);
    expect(cache.get('a', refs)?.fallbackText).toBe('a');
    cache.set('c', refs, doc('c'), 0);
    expect(cache.get('b', refs)).toBeUndefined();
    expect(cache.get('a', refs)?.fallbackText).toBe('a');
  });
});

describe('topic listings with the shared caches on (as serve runs them)', () => {
  let store: Store;
  let cached: CommandSink;
  let plain: CommandSink;
  const clock = new ManualClock(NOW);
  beforeAll(async () => {
    store = await openSeededStore();
    const deps = { store, taxonomy: testTaxonomy(), analyzer: fakeAnalyzer, digests: recordingDigests(), clock, logger: silentLogger, admins: [], rateLimiter: unlimited };
    cached = createCommandCenter({ ...deps, topicCacheMs: 30_000, headCacheMs: 30_000 });
    plain = createCommandCenter(deps);
  }, 300_000);
  afterAll(async () => {
    await store?.close();
  });

  const ask = (sink: CommandSink, channelId: string, text: string) => sink.processCommand({ channelId, userId: 'slack:U1' }, text);

  it('answers every topic, window and language exactly as without the caches, the first time and again', async () => {
    await store.channels.update('demo:fr', { uiLang: 'fr' }, clock.now());
    for (const channel of ['demo:en', 'demo:fr', 'demo:en2']) {
      for (const text of ['paris-call', 'paris-call 7d', 'paris-call 30d', 'paris call since 2026-11-01', 'ransomware', 'data-protection 365d', 'ransomware 1d', 'Appel de Paris']) {
        const expected = await ask(plain, channel, text);
        expect(await ask(cached, channel, text)).toEqual(expected);
        expect(await ask(cached, channel, text)).toEqual(expected);
      }
    }
  });

  it('shows a new item at once, and never shares a channel\'s muted listing', async () => {
    expect(storyIds(await ask(cached, 'demo:a', 'paris-call'))[0]).toBe('story-pc-1');
    await store.items.upsert([
      makeItem(
        { id: 'pc-en-new', sourceId: 'src-en', url: 'https://news-en.example/pc-en-new', title: 'Paris Call news of the hour', published: new Date(NOW), fetchedAt: new Date(NOW) },
        { lang: 'en', story: 'story-pc-new', topics: [{ slug: 'paris-call', score: 3 }], summary: ['Paris Call news of the hour.'] },
      ),
    ]);
    expect(storyIds(await ask(cached, 'demo:a', 'paris-call'))[0]).toBe('story-pc-new');
    await cached.processAction({ channelId: 'demo:m', userId: 'slack:U1' }, { id: 'mute_story', value: 'story-pc-new' });
    expect(storyIds(await ask(cached, 'demo:m', 'paris-call'))).not.toContain('story-pc-new');
    expect(await ask(cached, 'demo:m', 'paris-call')).toEqual(await ask(plain, 'demo:m', 'paris-call'));
    expect(storyIds(await ask(cached, 'demo:b', 'paris-call'))[0]).toBe('story-pc-new');
  });
});
