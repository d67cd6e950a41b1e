import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sortTime, type AnalyzedItem } from '../../src/items/item.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { contentHash } from '../../src/store/item-repository.js';
import { PACK_ITEM_BODIES } from '../../src/store/pack-item-bodies.js';
import { openStore, type StoreOptions } from '../../src/store/store.js';
import { makeItem } from '../helpers/item-factory.js';
import { createTestDatabase } from '../helpers/postgres.js';

/** The last migration before item bodies: a store as the previous version of the bot left it. */
const BEFORE_BODIES = '0012_drop_items_url_index.sql';

const kaspersky = { id: 'org:kaspersky', name: 'Kaspersky', type: 'organization' as const, surface: 'كاسبرسكي' };
// Astral characters: a lead is cut at 2,000 characters, as SQL's left() counts them, not UTF-16 units.
const long = `${'𝒳 ransomware wave '.repeat(140)}end`;
const items: AnalyzedItem[] = [
  makeItem({ id: 'en', content: 'Hospitals hit by ransomware. Kaspersky traced it.', published: new Date('2026-11-03T08:00:00Z') }, {
    summary: ['Hospitals hit by ransomware.'],
    topics: [{ slug: 'ransomware', score: 4 }],
    entities: [{ ...kaspersky, surface: 'Kaspersky' }],
    searchText: 'hospitals hit by ransomware kaspersky traced it hospit ransomwar trace e_org_kaspersky t_ransomware',
  }),
  makeItem({ id: 'ar', content: 'كاسبرسكي تدعم نداء باريس.', published: new Date('2026-10-30T08:00:00Z') }, {
    summary: ['كاسبرسكي تدعم نداء باريس.'],
    entities: [kaspersky],
    searchText: 'كاسبرسكي تدعم نداء باريس e_org_kaspersky',
  }),
  makeItem({ id: 'long', title: '', content: long, published: new Date('2026-11-04T08:00:00Z') }, { searchText: 'ransomware wave end' }),
  makeItem({ id: 'zh', content: '多部门开展安全检查。', published: null }, { summary: ['多部门开展安全检查。'], searchText: '多 部 门 多部 部门' }),
];
const searches = ["'kaspersky'", "'e0org0kaspersky'", "'ransomware' & 'hospit'", "'ransom':*", "'باريس'", "'m202611' & 'ransomware'", "'多部'", "'wave' | 'نداء'"];

/** An item as the store wrote it before migration 0013 (content, summary and entities in their columns). */
async function insertOldRow(db: Database, item: AnalyzedItem): Promise<void> {
  const a = item.analysis;
  await db.query(
    `INSERT INTO items (id, source_id, url, title, content, published, published_source, fetched_at, sort_time, author, categories, declared_lang, lang,
                        topics, topic_slugs, main_topic, entities, entity_ids, summary, story_id, simhash, numbers, links, content_hash, search_text)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
    [
      item.id, item.sourceId, item.url, item.title, item.content, item.published, item.published ? 'feed' : null, item.fetchedAt, sortTime(item), item.author,
      JSON.stringify(item.categories), item.lang, a.lang, JSON.stringify(a.topics), a.topics.map((t) => t.slug), a.topics[0]?.slug ?? null, JSON.stringify(a.entities),
      [...new Set(a.entities.map((e) => e.id))], JSON.stringify(a.summary), a.story, a.fingerprint.simhash, a.fingerprint.numbers, a.fingerprint.links, contentHash(item), a.searchText,
    ],
  );
}

interface Backend {
  name: string;
  options(): Promise<{ options: StoreOptions; cleanup(): Promise<void> }>;
}

const backends: Backend[] = [
  {
    name: 'pglite',
    async options() {
      const dir = mkdtempSync(join(tmpdir(), 'cp-bodies-'));
      return { options: { dataDir: dir }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    async options() {
      const db = await createTestDatabase('bodies');
      return { options: { databaseUrl: db.url, poolSize: 2 }, cleanup: () => db.drop() };
    },
  },
];

for (const backend of backends) {
  describe(`migration 0013 (item bodies) on a store made before it: ${backend.name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterAll(async () => {
      for (const c of cleanups) await c();
    });

    it('packs every stored item, which reads back the same and answers the same searches', async () => {
      const { options, cleanup } = await backend.options();
      cleanups.push(cleanup);
      // The previous version's store, and what it answered.
      const old = await openDatabase({ ...options, migrateUpTo: BEFORE_BODIES });
      for (const item of items) await insertOldRow(old, item);
      const before = new Map<string, string[]>();
      for (const q of searches) {
        const rows = await old.query<{ id: string }>(`SELECT id FROM items WHERE items_search_vector(search_text, sort_time) @@ to_tsquery('simple', $1) ORDER BY sort_time DESC, id DESC`, [q]);
        before.set(q, rows.map((r) => r.id));
      }
      const oldLeads = await old.query<{ id: string; lead: string | null }>(`SELECT id, CASE WHEN jsonb_array_length(summary) = 0 THEN left(content, 2000) END AS lead FROM items ORDER BY id`);
      await old.close();
      expect(before.get("'kaspersky'")).toEqual(['en', 'ar']); // the searches do find something
      expect(before.get("'ransom':*")).toEqual(['long', 'en']);

      const store = await openStore(options);
      try {
        const counts = await store.database.query<{ packed: number; columns_left: number }>(
          `SELECT count(body)::int AS packed, count(*) FILTER (WHERE content <> '' OR summary <> '[]' OR entities <> '[]')::int AS columns_left FROM items`,
        );
        expect(counts).toEqual([{ packed: items.length, columns_left: 0 }]);
        expect(await store.database.query(`SELECT name FROM schema_migrations WHERE name = $1`, [PACK_ITEM_BODIES])).toHaveLength(1);

        for (const item of items) {
          expect(await store.items.get(item.id)).toEqual({ ...item, publishedSource: item.published ? 'feed' : null, sourceName: null });
        }
        const heads = await store.items.headsByIds(items.map((i) => i.id));
        expect(heads.map((h) => [h.id, h.lead]).sort()).toEqual(oldLeads.map((r) => [r.id, r.lead]));
        expect(heads.map((h) => h.analysis.entities)).toEqual(items.map((i) => i.analysis.entities));
        for (const q of searches) {
          expect((await store.items.find({ tsquery: q })).map((i) => i.id), q).toEqual(before.get(q));
          expect((await store.items.findRefs({ tsquery: q })).map((i) => i.id), q).toEqual(before.get(q));
        }
        // Unchanged items stay duplicates: the content hash survived the move.
        expect(await store.items.upsert(items)).toEqual(items.map(() => 'duplicate'));
      } finally {
        await store.close();
      }
      // Once only: a second open finds nothing left to pack.
      const again = await openStore(options);
      try {
        expect(await again.items.count()).toBe(items.length);
        expect((await again.items.get('long'))?.content).toBe(long);
      } finally {
        await again.close();
      }
      // Creating a PGlite store and reopening it twice takes 20-30 s on a loaded machine.
    }, 120_000);
  });
}
