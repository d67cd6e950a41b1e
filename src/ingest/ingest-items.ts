import type { Analyzer } from '../analysis/analyzer.js';
import { itemTime, type AnalyzedItem, type Item } from '../items/item.js';
import type { UpsertOutcome } from '../store/item-repository.js';
import type { Store } from '../store/store.js';

export interface IngestCounts {
  new: number;
  updated: number;
  duplicate: number;
}

export function emptyCounts(): IngestCounts {
  return { new: 0, updated: 0, duplicate: 0 };
}

const DAY = 24 * 60 * 60 * 1000;
/** Known items this far around the batch are story candidates (the analyser joins stories across them). */
const STORY_WINDOW_BEFORE = 14 * DAY;
const STORY_WINDOW_AFTER = 2 * DAY;
const CHUNK = 500;
/**
 * Known items the analyser has no facts for are read whole in pages of this many. A fresh process
 * has none cached, so the first batch of an import into a big store (or of a feed poll) read its
 * whole story window in one query (~3,000 rows at 100k items, up to 5,000), a result PGlite buffers
 * and copies whole on its way to rows.
 */
const READ_PAGE = 200;

/** Analyse a batch against the stored items of its time window, then store it. */
export async function ingestItems(items: Item[], deps: { store: Store; analyzer: Analyzer }): Promise<IngestCounts> {
  const counts = emptyCounts();
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    const times = chunk.map((item) => itemTime(item).getTime());
    const since = new Date(Math.min(...times) - STORY_WINDOW_BEFORE);
    const until = new Date(Math.max(...times) + STORY_WINDOW_AFTER);
    const refs = await deps.store.items.storyCandidates(since, until);
    // Only the candidates whose story facts the analyser has not cached are read whole. Another
    // ingest may analyse (and evict cached facts) while we wait, so check again until nothing is
    // missing; the last check and analyze() run without a pause between them.
    const whole = new Map<string, AnalyzedItem>();
    const asked = new Set<string>();
    for (;;) {
      const missing = deps.analyzer.uncachedKnown(refs).filter((id) => !asked.has(id));
      if (missing.length === 0) break;
      for (const id of missing) asked.add(id);
      for (let j = 0; j < missing.length; j += READ_PAGE) {
        for (const item of await deps.store.items.getMany(missing.slice(j, j + READ_PAGE))) whole.set(item.id, item);
      }
    }
    const known = refs.map((r) => whole.get(r.id) ?? r);
    const analyzed = deps.analyzer.analyze(chunk, { known });
    const outcomes = await deps.store.items.upsert(analyzed);
    addOutcomes(counts, outcomes);
  }
  return counts;
}

export function addOutcomes(counts: IngestCounts, outcomes: UpsertOutcome[]): void {
  for (const o of outcomes) counts[o]++;
}

export function addCounts(into: IngestCounts, more: IngestCounts): void {
  into.new += more.new;
  into.updated += more.updated;
  into.duplicate += more.duplicate;
}
