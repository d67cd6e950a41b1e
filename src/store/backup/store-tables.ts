import type { SessionQuery } from '../database.js';
import { NOT_BACKED_UP } from './backup-format.js';

export interface StoreTable {
  name: string;
  /** Columns a backup carries and a restore inserts: every stored column (generated ones are computed again). */
  columns: string[];
  /** Primary key columns (rows are written in this order, so two backups of one store compare line by line). */
  key: string[];
}

/**
 * Every table of the store, read from the database catalogue rather than a list in code: a table a
 * later migration adds is backed up and restored without touching this module. Ordered so that a table
 * comes after the tables its foreign keys point to (alphabetical otherwise).
 */
export async function listStoreTables(query: SessionQuery): Promise<StoreTable[]> {
  const tables = (await query(`SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`))
    .map((r) => String(r.name))
    .filter((name) => !NOT_BACKED_UP.has(name));
  const columns = await query(
    `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      WHERE c.relnamespace = current_schema()::regnamespace AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
  );
  const keys = await query(
    `SELECT c.relname AS table_name, a.attname AS column_name
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
       JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, pos) ON true
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace
      ORDER BY c.relname, k.pos`,
  );
  const references = await query(
    `SELECT src.relname AS table_name, dst.relname AS references
       FROM pg_constraint f JOIN pg_class src ON src.oid = f.conrelid JOIN pg_class dst ON dst.oid = f.confrelid
      WHERE f.contype = 'f' AND src.relnamespace = current_schema()::regnamespace`,
  );
  const byTable = (rows: Record<string, unknown>[], table: string) => rows.filter((r) => r.table_name === table).map((r) => String(r.column_name));
  const found = tables.map((name) => ({ name, columns: byTable(columns, name), key: byTable(keys, name) }));
  const dependsOn = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const r of references) {
    const from = String(r.table_name);
    const to = String(r.references);
    if (from !== to && dependsOn.has(from) && dependsOn.has(to)) dependsOn.get(from)!.add(to);
  }
  return dependencyOrder(found, dependsOn);
}

/** Kahn's algorithm, alphabetical among tables that are ready; a cycle keeps the rest alphabetical. */
function dependencyOrder(tables: StoreTable[], dependsOn: Map<string, Set<string>>): StoreTable[] {
  const ordered: StoreTable[] = [];
  const placed = new Set<string>();
  let rest = [...tables];
  while (rest.length > 0) {
    const ready = rest.filter((t) => [...dependsOn.get(t.name)!].every((d) => placed.has(d)));
    const next = ready.length > 0 ? ready : [rest[0]!];
    for (const t of next) {
      ordered.push(t);
      placed.add(t.name);
    }
    rest = rest.filter((t) => !placed.has(t.name));
  }
  return ordered;
}

/** A quoted SQL identifier (names come from the catalogue or a validated backup header). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
