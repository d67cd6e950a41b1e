import { describe, expect, it } from 'vitest';
import { loadFeedsmith, stopNodesShared } from '../../src/ingest/load-feedsmith.js';

describe('loadFeedsmith', () => {
  it('shares the compiled stop nodes, and stop nodes still keep their content raw', async () => {
    const { parseFeed } = await loadFeedsmith();
    // If this fails after a dependency update, fast-xml-parser / path-expression-matcher changed
    // their internals: parsing still works (nothing is patched) but pays ~0.5 ms per feed again.
    expect(stopNodesShared()).toBe(true);
    const xml = (n: number) =>
      `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>` +
      `<item><title>a${n}</title><content:encoded><p>Hello <b>world</b> ${n}</p></content:encoded><description><![CDATA[<i>d</i>]]></description></item></channel></rss>`;
    for (let n = 0; n < 3; n++) {
      const { feed } = parseFeed(xml(n)) as { feed: { items: { title: string; content?: { encoded?: string }; description?: string }[] } };
      expect(feed.items[0]!.title).toBe(`a${n}`);
      expect(feed.items[0]!.content?.encoded).toBe(`<p>Hello <b>world</b> ${n}</p>`);
      expect(feed.items[0]!.description).toBe('<i>d</i>');
    }
  });
});
