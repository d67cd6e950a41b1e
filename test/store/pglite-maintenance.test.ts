import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PgliteMaintenance } from '../../src/store/pglite-maintenance.js';
import { openStore } from '../../src/store/store.js';
import { makeItem } from '../helpers/item-factory.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cp-maint-'));
  dirs.push(dir);
  return dir;
}

const topicItems = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) =>
    makeItem({ id: `m${from + i}`, published: new Date(Date.UTC(2026, 10, 1) + (from + i) * 60_000) }, { topics: [{ slug: i % 4 === 0 ? 'paris-call' : 'ransomware', score: 1 }] }),
  );

async function reltuples(query: (sql: string) => Promise<{ n: number }[]>, table = 'items'): Promise<number> {
  return (await query(`SELECT reltuples::float8 AS n FROM pg_class WHERE relname = '${table}'`))[0]!.n;
}

describe('PGlite maintenance (no autovacuum in a single backend)', () => {
  it('analyses a never-analysed items table, then again only after autovacuum’s threshold of changes', async () => {
    const store = await openStore({ dataDir: tempDir() });
    try {
      const query = (sql: string) => store.database.query<{ n: number }>(sql);
      const client = {
        exec: (sql: string) => store.database.query(sql),
        query: async <T,>(sql: string) => ({ rows: await store.database.query<T>(sql) }),
      };
      const maintenance = new PgliteMaintenance(client);
      expect(await maintenance.itemsNeedAnalyze()).toBe(false); // empty: nothing to plan for
      await store.items.upsert(topicItems(0, 400));
      expect(await reltuples(query)).toBe(-1);
      expect(await maintenance.itemsNeedAnalyze()).toBe(true);
      await maintenance.run({ checkpoint: true });
      expect(await reltuples(query)).toBe(400);
      // item_topics (one row per item here) with it: without statistics its topic pages were sorted whole.
      expect(await reltuples(query, 'item_topics')).toBe(400);
      expect(await maintenance.itemsNeedAnalyze()).toBe(false);

      await store.items.upsert(topicItems(400, 80)); // 80 < 50 + 10 % of 400
      expect(await maintenance.itemsNeedAnalyze()).toBe(false);
      await store.items.upsert(topicItems(480, 20)); // 100 changes in all
      expect(await maintenance.itemsNeedAnalyze()).toBe(true);
      await maintenance.run({ checkpoint: false });
      expect(await reltuples(query)).toBe(500);
      expect(await reltuples(query, 'item_topics')).toBe(500);
    } finally {
      await store.close();
    }
  });

  it('leaves statistics behind when a store is closed after an import', async () => {
    const dir = tempDir();
    const first = await openStore({ dataDir: dir });
    await first.items.upsert(topicItems(0, 300));
    await first.close();
    const again = await openStore({ dataDir: dir });
    try {
      expect(await reltuples((sql) => again.database.query<{ n: number }>(sql))).toBe(300);
    } finally {
      await again.close();
    }
  });
});
