import type { Analyzer } from '../analysis/analyzer.js';
import { systemClock, type Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { ingestSamples } from './sample-items.js';

const SAMPLES_LOCK = 7_361_003; // advisory-lock key: first-start sample loading

/** First start on an empty store: load the bundled samples so every command has something to show. */
export async function loadSamplesIfEmpty(store: Store, analyzer: Analyzer, logger: Logger, clock: Clock = systemClock): Promise<void> {
  // Replicas starting together take turns (advisory lock on PostgreSQL), so only the first one loads.
  const locking = store.database.kind === 'postgres';
  await store.database.withSession(async (query) => {
    if (locking) await query(`SELECT pg_advisory_lock(${SAMPLES_LOCK})`);
    try {
      if ((await store.items.count()) > 0) return;
      // Dated relative to today (the demo never ages); the seeds get their names, no invented date.
      const { files, counts } = await ingestSamples({ store, analyzer }, { clock });
      logger.info({ files: files.length, items: files.reduce((n, f) => n + f.items.length, 0), counts }, 'sample items loaded into the empty store');
    } finally {
      if (locking) await query(`SELECT pg_advisory_unlock(${SAMPLES_LOCK})`);
    }
  });
}
