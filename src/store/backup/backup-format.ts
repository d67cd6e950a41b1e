import { z } from 'zod';

/**
 * The backup file, version 1 (README, "Running it for real"): gzip-compressed JSON Lines, UTF-8.
 *
 *   line 1      header  {"format":"cyberpolicy-backup","version":1,"createdAt":…,"store":"pglite"|"postgres",
 *                        "migrations":["0001_initial.sql",…],
 *                        "tables":[{"name":"items","columns":["id",…],"rows":52},…]}   (tables in load order)
 *   lines 2..n  rows    {"t":"items","r":{…the row as PostgreSQL's to_jsonb gives it…}}, table by table
 *   last line   trailer {"end":true,"rows":{"items":52,…},"sha256":"<hex>"}
 *
 * `sha256` is over every byte before the trailer line (uncompressed, newlines included), so a file cut
 * short at any point, or altered, is refused before anything is written. Values keep PostgreSQL's own
 * JSON forms (timestamps with offsets, arrays, jsonb as is), and sealed Slack installations stay sealed:
 * they are copied as stored.
 */
export const BACKUP_FORMAT = 'cyberpolicy-backup';
export const BACKUP_VERSION = 1;

/**
 * Runtime tables that are not data to carry over: the migration log (in the header instead) and
 * item_topics, which triggers derive from items (migration 0014; a restore refills it), and learned_rates,
 * the platforms' posting limits as last learned (migration 0015; a restored store learns them again).
 */
export const NOT_BACKED_UP: ReadonlySet<string> = new Set(['schema_migrations', 'item_topics', 'learned_rates']);

export const TableHeaderSchema = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  columns: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)).min(1),
  rows: z.number().int().min(0),
});
export type TableHeader = z.infer<typeof TableHeaderSchema>;

export const BackupHeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  store: z.enum(['pglite', 'postgres']),
  migrations: z.array(z.string()),
  tables: z.array(TableHeaderSchema),
});
export type BackupHeader = z.infer<typeof BackupHeaderSchema>;

export const TrailerSchema = z.object({
  end: z.literal(true),
  rows: z.record(z.string(), z.number().int().min(0)),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupTrailer = z.infer<typeof TrailerSchema>;

/** A backup file that cannot be restored: names the file and where it went wrong. */
export class BackupFileError extends Error {}
