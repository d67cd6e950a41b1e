/**
 * Where a store's disk goes: each relation of the items table (heap, TOAST, every index) and the
 * average stored size of each column (pg_column_size: after compression, inline or in TOAST), plus
 * the folder's own size split into base/ and pg_wal/.
 *   npx tsx bench/store-sizes.ts --dir /tmp/cyberpolicy-bench/store-10000
 */
import { join } from 'node:path';
import { openDatabase } from '../src/store/database.js';
import { diskBytes, flag } from './bench-util.js';

const dir = flag('dir', '/tmp/cyberpolicy-bench/store-10000');
const mb = (n: unknown) => (Number(n) / 1e6).toFixed(1);
const database = await openDatabase({ dataDir: dir, lock: { command: 'bench store-sizes' } });
try {
  const relations = await database.query<{ name: string; kind: string; bytes: string }>(`
    SELECT c.relname AS name, c.relkind AS kind, pg_relation_size(c.oid) AS bytes
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('public', 'pg_toast') AND pg_relation_size(c.oid) > 0
     ORDER BY pg_relation_size(c.oid) DESC LIMIT 25`);
  console.log('relation sizes (MB):');
  for (const r of relations) console.log(`  ${mb(r.bytes).padStart(8)}  ${r.kind}  ${r.name}`);
  const [total] = await database.query<{ db: string; items: string }>(`SELECT pg_database_size(current_database()) AS db, pg_total_relation_size('items') AS items`);
  console.log(`database ${mb(total!.db)} MB, items with TOAST and indexes ${mb(total!.items)} MB`);
  const columns = await database.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'items' ORDER BY ordinal_position`);
  const sums = columns.map((c) => `avg(pg_column_size("${c.column_name}"))::int AS "${c.column_name}"`).join(', ');
  const [avg] = await database.query<Record<string, number>>(`SELECT count(*)::int AS n, ${sums}, avg(octet_length(search_text))::int AS search_text_raw, avg(octet_length(content))::int AS content_raw, avg(octet_length(body))::int AS body_raw FROM items`);
  console.log('average stored bytes per item:', avg);
} finally {
  await database.close();
}
const base = diskBytes(join(dir, 'base'));
const wal = diskBytes(join(dir, 'pg_wal'));
console.log(`folder ${mb(diskBytes(dir))} MB: base ${mb(base)}, pg_wal ${mb(wal)}`);
