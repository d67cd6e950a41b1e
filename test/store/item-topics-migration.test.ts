import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AnalyzedItem } from '../../src/items/item.js';
import { openDatabase } from '../../src/store/database.js';
import { ItemRepository, type ItemQuery } from '../../src/store/item-repository.js';
import { openStore, type Store, type StoreOptions } from '../../src/store/store.js';
import { makeItem } from '../helpers/item-factory.js';
import { createTestDatabase } from '../helpers/postgres.js';

/** The last migration before item_topics: a store as the previous version of the bot left it. */
const BEFORE_ITEM_TOPICS = '0013_item_bodies.sql';

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 8));
const topics = (...slugs: string[]) => ({ topics: slugs.map((slug, i) => ({ slug, score: 5 - i })) });
const items: AnalyzedItem[] = [
  makeItem({ id: 'a', published: at(1) }, topics('ransomware', 'cybercrime')),
  makeItem({ id: 'b', published: at(3) }, topics('cybercrime')),
  makeItem({ id: 'c', published: at(3) }, topics('ransomware')), // same time as b: the id breaks the tie
  makeItem({ id: 'd', published: null }, topics('paris-call', 'ransomware')),
  makeItem({ id: 'e', published: at(9) }, topics()),
];

/** The page the items table gives, as findRefs read it before item_topics (the reference answer). */
async function refsFromItems(store: Store, query: ItemQuery): Promise<string[]> {
  const rows = await store.database.query<{ id: string; story_id: string; sort_time: Date }>(
    `SELECT id, story_id, sort_time FROM items
      WHERE topic_slugs && ARRAY[$1::text] AND ($2::timestamptz IS NULL OR sort_time >= $2) AND ($3::timestamptz IS NULL OR sort_time <= $3)
      ORDER BY sort_time DESC, id DESC LIMIT $4 OFFSET $5`,
    [query.topic, query.since ?? null, query.until ?? null, query.limit ?? 50, query.offset ?? 0],
  );
  return rows.map((r) => `${r.id}/${r.story_id}/${new Date(r.sort_time).toISOString()}`);
}

async function refs(store: Store, query: ItemQuery): Promise<string[]> {
  return (await store.items.findRefs(query)).map((r) => `${r.id}/${r.storyId}/${r.sortTime.toISOString()}`);
}

const queries: ItemQuery[] = [
  { topic: 'ransomware', limit: 300 },
  { topic: 'ransomware', limit: 2 },
  { topic: 'ransomware', limit: 2, offset: 1 },
  { topic: 'cybercrime', since: at(2), limit: 300 },
  { topic: 'ransomware', since: at(2), until: at(4), limit: 300 },
  { topic: 'paris-call', limit: 300 },
  { topic: 'no-such-topic', limit: 300 },
];

async function expectSameAsItems(store: Store): Promise<void> {
  for (const q of queries) expect(await refs(store, q), JSON.stringify(q)).toEqual(await refsFromItems(store, q));
}

const backends: { name: string; options(): Promise<{ options: StoreOptions; cleanup(): Promise<void> }> }[] = [
  {
    name: 'pglite',
    async options() {
      const dir = mkdtempSync(join(tmpdir(), 'cp-item-topics-'));
      return { options: { dataDir: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async options() {
      const db = await createTestDatabase('itopics');
      return { options: { databaseUrl: db.url, poolSize: 2 }, cleanup: () => db.drop() };
    },
  },
];

for (const backend of backends) {
  describe(`migration 0014 (item_topics) on a store made before it: ${backend.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of cleanups) await c();
    });

    it('fills item_topics from the stored items, and its triggers keep every topic page exact', async () => {
      const { options, cleanup } = await backend.options();
      cleanups.push(cleanup);
      // The previous version's store, with items written by the previous version's repository.
      const old = await openDatabase({ ...options, migrateUpTo: BEFORE_ITEM_TOPICS });
      await new ItemRepository(old).upsert(items);
      await old.close();

      const store = await openStore(options);
      try {
        const filled = await store.database.query<{ n: number }>('SELECT count(*)::int AS n FROM item_topics');
        expect(filled[0]!.n).toBe(6); // a: 2, b: 1, c: 1, d: 2, e: none
        expect(await refs(store, { topic: 'ransomware', limit: 300 })).toEqual([
          `c/c/${at(3).toISOString()}`,
          `a/a/${at(1).toISOString()}`,
          // undated: sorted by its fetch time, shifted earlier (items/item.ts sortTime)
          expect.stringMatching(/^d\/d\//),
        ]);
        await expectSameAsItems(store);

        // New items, a changed topic list, a story merge, a re-dated item: each through the repository.
        await store.items.upsert([makeItem({ id: 'f', published: at(5) }, topics('ransomware', 'ransomware'))]);
        await store.items.upsert([{ ...items[1]!, content: 'Now also about ransomware.', analysis: { ...items[1]!.analysis, ...topics('ransomware') } }]);
        await store.items.mergeStories('c', 'a');
        await store.database.query(`UPDATE items SET sort_time = $1 WHERE id = 'a'`, [at(7)]);
        await expectSameAsItems(store);
        expect((await store.items.findRefs({ topic: 'ransomware', limit: 300 })).map((r) => [r.id, r.storyId])).toEqual([
          ['a', 'a'],
          ['f', 'f'],
          ['c', 'a'],
          ['b', 'b'],
          ['d', 'd'],
        ]);
        // b left cybercrime (its topics were replaced), a kept it at its new time.
        expect(await refs(store, { topic: 'cybercrime', limit: 300 })).toEqual([`a/a/${at(7).toISOString()}`]);
        // A write that leaves topics, time and story alone (the pack step's kind) changes nothing.
        await store.database.query(`UPDATE items SET title = 'Retitled' WHERE id = 'f'`);

        await store.database.query(`DELETE FROM items WHERE id = 'f'`);
        await expectSameAsItems(store);
        await store.database.query('TRUNCATE items');
        expect((await store.database.query<{ n: number }>('SELECT count(*)::int AS n FROM item_topics'))[0]!.n).toBe(0);
        await store.items.upsert(items);
        await expectSameAsItems(store);
        expect((await store.database.query<{ n: number }>('SELECT count(*)::int AS n FROM item_topics'))[0]!.n).toBe(6);
      } finally {
        await store.close();
      }
    }, 120_000);
  });
}
