import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';
import { makeItem } from '../helpers/item-factory.js';
import { storeBackends } from '../helpers/store-backends.js';

for (const backend of storeBackends) {
  describe(`store contract: ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open({ encryptionKey: 'contract-test-key-0123456789' }));
    });
    afterAll(async () => cleanup());

    /** Ids of a word search's page, newest first, through the windows of findRefs. */
    const refIds = async (tsquery: string, limit: number, offset?: number) => (await store.items.findRefs({ tsquery, limit, offset })).map((r) => r.id);

    it('stores new items once; a re-import or a date-only edit is a duplicate; a text edit is an update', async () => {
      const a = makeItem({ id: 'a', title: 'Paris Call turns five' }, { topics: [{ slug: 'paris-call', score: 3 }] });
      const b = makeItem({ id: 'b', title: 'Ransomware task force' }, { topics: [{ slug: 'ransomware', score: 2 }] });
      expect(await store.items.upsert([a, b])).toEqual(['new', 'new']);
      expect(await store.items.upsert([a])).toEqual(['duplicate']);
      expect(await store.items.upsert([{ ...a, published: new Date('2026-11-20T00:00:00Z') }])).toEqual(['duplicate']);
      expect(await store.items.upsert([{ ...a, content: 'Changed text.' }])).toEqual(['updated']);
      expect(await store.items.count()).toBe(2);
      const got = await store.items.get('a');
      expect(got?.content).toBe('Changed text.');
      expect(got?.published?.toISOString()).toBe('2026-11-01T10:00:00.000Z');
    });

    it('counts the whole store once, then by what each write adds (new items, not duplicates or updates)', async () => {
      const before = await store.items.count();
      expect(before).toBe(Number((await store.database.query<{ n: number }>('SELECT count(*)::int AS n FROM items'))[0]!.n));
      const c1 = makeItem({ id: 'count-1', title: 'Counted once' });
      expect(await store.items.upsert([c1, makeItem({ id: 'count-2' }), c1])).toEqual(['new', 'new', 'duplicate']);
      expect(await store.items.count()).toBe(before + 2);
      expect(await store.items.upsert([c1, { ...c1, content: 'Counted, then edited.' }])).toEqual(['duplicate', 'updated']);
      expect(await store.items.count()).toBe(before + 2);
      expect(await store.items.count({ topic: 'no-such-topic' })).toBe(0);
    });

    it('keeps a null publication date null', async () => {
      await store.items.upsert([makeItem({ id: 'undated', published: null })]);
      expect((await store.items.get('undated'))?.published).toBeNull();
    });

    it('finds items by topic, newest first, and by entity id', async () => {
      await store.items.upsert([
        makeItem({ id: 'p1', published: new Date('2026-10-01T00:00:00Z') }, { topics: [{ slug: 'paris-call', score: 5 }], entities: [{ id: 'kaspersky', name: 'Kaspersky', type: 'organization', surface: 'كاسبرسكي' }] }),
        makeItem({ id: 'p2', published: new Date('2026-11-10T00:00:00Z') }, { topics: [{ slug: 'cybercrime', score: 4 }, { slug: 'paris-call', score: 1 }] }),
      ]);
      expect((await store.items.find({ topic: 'paris-call' })).map((i) => i.id)).toEqual(['p2', 'a', 'p1']);
      expect((await store.items.find({ topic: 'paris-call', mainTopicOnly: true })).map((i) => i.id)).toEqual(['a', 'p1']);
      expect((await store.items.find({ entityIds: ['kaspersky'] })).map((i) => i.id)).toEqual(['p1']);
      expect((await store.items.find({ topic: 'paris-call', since: new Date('2026-10-15T00:00:00Z') })).map((i) => i.id)).toEqual(['p2', 'a']);
    });

    it('searches the normalised search text with the simple configuration', async () => {
      await store.items.upsert([makeItem({ id: 's1' }, { searchText: 'kaspersky نداء باريس paris_call' })]);
      expect((await store.items.find({ tsquery: 'kaspersky & باريس' })).map((i) => i.id)).toEqual(['s1']);
      expect(await store.items.find({ tsquery: 'kaspersky & missing' })).toEqual([]);
    });

    it('finds the newest word matches whether or not the last 90 days alone fill the page', async () => {
      await store.items.upsert([
        makeItem({ id: 'anchor', published: new Date('2027-01-01T00:00:00Z') }, { searchText: 'anchor' }),
        makeItem({ id: 'n1', published: new Date('2026-12-20T00:00:00Z') }, { searchText: 'needle one' }),
        makeItem({ id: 'n2', published: new Date('2026-11-01T00:00:00Z') }, { searchText: 'needle two' }),
        makeItem({ id: 'n3', published: new Date('2026-06-01T00:00:00Z') }, { searchText: 'needle three' }),
      ]);
      expect(await refIds('needle', 2)).toEqual(['n1', 'n2']); // the recent window fills the page
      expect(await refIds('needle', 3)).toEqual(['n1', 'n2', 'n3']); // it does not: the whole store
      expect(await refIds('needle', 10)).toEqual(['n1', 'n2', 'n3']);
      expect(await refIds('needle', 2, 1)).toEqual(['n2', 'n3']);
      // A newer item stored since: the windows move with it (the newest time is not kept past a write).
      await store.items.upsert([makeItem({ id: 'n0', published: new Date('2027-02-10T00:00:00Z') }, { searchText: 'needle zero' })]);
      expect(await refIds('needle', 2)).toEqual(['n0', 'n1']);
      expect(await refIds('needle', 3)).toEqual(['n0', 'n1', 'n2']);
      // The later tests count on the newest item of 2027-01-02.
      await store.database.query(`DELETE FROM items WHERE id = 'n0'`);
    });

    it('indexes entity tokens as one lexeme and each item by its UTC month (migration 0005)', async () => {
      await store.items.upsert([
        makeItem({ id: 'tok', published: new Date('2026-10-31T23:30:00-02:00') }, { searchText: 'word e_zeta_call t_zeta_call' }),
        makeItem({ id: 'words', published: new Date('2026-10-31T21:30:00-02:00') }, { searchText: 'e zeta call' }),
      ]);
      const ids = async (tsquery: string) => (await store.items.find({ tsquery })).map((i) => i.id);
      expect(await ids("'e0zeta0call'")).toEqual(['tok']);
      expect(await ids("'t0zeta0call'")).toEqual(['tok']);
      // The token's words stay searchable, as before.
      expect(await ids("'zeta' & 'call'")).toEqual(['tok', 'words']);
      // 01:30 UTC on 1 November, and 23:30 UTC on 31 October.
      expect(await ids("'m202611' & 'zeta'")).toEqual(['tok']);
      expect(await ids("'m202610' & 'zeta'")).toEqual(['words']);
    });

    it('keeps a word search right across month and year edges of the recent window', async () => {
      await store.items.upsert([
        makeItem({ id: 'newest', published: new Date('2027-01-02T00:00:00Z') }, { searchText: 'anchor' }),
        makeItem({ id: 'in', published: new Date('2026-10-04T12:00:00Z') }, { searchText: 'edge' }),
        // Same month as the 90-day window's start (4 October, 00:00 UTC), but before it: outside.
        makeItem({ id: 'out', published: new Date('2026-10-01T00:00:00Z') }, { searchText: 'edge' }),
        makeItem({ id: 'old', published: new Date('2025-12-01T00:00:00Z') }, { searchText: 'edge' }),
      ]);
      expect(await refIds('edge', 1)).toEqual(['in']);
      expect(await refIds('edge', 2)).toEqual(['in', 'out']);
      expect(await refIds('edge', 3)).toEqual(['in', 'out', 'old']);
    });

    it('pages a word search read in slices back from the newest item exactly as the whole store sorted', async () => {
      // One match a day for 60 days before the newest item (2027-01-02), some a year older, one undated.
      const day = (n: number) => new Date(Date.UTC(2027, 0, 2) - n * 86_400_000 - 3_600_000);
      await store.items.upsert([
        ...Array.from({ length: 60 }, (_, n) => makeItem({ id: `daily-${n}`, published: day(n) }, { searchText: 'daily' })),
        ...Array.from({ length: 5 }, (_, n) => makeItem({ id: `daily-old-${n}`, published: day(400 + 30 * n) }, { searchText: 'daily' })),
        makeItem({ id: 'daily-undated', published: null }, { searchText: 'daily' }),
      ]);
      const whole = (await store.items.find({ tsquery: 'daily', limit: 100 })).map((i) => i.id);
      expect(whole).toHaveLength(66);
      for (const limit of [1, 10, 14, 15, 20, 29, 40, 61, 65, 66, 100]) expect(await refIds('daily', limit), String(limit)).toEqual(whole.slice(0, limit));
    });

    it('pages a word search exactly as the whole store sorted when its recent matches are few and older ones many', async () => {
      // Two matches in the last days, a gap of 17 days, then four a day for 80 days, and a few a year older:
      // the slices after the first are sized by the matches of the last one and at most double what was read.
      const at = (days: number) => new Date(Date.UTC(2027, 0, 2) - days * 86_400_000);
      await store.items.upsert([
        makeItem({ id: 'gap-0', published: at(1) }, { searchText: 'gapword' }),
        makeItem({ id: 'gap-1', published: at(3) }, { searchText: 'gapword' }),
        ...Array.from({ length: 320 }, (_, n) => makeItem({ id: `gap-dense-${n}`, published: at(20 + n / 4) }, { searchText: 'gapword' })),
        ...Array.from({ length: 4 }, (_, n) => makeItem({ id: `gap-old-${n}`, published: at(420 + 40 * n) }, { searchText: 'gapword' })),
      ]);
      const whole = (await store.items.find({ tsquery: 'gapword', limit: 1000 })).map((i) => i.id);
      expect(whole).toHaveLength(326);
      for (const limit of [1, 2, 3, 50, 300, 321, 322, 325, 326, 400]) expect(await refIds('gapword', limit), String(limit)).toEqual(whole.slice(0, limit));
    });

    it('reads heads (no content or search text), refs and story candidates in the order of find', async () => {
      const long = `  ${'x'.repeat(2500)}`;
      await store.items.upsert([
        makeItem({ id: 'h1', content: 'Body one.', published: new Date('2026-09-02T00:00:00Z') }, { topics: [{ slug: 'heads', score: 1 }], summary: ['Body one.'], story: 'sh', searchText: 'body one' }),
        makeItem({ id: 'h2', title: '', content: long, published: new Date('2026-09-03T00:00:00Z') }, { topics: [{ slug: 'heads', score: 1 }], summary: [], story: 'sh' }),
      ]);
      const heads = await store.items.findHeads({ topic: 'heads' });
      expect(heads.map((h) => h.id)).toEqual(['h2', 'h1']);
      for (const head of heads) {
        expect(head).not.toHaveProperty('content');
        expect(head.analysis).not.toHaveProperty('searchText');
      }
      // The start of the content only where there is no summary (a view's title of last resort).
      expect(heads[0]!.lead).toBe(long.slice(0, 2000));
      expect(heads[1]!.lead).toBeNull();
      const whole = (await store.items.find({ topic: 'heads' }))[1]!;
      const { content: _c, analysis: { searchText: _s, ...analysis }, ...rest } = whole;
      expect(heads[1]).toEqual({ ...rest, analysis, lead: null });
      expect(await store.items.headsByIds(['h1', 'missing', 'h2'])).toEqual([heads[1], heads[0]]);
      expect(await store.items.findRefs({ topic: 'heads' })).toEqual([
        { id: 'h2', storyId: 'sh', sortTime: new Date('2026-09-03T00:00:00Z') },
        { id: 'h1', storyId: 'sh', sortTime: new Date('2026-09-02T00:00:00Z') },
      ]);
      expect(await store.items.storyCandidates(new Date('2026-09-01T00:00:00Z'), new Date('2026-09-05T00:00:00Z'))).toEqual([
        { id: 'h2', story: 'sh', simhash: whole.analysis.fingerprint.simhash },
        { id: 'h1', story: 'sh', simhash: whole.analysis.fingerprint.simhash },
      ]);
      expect((await store.items.getMany(['h1', 'missing'])).map((i) => [i.id, i.content])).toEqual([['h1', 'Body one.']]);
    });

    it('keeps channel settings per channel', async () => {
      const now = new Date('2026-11-25T12:00:00Z');
      await store.channels.update('demo:one', { topics: ['paris-call'] }, now);
      expect((await store.channels.get('demo:one'))?.topics).toEqual(['paris-call']);
      expect((await store.channels.getOrCreate('demo:two', now)).topics).toEqual([]);
      expect((await store.channels.get('demo:one'))?.cadence).toEqual({ kind: 'weekly', day: 1, time: '09:00' });
    });

    it('adds and removes sources once', async () => {
      const now = new Date('2026-11-25T12:00:00Z');
      expect(await store.sources.add({ id: 'https://example.org/feed', url: 'https://example.org/feed', now })).toBe(true);
      expect(await store.sources.add({ id: 'https://example.org/feed', url: 'https://example.org/feed', now })).toBe(false);
      expect((await store.sources.list()).map((s) => s.url)).toEqual(['https://example.org/feed']);
      expect(await store.sources.remove('https://example.org/feed')).toBe(true);
      expect(await store.sources.list()).toEqual([]);
    });

    it('seals installation data at rest when a key is set', async () => {
      const now = new Date('2026-11-25T12:00:00Z');
      await store.installations.save('slack:T1', 'slack', { botToken: 'xoxb-secret-value' }, now);
      expect(await store.installations.get('slack:T1')).toEqual({ botToken: 'xoxb-secret-value' });
      const raw = await store.installations.rawData('slack:T1');
      expect(raw).toMatch(/^enc:v1:/);
      expect(raw).not.toContain('xoxb');
    });
  });
}
