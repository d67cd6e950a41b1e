import type { AnalyzedItem, Item } from '../items/item.js';

/**
 * A stored item named only by what the analyser caches its story facts under (id and simhash), with
 * its story: story grouping needs no more of an item the analyser has seen (see `uncachedKnown`).
 */
export interface KnownRef {
  id: string;
  story: string;
  simhash: string;
}

/**
 * Full analysis of items: language, topics, entities, summary, story id, search text.
 * Models (language detector, taxonomy, gazetteer, stemmers) are loaded once in `createAnalyzer`.
 */
export interface Analyzer {
  /**
   * Analyse a batch. Story ids are assigned against `known` (items already stored in the same time
   * window, with their story ids) and within the batch, so the same story from several sources or
   * languages shares one id. When a new item joins a known story it takes that story's id.
   * A known item given as a `KnownRef` counts only if `uncachedKnown` would not list it (callers
   * check that synchronously before the call, and pass the listed ones whole); otherwise it is skipped.
   */
  analyze(items: Item[], options?: { known?: readonly (AnalyzedItem | KnownRef)[] }): AnalyzedItem[];
  /** Ids of those stored items whose story facts the analyser has not cached: pass them to `analyze` whole. */
  uncachedKnown(refs: readonly KnownRef[]): string[];
  /** Turn user search words into a tsquery over `searchText` plus canonical entity ids they name. */
  searchQuery(words: string): { tsquery: string | null; entityIds: string[] };
}
