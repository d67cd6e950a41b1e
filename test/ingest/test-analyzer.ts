import type { Analyzer } from '../../src/analysis/analyzer.js';
import type { AnalyzedItem, Item } from '../../src/items/item.js';

/** Stand-in analyser for parser and pipeline tests: no language, no topics, each item its own story. */
export const testAnalyzer: Analyzer = {
  analyze(items: Item[]): AnalyzedItem[] {
    return items.map((item) => ({
      ...item,
      analysis: {
        lang: 'und',
        topics: [],
        entities: [],
        summary: [],
        story: item.id,
        fingerprint: { simhash: '0000000000000000', numbers: [], links: [] },
        searchText: '',
      },
    }));
  },
  // It keeps no story facts (and ignores known items).
  uncachedKnown: (refs) => refs.map((r) => r.id),
  searchQuery: () => ({ tsquery: null, entityIds: [] }),
};
