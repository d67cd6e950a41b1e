import { readdirSync, readFileSync } from 'node:fs';
import { fromRoot } from '../package-root.js';
import type { Logger } from '../logger.js';
import type { Database } from './database.js';
import { PACK_ITEM_BODIES, packItemBodies } from './pack-item-bodies.js';

const MIGRATION_LOCK = 7_361_002; // advisory-lock key shared by every cyberpolicy process

/**
 * Apply src/store/migrations/*.sql in name order, once each, even when several processes start together.
 * `upTo` (tests: a store as an older version left it) stops after that file and skips the steps in code.
 */
export async function runMigrations(database: Database, logger?: Logger, upTo?: string): Promise<string[]> {
  const dir = fromRoot('src', 'store', 'migrations');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql') && (upTo === undefined || f <= upTo))
    .sort();
  const applied: string[] = [];
  await database.withSession(async (query) => {
    const locking = database.kind === 'postgres';
    if (locking) await query(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await query(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const file of files) {
        const done = await query(`SELECT 1 FROM schema_migrations WHERE name = $1`, [file]);
        if (done.length > 0) continue;
        const text = readFileSync(`${dir}/${file}`, 'utf8');
        // Some rebuild an index over every item (0005: about a minute at 100k on PGlite): say so first.
        logger?.info({ migration: file }, 'applying database migration');
        await query('BEGIN');
        try {
          await query(text);
          await query(`INSERT INTO schema_migrations (name) VALUES ($1)`, [file]);
          await query('COMMIT');
        } catch (err) {
          await query('ROLLBACK');
          throw err;
        }
        applied.push(file);
      }
      // Migration 0013's rows: packing needs deflate, which SQL has not, so it runs here, once.
      if (upTo === undefined && (await query(`SELECT 1 FROM schema_migrations WHERE name = $1`, [PACK_ITEM_BODIES])).length === 0) {
        logger?.info({ step: PACK_ITEM_BODIES }, 'packing stored items (once; minutes on a large store: 10,000 items took 3 on a loaded 2-core machine)');
        const packed = await packItemBodies(query);
        // Each packed row left its old version behind: PGlite has no autovacuum, and its folder is
        // only smaller once the table is rewritten. PostgreSQL's autovacuum makes the space reusable
        // (VACUUM FULL items, in a quiet hour, would return it to the file system).
        if (packed > 0 && database.kind === 'pglite') await query('VACUUM FULL items');
        await query(`INSERT INTO schema_migrations (name) VALUES ($1)`, [PACK_ITEM_BODIES]);
        applied.push(PACK_ITEM_BODIES);
      }
    } finally {
      if (locking) await query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
  if (applied.length > 0) logger?.info({ applied }, 'database migrated');
  return applied;
}
