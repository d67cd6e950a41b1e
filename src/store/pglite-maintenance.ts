/**
 * What PostgreSQL's background workers would do, for PGlite, which runs a single backend without
 * them: a periodic CHECKPOINT (else pg_wal grows past 1 GB on a long import; bench/) and ANALYZE
 * of the items table once it has changed by autovacuum's own threshold (50 rows + 10 %). Without
 * statistics the planner fetched and sorted every item of a topic for the newest 300 (150–350 ms
 * at 100k items); with them it walks the time index (10 ms).
 *
 * ANALYZE names its columns: a whole-table ANALYZE also samples the expression index on
 * items_search_vector(search_text, sort_time), computing a tsvector per sampled row (8.7 s at 10k items),
 * while the columns alone take about a second at 10k items.
 */
export interface MaintenanceClient {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string): Promise<{ rows: T[] }>;
}

const ANALYZED_COLUMNS = 'sort_time, topic_slugs, main_topic, entity_ids, story_id, lang, source_id';
const STATISTICS_TARGET = 20;

export class PgliteMaintenance {
  /** Row changes (inserts + updates + deletes) counted by the statistics system at the last ANALYZE. */
  private changesAtAnalyze = 0;
  private running: Promise<void> | null = null;

  constructor(private readonly client: MaintenanceClient) {}

  /** One pass; never throws (a failed pass is retried at the next). */
  run(options: { checkpoint: boolean }): Promise<void> {
    this.running ??= this.pass(options.checkpoint)
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Whether items changed enough since the last ANALYZE (or were never analysed) to plan badly. */
  async itemsNeedAnalyze(): Promise<boolean> {
    // Row counts reach the statistics views at most once a second unless a flush is asked for.
    await this.client.exec('SELECT pg_stat_force_next_flush()');
    const [row] = (
      await this.client.query<{ reltuples: number; changes: number | null; any_rows: boolean }>(
        `SELECT c.reltuples::float8 AS reltuples,
                (SELECT n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables WHERE relid = c.oid)::float8 AS changes,
                EXISTS (SELECT 1 FROM items) AS any_rows
           FROM pg_class c WHERE c.relname = 'items' AND c.relkind = 'r'`,
      )
    ).rows;
    if (!row || !row.any_rows) return false;
    if (row.reltuples < 0) return true;
    return (row.changes ?? 0) - this.changesAtAnalyze > 50 + 0.1 * row.reltuples;
  }

  private async pass(checkpoint: boolean): Promise<void> {
    if (await this.itemsNeedAnalyze()) {
      // A small sample (300 × target rows): each sampled row is read whole (~4 KB inline), and
      // PGlite's memory never shrinks; the default target of 100 added ~40 MB to serve's RSS at 100k.
      await this.client.exec(`SET default_statistics_target = ${STATISTICS_TARGET}; ANALYZE items (${ANALYZED_COLUMNS}); RESET default_statistics_target`);
      // item_topics (migration 0014) changes with items. Without statistics the planner fetched and
      // sorted every row of a topic (15,777 at 100k items) instead of reading 300 down its key.
      // Narrow rows: the whole table costs about what the columns of items above do.
      await this.client.exec(`SET default_statistics_target = ${STATISTICS_TARGET}; ANALYZE item_topics; RESET default_statistics_target`).catch(() => undefined);
      await this.client.exec('SELECT pg_stat_force_next_flush()');
      const [row] = (
        await this.client.query<{ changes: number | null }>(
          `SELECT (n_tup_ins + n_tup_upd + n_tup_del)::float8 AS changes FROM pg_stat_user_tables WHERE relname = 'items'`,
        )
      ).rows;
      this.changesAtAnalyze = row?.changes ?? 0;
    }
    if (checkpoint) await this.client.exec('CHECKPOINT');
  }
}
