import type { AnalyzedItem, Item } from '../items/item.js';

/**
 * Full analysis of items: language, topics, entities, summary, story id, search text.
 * Models (language detector, taxonomy, gazetteer, stemmers) are loaded once in `createAnalyzer`.
 */
export interface Analyzer {
  /**
   * Analyse a batch. Story ids are assigned against `known` (items already stored in the same time
   * window, with their story ids) and within the batch, so the same story from several sources or
   * languages shares one id. When a new item joins a known story it takes that story's id.
   */
  analyze(items: Item[], options?: { known?: AnalyzedItem[] }): AnalyzedItem[];
  /** Turn user search words into a tsquery over `searchText` plus canonical entity ids they name. */
  searchQuery(words: string): { tsquery: string | null; entityIds: string[] };
}
