import type { Analyzer } from '../analysis/analyzer.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { ingestItems } from './ingest-items.js';
import { loadSampleItems } from './sample-items.js';

const SAMPLES_LOCK = 7_361_003; // advisory-lock key: first-start sample loading

/** First start on an empty store: load the bundled samples so every command has something to show. */
export async function loadSamplesIfEmpty(store: Store, analyzer: Analyzer, logger: Logger): Promise<void> {
  // Replicas starting together take turns (advisory lock on PostgreSQL), so only the first one loads.
  const locking = store.database.kind === 'postgres';
  await store.database.withSession(async (query) => {
    if (locking) await query(`SELECT pg_advisory_lock(${SAMPLES_LOCK})`);
    try {
      if ((await store.items.count()) > 0) return;
      const files = await loadSampleItems();
      const items = files.flatMap((f) => f.items);
      const counts = await ingestItems(items, { store, analyzer });
      logger.info({ files: files.length, items: items.length, counts }, 'sample items loaded into the empty store');
    } finally {
      if (locking) await query(`SELECT pg_advisory_unlock(${SAMPLES_LOCK})`);
    }
  });
}
