import type { Analyzer } from '../analysis/analyzer.js';
import { itemTime, type Item } from '../items/item.js';
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

/** Analyse a batch against the stored items of its time window, then store it. */
export async function ingestItems(items: Item[], deps: { store: Store; analyzer: Analyzer }): Promise<IngestCounts> {
  const counts = emptyCounts();
  for (let i = 0; i < items.length; i += CHUNK) {
    const chunk = items.slice(i, i + CHUNK);
    const times = chunk.map((item) => itemTime(item).getTime());
    const since = new Date(Math.min(...times) - STORY_WINDOW_BEFORE);
    const until = new Date(Math.max(...times) + STORY_WINDOW_AFTER);
    const known = await deps.store.items.storyCandidates(since, until);
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
