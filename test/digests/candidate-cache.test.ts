import { afterEach, describe, expect, it, vi } from 'vitest';
import { CandidateCache } from '../../src/digests/candidate-cache.js';
import type { ItemHead } from '../../src/items/item.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-30T09:00:00Z');

function head(id: string, at: number): ItemHead {
  return {
    id,
    sourceId: 'src',
    url: null,
    title: id,
    published: new Date(at),
    fetchedAt: new Date(at),
    author: null,
    categories: [],
    lang: null,
    lead: null,
    analysis: { lang: 'en', topics: [], entities: [], summary: [], story: `s-${id}`, fingerprint: { simhash: '', numbers: [], links: [] } },
  };
}

/** A store of heads one per hour over the week before T0, read the way findHeads does (newest first, limit). */
function fakeStore() {
  const all = Array.from({ length: 168 }, (_, i) => head(`i${i}`, T0 - i * HOUR - 1));
  const reads: { since: number; until: number | null; limit: number }[] = [];
  const read = async (_topic: string, since: Date, until: Date | undefined, limit: number) => {
    reads.push({ since: since.getTime(), until: until?.getTime() ?? null, limit });
    return all.filter((h) => h.published!.getTime() >= since.getTime() && (!until || h.published!.getTime() <= until.getTime())).slice(0, limit);
  };
  const exact = (start: number, end: number, limit: number) =>
    all.filter((h) => h.published!.getTime() >= start && h.published!.getTime() <= end).slice(0, limit).map((h) => h.id);
  return { read, reads, exact };
}

describe('candidate cache for fan-out compositions', () => {
  it('answers windows starting and ending moments apart from one read, exactly as their own reads would', async () => {
    let now = 0;
    const store = fakeStore();
    const cache = new CandidateCache(store.read, { monotonicMs: () => now });
    const start = T0 - 7 * 24 * HOUR;
    const a = await cache.heads('paris-call', new Date(start), new Date(T0), 1000);
    now = 5;
    const b = await cache.heads('paris-call', new Date(start + 40 * HOUR), new Date(T0 - 10 * HOUR), 1000);
    expect(store.reads).toHaveLength(1);
    expect(a.map((h) => h.id)).toEqual(store.exact(start, T0, 1000));
    expect(b.map((h) => h.id)).toEqual(store.exact(start + 40 * HOUR, T0 - 10 * HOUR, 1000));
    expect(b).toHaveLength(118);
  });

  it('reads again for another topic, a window starting before the read, or after the time to live', async () => {
    let now = 0;
    const store = fakeStore();
    const cache = new CandidateCache(store.read, { monotonicMs: () => now, ttlMs: 10_000, marginMs: HOUR });
    const start = T0 - 48 * HOUR;
    await cache.heads('paris-call', new Date(start), new Date(T0), 1000);
    await cache.heads('ransomware', new Date(start), new Date(T0), 1000);
    expect(store.reads).toHaveLength(2);
    const earlier = await cache.heads('paris-call', new Date(start - 2 * HOUR), new Date(T0), 1000);
    expect(store.reads).toHaveLength(3);
    expect(earlier.map((h) => h.id)).toEqual(store.exact(start - 2 * HOUR, T0, 1000));
    now = 10_001;
    await cache.heads('paris-call', new Date(start), new Date(T0), 1000);
    expect(store.reads).toHaveLength(4);
  });

  it('reads the window on its own when the shared read was cut by the limit inside it', async () => {
    const store = fakeStore();
    const cache = new CandidateCache(store.read, { monotonicMs: () => 0 });
    const start = T0 - 100 * HOUR;
    const got = await cache.heads('paris-call', new Date(start), new Date(T0 - 20 * HOUR), 30);
    expect(got.map((h) => h.id)).toEqual(store.exact(start, T0 - 20 * HOUR, 30));
    expect(got).toHaveLength(30);
    expect(store.reads.at(-1)).toEqual({ since: start, until: T0 - 20 * HOUR, limit: 30 });
  });

  it('drops everything shared as soon as this process writes items', async () => {
    let version = 0;
    const store = fakeStore();
    const cache = new CandidateCache(store.read, { monotonicMs: () => 0, version: () => version });
    await cache.heads('paris-call', new Date(T0 - 10 * HOUR), new Date(T0), 100);
    await cache.heads('paris-call', new Date(T0 - 10 * HOUR), new Date(T0), 100);
    expect(store.reads).toHaveLength(1);
    version = 1;
    await cache.heads('paris-call', new Date(T0 - 10 * HOUR), new Date(T0), 100);
    expect(store.reads).toHaveLength(2);
  });

  it('does not keep a failed read', async () => {
    const store = fakeStore();
    let fail = true;
    const cache = new CandidateCache(
      async (topic, since, until, limit) => {
        if (fail) throw new Error('connection reset');
        return store.read(topic, since, until, limit);
      },
      { monotonicMs: () => 0 },
    );
    await expect(cache.heads('paris-call', new Date(T0 - HOUR * 10), new Date(T0), 100)).rejects.toThrow('connection reset');
    fail = false;
    expect(await cache.heads('paris-call', new Date(T0 - HOUR * 10), new Date(T0), 100)).toHaveLength(10);
  });

  it('shares the heads of one set of stories whatever the order of their ids, until the time to live', async () => {
    let now = 0;
    const cache = new CandidateCache(fakeStore().read, { monotonicMs: () => now });
    const asked: string[][] = [];
    const read = async (ids: string[]) => {
      asked.push(ids);
      return ids.map((id, i) => head(id, T0 - i));
    };
    const first = await cache.storyHeads(['s1', 's2'], read);
    expect(await cache.storyHeads(['s2', 's1'], read)).toBe(first);
    await cache.storyHeads(['s1', 's3'], read);
    now = 20_000;
    await cache.storyHeads(['s1', 's2'], read);
    expect(asked).toEqual([['s1', 's2'], ['s1', 's3'], ['s1', 's2']]);
  });

  describe('releasing stale reads', () => {
    afterEach(() => vi.useRealTimers());

    it('drops every topic\'s reads once past the time to live, when another is asked for or when no digest asks again', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      let now = 0;
      const store = fakeStore();
      const cache = new CandidateCache(store.read, { monotonicMs: () => now, ttlMs: 10_000 });
      await cache.heads('paris-call', new Date(T0 - 48 * HOUR), new Date(T0), 1000);
      await cache.heads('ransomware', new Date(T0 - 48 * HOUR), new Date(T0), 1000);
      expect(cache.size).toBe(2);
      now = 10_500;
      await cache.heads('cybercrime', new Date(T0 - 48 * HOUR), new Date(T0), 1000);
      expect(cache.size).toBe(1);
      now = 30_000;
      vi.advanceTimersByTime(10_001);
      expect(cache.size).toBe(0);
      expect(store.reads).toHaveLength(3);
    });
  });
});
