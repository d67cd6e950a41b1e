import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type { Database } from '../database.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader } from './backup-format.js';
import { ident, listStoreTables } from './store-tables.js';

/** Rows fetched per round trip from the snapshot's cursor: bounded memory whatever the store's size. */
const FETCH_ROWS = 2_000;

export interface BackupResult {
  file: string;
  bytes: number;
  header: BackupHeader;
}

/**
 * Write a backup of every table to `file` (format: backup-format.ts) from one REPEATABLE READ, READ ONLY
 * transaction, so the copy is one consistent moment even while other processes write. The file appears
 * under its name only when complete (written aside, then renamed).
 */
export async function writeBackup(database: Database, file: string, now: Date = new Date()): Promise<BackupResult> {
  const aside = `${file}.partial-${process.pid}`;
  const gzip = createGzip({ level: 3 });
  const sink = createWriteStream(aside, { mode: 0o600 });
  const piped = new Promise<void>((resolve, reject) => {
    gzip.on('error', reject);
    sink.on('error', reject);
    sink.on('finish', () => resolve());
  });
  gzip.pipe(sink);
  const hash = createHash('sha256');
  const write = async (line: string) => {
    hash.update(line);
    if (!gzip.write(line)) await Promise.race([once(gzip, 'drain'), piped]);
  };

  try {
    const header = await database.transaction(
      async (query) => {
        const tables = await listStoreTables(query);
        const migrations = (await query(`SELECT name FROM schema_migrations ORDER BY name`)).map((r) => String(r.name));
        const counts: number[] = [];
        for (const t of tables) counts.push(Number((await query(`SELECT count(*)::int AS n FROM ${ident(t.name)}`))[0]?.n ?? 0));
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: now.toISOString(),
          store: database.kind,
          migrations,
          tables: tables.map((t, i) => ({ name: t.name, columns: t.columns, rows: counts[i]! })),
        };
        await write(JSON.stringify(header) + '\n');
        for (const t of tables) {
          const order = t.key.length > 0 ? ` ORDER BY ${t.key.map(ident).join(', ')}` : '';
          // ::text: PostgreSQL's JSON goes to the file as it is, never parsed and re-encoded here.
          await query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT to_jsonb(r)::text AS j FROM ${ident(t.name)} r${order}`);
          const prefix = `{"t":${JSON.stringify(t.name)},"r":`;
          let written = 0;
          for (;;) {
            const rows = await query(`FETCH ${FETCH_ROWS} FROM backup_rows`);
            if (rows.length > 0) await write(rows.map((row) => `${prefix}${String(row.j)}}\n`).join(''));
            written += rows.length;
            if (rows.length < FETCH_ROWS) break;
          }
          await query(`CLOSE backup_rows`);
          if (written !== header.tables.find((h) => h.name === t.name)!.rows) throw new Error(`${t.name}: read ${written} rows, counted ${header.tables.find((h) => h.name === t.name)!.rows}`);
        }
        return header;
      },
      { snapshot: true },
    );
    const trailer = { end: true, rows: Object.fromEntries(header.tables.map((t) => [t.name, t.rows])), sha256: hash.digest('hex') };
    gzip.end(JSON.stringify(trailer) + '\n');
    await piped;
    await rename(aside, file);
    return { file, bytes: sink.bytesWritten, header };
  } catch (err) {
    gzip.destroy();
    sink.destroy();
    await rm(aside, { force: true });
    throw err;
  }
}
