import type { EntityNames, NamedEntity } from '../i18n/entity-names.js';
import type { AnalyzedItem, Item, StoryRef } from '../items/item.js';

/**
 * Full analysis of items: language, topics, entities, summary, story id, search text.
 * Models (language detector, taxonomy, gazetteer, stemmers) are loaded once in `createAnalyzer`.
 */
export interface Analyzer {
  /**
   * Analyse a batch. Story ids are assigned against `known` (items already stored in the same time
   * window, with their story ids) and within the batch, so the same story from several sources or
   * languages shares one id. When a new item joins a known story it takes that story's id.
   * A known item given as a `StoryRef` counts only if `uncachedKnown` would not list it (callers
   * check that synchronously before the call, and pass the listed ones whole); otherwise it is skipped.
   */
  analyze(items: Item[], options?: { known?: readonly (AnalyzedItem | StoryRef)[] }): AnalyzedItem[];
  /** Ids of those stored items whose story facts the analyser has not cached: pass them to `analyze` whole. */
  uncachedKnown(refs: readonly StoryRef[]): string[];
  /** Turn user search words into a tsquery over `searchText` plus canonical entity ids they name. */
  searchQuery(words: string): { tsquery: string | null; entityIds: string[] };
  /** Names of the gazetteer's entities per language (key-facts lines). */
  readonly entityNames?: EntityNames;
  /**
   * Why a stored item has its topics (`why`): each topic's rule hits and rule score, beside the
   * topics it was given; `model` is true when the learned model changed the rules' choice.
   */
  explainTopics?(item: Pick<AnalyzedItem, 'title' | 'content' | 'analysis'>): TopicExplanation;
  /** The language `analyze` would detect for an item, without analysing it (`sources add` checks a feed with it). */
  detectLanguage?(item: Pick<Item, 'title' | 'content' | 'lang'>): string;
  /** The gazetteer's entities with their names in every language (`follow` and its "did you mean"). */
  readonly entities?: readonly NamedEntity[];
}

export interface TopicExplanation {
  topics: { slug: string; score: number | null; ruleScore: number | null; hits: { phrase: string; kind: string; inTitle: boolean }[] }[];
  model: boolean;
}
