import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import type { Analyzer } from '../../src/analysis/analyzer.js';
import { ingestItems } from '../../src/ingest/ingest-items.js';
import { parseInput } from '../../src/ingest/parse-input.js';
import { renderText } from '../../src/replies/render-text.js';
import { buildStoryViews } from '../../src/replies/story-view.js';
import { loadTaxonomy } from '../../src/analysis/taxonomy-loader.js';
import type { Store } from '../../src/store/store.js';
import { storeBackends } from '../helpers/store-backends.js';

// Issue 15, "What it must show", second bullet: dates read from a feed item's text, stored and marked.
const FEED = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Baltic and Gulf wire</title><link>https://wire.example.org/</link><description>d</description>
<item><title>Centras perspėja dėl sukčiavimo</title><link>https://wire.example.org/lt/1</link>
<description>Vilnius, 2019 m. kovo 5 d. Nacionalinis kibernetinio saugumo centras perspėjo apie sukčiavimo kampaniją, nukreiptą į savivaldybių darbuotojus.</description></item>
<item><title>قمة إقليمية للأمن السيبراني</title><link>https://wire.example.org/ar/2</link>
<description>تعقد القمة الإقليمية للأمن السيبراني في 12 نوفمبر في عمّان بمشاركة وفود من عشر دول.</description></item>
<item><title>Seimas priėmė pataisas</title><link>https://wire.example.org/lt/3</link><pubDate>Tue, 14 Dec 2021 09:00:00 GMT</pubDate>
<description>Vilnius, 2021 m. gruodžio 10 d. Seimo komitetas pritarė pataisoms, kurias Seimas priėmė vėliau.</description></item>
</channel></rss>`;

const FETCHED = new Date('2026-12-07T09:00:00Z');

for (const backend of storeBackends) {
  describe(`dates from the text, stored (${backend.name})`, { timeout: 180_000 }, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let analyzer: Analyzer;

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      analyzer = await createAnalyzer();
      const parsed = await parseInput(Buffer.from(FEED), { name: 'wire.xml', sourceId: 'feed:wire.example.org:0badc0de', fetchedAt: FETCHED });
      expect(parsed.items.map((i) => i.published?.toISOString() ?? null)).toEqual([null, null, '2021-12-14T09:00:00.000Z']);
      await ingestItems(parsed.items, { store, analyzer });
    });
    afterAll(async () => cleanup?.());

    const byUrl = async (url: string) => (await store.items.find({ limit: 10 })).find((i) => i.url === url)!;

    it('stores "Vilnius, 2019 m. kovo 5 d." as 2019-03-05, marked as read from the text, and shows "date from text"', async () => {
      const item = await byUrl('https://wire.example.org/lt/1');
      expect([item.published?.toISOString(), item.publishedSource]).toEqual(['2019-03-05T00:00:00.000Z', 'text']);
      const rows = await store.database.query<{ published_source: string }>(`SELECT published_source FROM items WHERE url = 'https://wire.example.org/lt/1'`);
      expect(rows).toEqual([{ published_source: 'text' }]);
      const [view] = buildStoryViews([item], { taxonomy: loadTaxonomy(), uiLang: 'en' });
      expect(renderText({ visibility: 'private', fallbackText: '', blocks: [{ type: 'story', story: view! }] }, 'en')).toContain('Published 5 Mar 2019 (date from text)');
    });

    it('leaves "12 نوفمبر" with no year anywhere in the item undated, below every dated item and outside every window', async () => {
      const item = await byUrl('https://wire.example.org/ar/2');
      expect([item.published, item.publishedSource]).toEqual([null, null]);
      expect((await store.items.find({ limit: 10 })).map((i) => i.url)).toEqual(['https://wire.example.org/lt/3', 'https://wire.example.org/lt/1', 'https://wire.example.org/ar/2']);
      expect((await store.items.find({ since: new Date('1990-01-01T00:00:00Z'), limit: 10 })).map((i) => i.url)).not.toContain('https://wire.example.org/ar/2');
    });

    it('never overrides a feed date with one from the text', async () => {
      const item = await byUrl('https://wire.example.org/lt/3');
      expect([item.published?.toISOString(), item.publishedSource]).toEqual(['2021-12-14T09:00:00.000Z', 'feed']);
    });
  });
}
