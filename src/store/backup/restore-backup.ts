import type { Database, SessionQuery } from '../database.js';
import { BackupFileError, type BackupHeader } from './backup-format.js';
import { readBackup } from './read-backup.js';
import { ident, listStoreTables, type StoreTable } from './store-tables.js';

/** Rows per INSERT, and the most JSON text one INSERT carries. */
const BATCH_ROWS = 500;
const BATCH_CHARS = 4 * 1024 * 1024;
const MAX_IN_FLIGHT = 3;

/** The target store already holds data: a restore never merges into it. */
export class StoreNotEmptyError extends Error {}

export interface RestoreResult {
  header: BackupHeader;
}

/**
 * Load a backup into an empty store, in one transaction: the file is checked completely first
 * (read-backup.ts), and any failure while loading rolls everything back. Rows keep their stored form
 * (sealed installations stay sealed); serial columns continue after the highest restored id.
 */
export async function restoreBackup(database: Database, file: string): Promise<RestoreResult> {
  const { header } = await readBackup(file);
  await database.transaction(async (query) => {
    const tables = await listStoreTables(query);
    await checkCompatible(query, header, tables, file);
    await refuseNonEmpty(query, tables);
    // Like pg_restore: rows first, then indexes built once over them (GIN indexes over 100k items cost
    // several times more updated row by row). Dropped and recreated inside the transaction.
    const indexes = await secondaryIndexes(query);
    for (const index of indexes) await query(`DROP INDEX ${index.name}`);
    // item_topics (migration 0014) likewise: filled once from the restored items, not row by row by its trigger.
    await query(`ALTER TABLE items DISABLE TRIGGER items_item_topics`);
    const byName = new Map(header.tables.map((t) => [t.name, t]));
    let batch: string[] = [];
    let batchTable = '';
    let chars = 0;
    // The file is read ahead while the server loads the previous batches: INSERTs run one after the
    // other (chained, one query at a time on the connection), up to MAX_IN_FLIGHT batches waiting.
    const inFlight: Promise<unknown>[] = [];
    let chain: Promise<unknown> = Promise.resolve();
    const flush = async () => {
      if (batch.length === 0) return;
      const columns = byName.get(batchTable)!.columns.map(ident).join(', ');
      const text = `INSERT INTO ${ident(batchTable)} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${ident(batchTable)}, $1::jsonb)`;
      const rows = `[${batch.join(',')}]`;
      // After a failure the chain stays rejected: no later INSERT is sent, and the transaction rolls back.
      const sent = chain.then(() => query(text, [rows]));
      sent.catch(() => undefined); // awaited below
      chain = sent;
      inFlight.push(sent);
      batch = [];
      chars = 0;
      if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
    };
    await readBackup(file, async (row) => {
      if (row.table !== batchTable || batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
        await flush();
        batchTable = row.table;
      }
      batch.push(row.json);
      chars += row.json.length;
    });
    await flush();
    for (const sent of inFlight.splice(0)) await sent;
    if (database.kind === 'postgres') await query(`SET LOCAL maintenance_work_mem = '256MB'`);
    // Its key is built once over the filled table (one sort) instead of grown row by row: 100k items,
    // 108k rows, 2.7-4.3 s -> 1.9-2.1 s on PostgreSQL (load 17). Rebuilt as it was, so it still checks the rows.
    const topicsKey = await primaryKey(query, 'item_topics');
    await query(`ALTER TABLE item_topics DROP CONSTRAINT ${ident(topicsKey.name)}`);
    await query(
      `INSERT INTO item_topics (topic, sort_time, item_id, story_id)
         SELECT DISTINCT t.topic, i.sort_time, i.id, i.story_id FROM items i CROSS JOIN LATERAL unnest(i.topic_slugs) AS t(topic)`,
    );
    await query(`ALTER TABLE item_topics ADD CONSTRAINT ${ident(topicsKey.name)} ${topicsKey.definition}`);
    await query(`ALTER TABLE items ENABLE TRIGGER items_item_topics`);
    for (const index of indexes) await query(index.definition);
    await continueSequences(query, header);
  });
  // Fresh statistics for the planner (outside the transaction; a failure here loses nothing).
  await analyzeColumns(database).catch(() => undefined);
  return { header };
}

/**
 * ANALYZE every table, naming the columns of tables with an expression index so that the expression is
 * left out: for the search index that is one search vector computed per sampled row (30,000 at 100k
 * items), 85 % of a whole ANALYZE (PostgreSQL, load 20: 21-40 s against 3-6 s for the columns). The
 * planner has every column's statistics at once. On PostgreSQL a column list does not reset the
 * table's count of changed rows, so autovacuum analyses it whole within a minute or so, expression
 * included; PGlite's maintenance never analyses the expression (src/store/pglite-maintenance.ts).
 */
async function analyzeColumns(database: Database): Promise<void> {
  const tables = await database.query<{ name: string; columns: string[]; expression: boolean }>(
    `SELECT c.relname::text AS name, array_agg(a.attname::text ORDER BY a.attnum) AS columns,
            EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indexprs IS NOT NULL) AS expression
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
      GROUP BY c.oid, c.relname ORDER BY 1`,
  );
  if (tables.length === 0) return;
  await database.query(`ANALYZE ${tables.map((t) => (t.expression ? `${ident(t.name)} (${t.columns.map(ident).join(', ')})` : ident(t.name))).join(', ')}`);
}

/** Refuse a backup made by a newer cyberpolicy (a migration or a column this store does not have). */
async function checkCompatible(query: SessionQuery, header: BackupHeader, tables: StoreTable[], file: string): Promise<void> {
  const applied = new Set((await query(`SELECT name FROM schema_migrations`)).map((r) => String(r.name)));
  const unknownMigration = header.migrations.find((m) => !applied.has(m));
  if (unknownMigration) throw new BackupFileError(`${file}: made by a newer cyberpolicy (migration ${unknownMigration} is not in this one); upgrade before restoring`);
  for (const t of header.tables) {
    const here = tables.find((x) => x.name === t.name);
    if (!here) throw new BackupFileError(`${file}: holds table ${t.name}, which this store does not have; upgrade before restoring`);
    const missing = t.columns.find((c) => !here.columns.includes(c));
    if (missing) throw new BackupFileError(`${file}: table ${t.name} has column ${missing}, which this store does not have; upgrade before restoring`);
  }
}

async function refuseNonEmpty(query: SessionQuery, tables: StoreTable[]): Promise<void> {
  const found: string[] = [];
  for (const t of tables) {
    const n = Number((await query(`SELECT count(*)::int AS n FROM ${ident(t.name)}`))[0]?.n ?? 0);
    if (n > 0) found.push(`${t.name} (${n} rows)`);
  }
  if (found.length > 0) throw new StoreNotEmptyError(`the store is not empty: it holds ${found.join(', ')}. Restore into an empty store (a new DATA_DIR, or a new PostgreSQL database); nothing was written`);
}

/** A table's primary key constraint: its name and definition (`PRIMARY KEY (…)`). */
async function primaryKey(query: SessionQuery, table: string): Promise<{ name: string; definition: string }> {
  const [row] = await query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
    [ident(table)],
  );
  if (!row) throw new Error(`${table} has no primary key`);
  return { name: String(row.name), definition: String(row.definition) };
}

/** Indexes that back no constraint (primary keys and unique constraints stay: they check the rows). */
async function secondaryIndexes(query: SessionQuery): Promise<{ name: string; definition: string }[]> {
  const rows = await query(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND c.relname <> 'schema_migrations'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY 1`,
  );
  return rows.map((r) => ({ name: String(r.name), definition: String(r.definition) }));
}

/** Serial and identity columns continue after the restored ids, so new rows never collide with them. */
async function continueSequences(query: SessionQuery, header: BackupHeader): Promise<void> {
  for (const t of header.tables) {
    for (const c of t.columns) {
      const [row] = await query(`SELECT pg_get_serial_sequence($1, $2) AS seq`, [ident(t.name), c]);
      const seq = row?.seq;
      if (typeof seq !== 'string') continue;
      await query(`SELECT setval($1::regclass, COALESCE((SELECT max(${ident(c)}) FROM ${ident(t.name)}), 0) + 1, false)`, [seq]);
    }
  }
}
