import { describe, expect, it } from 'vitest';
import { ingestItems } from '../../src/ingest/ingest-items.js';
import type { Item, StoryRef } from '../../src/items/item.js';
import type { Store } from '../../src/store/store.js';
import { testAnalyzer } from './test-analyzer.js';

describe('ingestItems reading known items', () => {
  it('reads the story candidates it has no facts for in pages of at most 200', async () => {
    const refs: StoryRef[] = Array.from({ length: 450 }, (_, i) => ({ id: `known-${i}`, story: `s_${i}`, simhash: '0000000000000000' }));
    const asked: number[] = [];
    const store = {
      items: {
        storyCandidates: async () => refs,
        getMany: async (ids: readonly string[]) => {
          asked.push(ids.length);
          return [];
        },
        upsert: async (items: unknown[]) => items.map(() => 'new' as const),
      },
    } as unknown as Store;
    const at = new Date('2026-11-20T10:00:00Z');
    const item: Item = { id: 'fresh-1', sourceId: 'src', url: null, title: 'A title', content: 'Some text.', published: at, fetchedAt: at, author: null, categories: [], lang: null };
    const counts = await ingestItems([item], { store, analyzer: testAnalyzer });
    expect(asked).toEqual([200, 200, 50]);
    expect(counts).toEqual({ new: 1, updated: 0, duplicate: 0 });
  });
});
