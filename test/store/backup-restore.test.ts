import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { getTableName } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupFileError, NOT_BACKED_UP } from '../../src/store/backup/backup-format.js';
import { StoreNotEmptyError, restoreBackup } from '../../src/store/backup/restore-backup.js';
import { listStoreTables } from '../../src/store/backup/store-tables.js';
import { writeBackup } from '../../src/store/backup/write-backup.js';
import { schema } from '../../src/store/schema.js';
import { openStore, type Store } from '../../src/store/store.js';
import { seedItems } from '../commands/fixtures.js';

const KEY = 'backup-test-key-0123456789';
const TOKEN = 'xoxb-backup-secret-token-42';
const NOW = new Date('2026-12-01T09:00:00Z');
const work = mkdtempSync(join(tmpdir(), 'cp-backup-'));
let source: Store;

/** A store with rows in every table the schema has today, plus one table "a later migration" added. */
async function fill(store: Store): Promise<void> {
  await store.items.upsert(seedItems());
  await store.sources.add({ id: 'src-1', url: 'https://feeds.example/a.xml', title: 'A', addedBy: 'cli', now: NOW });
  await store.channels.getOrCreate('demo:1', NOW);
  await store.channels.addTopics('demo:1', ['paris-call'], NOW);
  await store.deliveries.enqueueFrozen({ channelId: 'demo:1', periodKey: 'manual:1', kind: 'manual', windowStart: NOW, windowEnd: NOW, storyIds: ['s1'] }, NOW);
  await store.database.query(`INSERT INTO sent_stories (channel_id, story_id, sent_at) VALUES ('demo:1', 's0', now())`);
  await store.installations.save('slack:T1', 'slack', { botToken: TOKEN }, NOW);
  await store.conversations.save('teams:t1:c1', { serviceUrl: 'https://smba.example/', conversation: { id: 'c1' } }, NOW);
  await store.database.query(`CREATE TABLE follows_extra (id bigserial PRIMARY KEY, channel_id text NOT NULL REFERENCES channels(id), note text[] NOT NULL DEFAULT '{}', meta jsonb, at timestamptz)`);
  await store.database.query(`INSERT INTO follows_extra (channel_id, note, meta, at) VALUES ('demo:1', '{"a","b \\"q\\""}', '{"x":[1,2,{"y":null}]}', '2026-12-01T09:00:00.123456Z'), ('demo:1', '{}', NULL, NULL)`);
  // Far longer than one decompressed chunk (16 KiB): multi-byte characters fall across chunk edges.
  await store.database.query(`INSERT INTO follows_extra (channel_id, meta) VALUES ('demo:1', $1::jsonb)`, [JSON.stringify({ text: 'نداء باريس 巴黎倡议 Paryžiaus kvietimas '.repeat(8_000) })]);
}

/** Every table's rows as PostgreSQL's JSON, in key order: two stores compare equal row for row. */
async function contents(store: Store): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  await store.database.transaction(async (query) => {
    for (const t of await listStoreTables(query)) {
      const rows = await query(`SELECT to_jsonb(r)::text AS j FROM "${t.name}" r ORDER BY ${t.key.map((k) => `"${k}"`).join(', ')}`);
      out[t.name] = rows.map((r) => String(r.j));
    }
  });
  return out;
}

async function emptyStore(): Promise<Store> {
  const store = await openStore({ dataDir: 'memory://', encryptionKey: KEY });
  await store.database.query(`CREATE TABLE follows_extra (id bigserial PRIMARY KEY, channel_id text NOT NULL REFERENCES channels(id), note text[] NOT NULL DEFAULT '{}', meta jsonb, at timestamptz)`);
  return store;
}

beforeAll(async () => {
  source = await openStore({ dataDir: 'memory://', encryptionKey: KEY });
  await fill(source);
}, 120_000);
afterAll(async () => {
  await source.close();
  rmSync(work, { recursive: true, force: true });
});

describe('backup and restore', { timeout: 120_000 }, () => {
  it('backs up every table of the schema (a table missing from the backup fails here), in dependency order', async () => {
    const file = join(work, 'tables.jsonl.gz');
    const { header } = await writeBackup(source.database, file, NOW);
    const names = header.tables.map((t) => t.name);
    for (const table of Object.values(schema)) expect(names).toContain(getTableName(table));
    const catalogue = await source.database.query<{ relname: string }>(`SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'`);
    expect([...names].sort()).toEqual(catalogue.map((r) => r.relname).filter((n) => !NOT_BACKED_UP.has(n)).sort());
    expect(names.indexOf('follows_extra')).toBeGreaterThan(names.indexOf('channels'));
    expect(header).toMatchObject({ format: 'cyberpolicy-backup', version: 1, createdAt: NOW.toISOString(), store: 'pglite' });
    expect(header.migrations[0]).toBe('0001_initial.sql');
    const filled = ['items', 'sources', 'channels', 'deliveries', 'sent_stories', 'installations', 'conversation_refs', 'follows_extra'];
    for (const name of filled) expect(header.tables.find((t) => t.name === name)?.rows, name).toBeGreaterThan(0);
  });

  it('restores into an empty store row for row, sealed tokens still sealed and readable with the key; serial ids continue', async () => {
    const file = join(work, 'full.jsonl.gz');
    await writeBackup(source.database, file, NOW);
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    expect(text).not.toContain(TOKEN);
    const target = await emptyStore();
    try {
      await restoreBackup(target.database, file);
      expect(await contents(target)).toEqual(await contents(source));
      // Secondary indexes are dropped for the load and built again afterwards: the same set as before.
      const indexes = (store: Store) => store.database.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`);
      expect(await indexes(target)).toEqual(await indexes(source));
      expect((await indexes(target)).map((r) => r.indexname)).toContain('items_search_vector_idx');
      // item_topics is not in the file: the restore fills it from the items (migration 0014), and its trigger is on again.
      const itemTopics = (store: Store) => store.database.query(`SELECT topic, sort_time, item_id, story_id FROM item_topics ORDER BY 1, 2, 3`);
      expect((await itemTopics(source)).length).toBeGreaterThan(0);
      expect(await itemTopics(target)).toEqual(await itemTopics(source));
      const triggers = (store: Store) => store.database.query(`SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'items'::regclass AND NOT tgisinternal ORDER BY 1`);
      expect(await triggers(target)).toEqual(await triggers(source));
      expect(await target.installations.get('slack:T1')).toEqual({ botToken: TOKEN });
      expect(await target.installations.rawData('slack:T1')).toBe(await source.installations.rawData('slack:T1'));
      const [next] = await target.database.query<{ id: number }>(`INSERT INTO follows_extra (channel_id) VALUES ('demo:1') RETURNING id`);
      expect(Number(next!.id)).toBe(4);
    } finally {
      await target.close();
    }
  });

  it('refuses a non-empty store, naming what it holds, and writes nothing', async () => {
    const file = join(work, 'refuse.jsonl.gz');
    await writeBackup(source.database, file, NOW);
    const target = await emptyStore();
    try {
      await target.sources.add({ id: 'x', url: 'https://feeds.example/x.xml', now: NOW });
      await target.channels.getOrCreate('demo:9', NOW);
      const err = await restoreBackup(target.database, file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StoreNotEmptyError);
      expect((err as Error).message).toBe('the store is not empty: it holds channels (1 rows), sources (1 rows). Restore into an empty store (a new DATA_DIR, or a new PostgreSQL database); nothing was written');
      expect(await target.items.count()).toBe(0);
    } finally {
      await target.close();
    }
  });

  it('refuses a truncated or altered file before writing anything, naming the file', async () => {
    const file = join(work, 'good.jsonl.gz');
    await writeBackup(source.database, file, NOW);
    const bytes = readFileSync(file);
    const plain = gunzipSync(bytes).toString('utf8');
    const lines = plain.split('\n');
    const cases: [string, Buffer, RegExp][] = [
      ['cut.jsonl.gz', bytes.subarray(0, Math.floor(bytes.length / 2)), /cut\.jsonl\.gz: the file is truncated \(its compressed data ends early\)/],
      ['lines.jsonl.gz', gzipSync(lines.slice(0, 5).join('\n') + '\n'), /lines\.jsonl\.gz: the file is truncated \(no end line after line 5\)/],
      ['altered.jsonl.gz', gzipSync(plain.replace('"paris-call"', '"ransomware"')), /altered\.jsonl\.gz: checksum mismatch/],
      ['text.jsonl.gz', Buffer.from('hello\n'), /text\.jsonl\.gz: not a cyberpolicy backup/],
    ];
    const target = await emptyStore();
    try {
      for (const [name, content, message] of cases) {
        writeFileSync(join(work, name), content);
        const err = await restoreBackup(target.database, join(work, name)).catch((e: unknown) => e);
        expect(err, name).toBeInstanceOf(BackupFileError);
        expect((err as Error).message).toMatch(message);
        const left = await contents(target);
        expect(Object.keys(left)).toContain('items');
        expect(Object.entries(left).filter(([, rows]) => rows.length > 0)).toEqual([]);
      }
    } finally {
      await target.close();
    }
  });
});
