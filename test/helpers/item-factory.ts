import type { AnalyzedItem } from '../../src/items/item.js';

/** A stored-shape item with sensible defaults, for store and command tests. */
export function makeItem(overrides: Partial<AnalyzedItem> & { id: string }, analysis: Partial<AnalyzedItem['analysis']> = {}): AnalyzedItem {
  return {
    sourceId: 'test',
    url: null,
    title: `Title ${overrides.id}`,
    content: `Content of ${overrides.id}.`,
    published: new Date('2026-11-01T10:00:00Z'),
    fetchedAt: new Date('2026-11-02T10:00:00Z'),
    author: null,
    categories: [],
    lang: null,
    ...overrides,
    analysis: {
      lang: 'en',
      topics: [],
      entities: [],
      summary: [],
      story: overrides.id,
      fingerprint: { simhash: '0000000000000000', numbers: [], links: [] },
      searchText: '',
      ...analysis,
    },
  };
}
