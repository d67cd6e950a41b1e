import { describe, expect, it } from 'vitest';
import { HeadCache } from '../../src/commands/head-cache.js';
import type { ItemHead } from '../../src/items/item.js';

function head(id: string, title = `title ${id}`): ItemHead {
  return {
    id,
    sourceId: 'file:x',
    url: null,
    title,
    published: new Date('2026-11-30T09:00:00Z'),
    fetchedAt: new Date('2026-11-30T09:00:00Z'),
    author: null,
    categories: [],
    lang: 'en',
    analysis: { lang: 'en', topics: [{ slug: 'ransomware', score: 1 }], entities: [], summary: ['One.'], story: `s-${id}`, fingerprint: { simhash: '', numbers: [], links: [] } },
    lead: null,
    sourceName: null,
  };
}

/** A store of heads i0..i9 that records every read and can run code while a read is in flight. */
function fakeStore() {
  const titles = new Map(Array.from({ length: 10 }, (_, i) => [`i${i}`, `title i${i}`]));
  const reads: string[][] = [];
  let during: (() => void) | null = null;
  const read = async (ids: readonly string[]) => {
    reads.push([...ids]);
    const found = ids.filter((id) => titles.has(id)).map((id) => head(id, titles.get(id)));
    during?.();
    return found;
  };
  return { read, reads, titles, setDuring: (f: (() => void) | null) => (during = f) };
}

describe('head cache for listings', () => {
  it('reads only the heads it does not hold, and answers in the order asked, unknown ids left out', async () => {
    const store = fakeStore();
    const cache = new HeadCache(store.read, { ttlMs: 30_000, maxEntries: 100, version: () => 0, monotonicMs: () => 0 });
    expect((await cache.heads(['i2', 'i1', 'nope'])).map((h) => h.id)).toEqual(['i2', 'i1']);
    expect((await cache.heads(['i1', 'i3', 'i2', 'i1'])).map((h) => h.id)).toEqual(['i1', 'i3', 'i2', 'i1']);
    expect(store.reads).toEqual([['i2', 'i1', 'nope'], ['i3']]);
    expect(await cache.heads(['i1', 'i2', 'i3'])).toEqual([head('i1'), head('i2'), head('i3')]);
    expect(store.reads).toHaveLength(2);
  });

  it('reads again after the time to live, after this process wrote, and keeps nothing read while it wrote', async () => {
    const store = fakeStore();
    let now = 0;
    let version = 3;
    const cache = new HeadCache(store.read, { ttlMs: 30_000, maxEntries: 100, version: () => version, monotonicMs: () => now });
    await cache.heads(['i1']);
    now = 30_001;
    await cache.heads(['i1']);
    expect(store.reads).toEqual([['i1'], ['i1']]);
    // An item renamed through this process: the next listing shows the new title.
    store.titles.set('i1', 'renamed');
    version++;
    expect((await cache.heads(['i1']))[0]!.title).toBe('renamed');
    // A write while a read is in flight: that read answers its listing but is not kept.
    store.setDuring(() => version++);
    await cache.heads(['i2']);
    store.setDuring(null);
    await cache.heads(['i2']);
    expect(store.reads.slice(3)).toEqual([['i2'], ['i2']]);
    await cache.heads(['i2']);
    expect(store.reads).toHaveLength(5);
  });

  it('keeps at most maxEntries heads, the least recently used dropped first', async () => {
    const store = fakeStore();
    const cache = new HeadCache(store.read, { ttlMs: 30_000, maxEntries: 2, version: () => 0, monotonicMs: () => 0 });
    await cache.heads(['i1', 'i2']);
    await cache.heads(['i1']);
    await cache.heads(['i3']);
    await cache.heads(['i1', 'i3']);
    expect(store.reads).toEqual([['i1', 'i2'], ['i3']]);
    await cache.heads(['i2']);
    expect(store.reads).toHaveLength(3);
  });

  it('hands out frozen heads, so no command can change what the next one reads', async () => {
    const store = fakeStore();
    const cache = new HeadCache(store.read, { ttlMs: 30_000, maxEntries: 10, version: () => 0, monotonicMs: () => 0 });
    const [first] = await cache.heads(['i1']);
    expect(() => (first!.analysis.summary as string[]).push('more')).toThrow(TypeError);
    expect(() => ((first as { title: string }).title = 'x')).toThrow(TypeError);
    expect((await cache.heads(['i1']))[0]).toEqual(head('i1'));
  });
});
