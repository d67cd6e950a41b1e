import { describe, expect, it } from 'vitest';
import { TopicRefsCache } from '../../src/commands/topic-refs-cache.js';
import type { ItemRef } from '../../src/store/item-repository.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-30T09:00:00Z');

/** A topic with one item an hour over the 20 hours before T0, read newest first with a limit, as findRefs does. */
function fakeStore() {
  const all: ItemRef[] = Array.from({ length: 20 }, (_, i) => ({ id: `i${i}`, storyId: `s${i}`, sortTime: new Date(T0 - i * HOUR) }));
  const reads: { slug: string; limit: number }[] = [];
  let fail = false;
  const read = async (slug: string, limit: number) => {
    reads.push({ slug, limit });
    if (fail) throw new Error('store down');
    return all.slice(0, limit);
  };
  /** What findRefs({ topic, since, limit }) answers. */
  const exact = (since: number | null, limit: number) => all.filter((r) => since === null || r.sortTime.getTime() >= since).slice(0, limit).map((r) => r.id);
  return { read, reads, exact, setFail: (f: boolean) => (fail = f) };
}

const ids = (refs: ItemRef[]) => refs.map((r) => r.id);

describe('topic refs cache for topic commands', () => {
  it('answers every window of a topic from one read, exactly as a read of that window would', async () => {
    const store = fakeStore();
    const cache = new TopicRefsCache(store.read, { ttlMs: 30_000, version: () => 0, monotonicMs: () => 0 });
    expect(ids(await cache.refs('ransomware', undefined, 5))).toEqual(store.exact(null, 5));
    // A window holding fewer than the limit: all of it; one holding more: the newest `limit` of it.
    expect(ids(await cache.refs('ransomware', new Date(T0 - 2.5 * HOUR), 5))).toEqual(['i0', 'i1', 'i2']);
    expect(ids(await cache.refs('ransomware', new Date(T0 - 2.5 * HOUR), 5))).toEqual(store.exact(T0 - 2.5 * HOUR, 5));
    expect(ids(await cache.refs('ransomware', new Date(T0 - 10 * HOUR), 5))).toEqual(store.exact(T0 - 10 * HOUR, 5));
    // An item exactly at the window's start is in it (sort_time >= since).
    expect(ids(await cache.refs('ransomware', new Date(T0 - HOUR), 5))).toEqual(['i0', 'i1']);
    // A smaller page comes from the same read.
    expect(ids(await cache.refs('ransomware', undefined, 1))).toEqual(['i0']);
    expect(store.reads).toEqual([{ slug: 'ransomware', limit: 5 }]);
    // A window older than everything: nothing.
    expect(await cache.refs('ransomware', new Date(T0 + HOUR), 5)).toEqual([]);
    expect(store.reads).toHaveLength(1);
  });

  it('reads again for another topic, a bigger page, after the time to live, and after this process wrote items', async () => {
    const store = fakeStore();
    let now = 0;
    let version = 7;
    const cache = new TopicRefsCache(store.read, { ttlMs: 30_000, version: () => version, monotonicMs: () => now });
    await cache.refs('ransomware', undefined, 5);
    await cache.refs('paris-call', undefined, 5);
    expect(ids(await cache.refs('ransomware', undefined, 8))).toEqual(store.exact(null, 8));
    now = 30_000;
    await cache.refs('ransomware', undefined, 5); // still fresh at exactly the time to live
    expect(store.reads).toEqual([
      { slug: 'ransomware', limit: 5 },
      { slug: 'paris-call', limit: 5 },
      { slug: 'ransomware', limit: 8 },
    ]);
    now = 30_001;
    await cache.refs('ransomware', undefined, 5);
    expect(store.reads).toHaveLength(4);
    version = 8;
    await cache.refs('ransomware', undefined, 5);
    expect(store.reads).toHaveLength(5);
    await cache.refs('ransomware', undefined, 5);
    expect(store.reads).toHaveLength(5);
  });

  it('shares a read in flight, and does not keep a failed one', async () => {
    const store = fakeStore();
    const cache = new TopicRefsCache(store.read, { ttlMs: 30_000, version: () => 0, monotonicMs: () => 0 });
    const [a, b] = await Promise.all([cache.refs('ransomware', undefined, 3), cache.refs('ransomware', new Date(T0 - HOUR), 3)]);
    expect(ids(a)).toEqual(['i0', 'i1', 'i2']);
    expect(ids(b)).toEqual(['i0', 'i1']);
    expect(store.reads).toHaveLength(1);
    store.setFail(true);
    await expect(cache.refs('paris-call', undefined, 3)).rejects.toThrow('store down');
    store.setFail(false);
    expect(ids(await cache.refs('paris-call', undefined, 3))).toEqual(['i0', 'i1', 'i2']);
    expect(store.reads).toEqual([
      { slug: 'ransomware', limit: 3 },
      { slug: 'paris-call', limit: 3 },
      { slug: 'paris-call', limit: 3 },
    ]);
  });
});
