import { describe, expect, it } from 'vitest';
import { planOpmlImport } from '../../src/ingest/opml-import.js';
import { readOpml } from '../../src/ingest/opml-read.js';
import { writeOpml } from '../../src/ingest/opml-write.js';

const read = (xml: string) => readOpml(Buffer.from(xml, 'utf8'), 'list.opml');

describe('reading OPML (feedsmith) with the line of each outline', () => {
  it('places outlines by their start tag, past comments, single quotes, upper-case names and entities', async () => {
    const doc = await read(
      [
        '<?xml version="1.0"?>', // 1
        '<!-- <outline text="in a comment" xmlUrl="https://comment.example.org/rss"/> -->', // 2
        '<opml version="1.1"><head/><body>', // 3
        "  <outline TEXT='Folder &#x27;A&#39;'>", // 4
        '    <outline text="Feed &#233;"', // 5
        '             xmlURL="https://a.example.org/rss?x=1&amp;y=2"/>', // 6
        '  </outline>', // 7
        '  <outline><outline text="No-name folder" xmlUrl="https://b.example.org/rss"/></outline>', // 8
        '</body></opml>', // 9
      ].join('\n'),
    );
    expect(doc).toEqual({
      entries: [
        { line: 5, xmlUrl: 'https://a.example.org/rss?x=1&y=2', title: 'Feed é', htmlUrl: null, language: null, categoryPath: ["Folder 'A'"] },
        { line: 8, xmlUrl: 'https://b.example.org/rss', title: 'No-name folder', htmlUrl: null, language: null, categoryPath: [] },
      ],
      ignored: [],
    });
  });

  it('refuses a feed, entity declarations and broken XML, naming the file (and line)', async () => {
    await expect(read('<rss version="2.0"><channel><title>t</title></channel></rss>')).rejects.toThrow(
      'list.opml: not an OPML file (expected an <opml> document with a <body> of <outline> elements)',
    );
    await expect(read('<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY a "aaaa">]>\n<opml><body/></opml>')).rejects.toThrow(/^list\.opml line 2, column \d+: the document type declares XML entities/);
    await expect(read('<opml>\n<body>\n<outline text="x">\n</body></opml>')).rejects.toThrow(/^list\.opml line 4, column \d+: malformed XML: /);
  });

  it('a URL written twice in different forms is one source; export of what was planned reads back the same', async () => {
    const doc = await read(
      '<opml version="2.0"><body>\n<outline text="A" xmlUrl="HTTPS://Feeds.Example.org/rss"/>\n<outline text="A again" xmlUrl="https://feeds.example.org/rss"/>\n</body></opml>',
    );
    const plan = await planOpmlImport(doc, { allow: '', addedBy: 't', now: new Date(0), lookup: async () => [{ address: '93.184.216.34', family: 4 }] });
    expect(plan.add.map((s) => [s.line, s.url])).toEqual([[2, 'https://feeds.example.org/rss']]);
    expect(plan.skipped).toEqual([{ line: 3, url: 'https://feeds.example.org/rss', reason: 'duplicate of line 2 (https://feeds.example.org/rss)', error: false }]);
    const written = await writeOpml(plan.add.map((s) => ({ url: s.url, title: s.title ?? null, htmlUrl: null, language: null, categoryPath: s.categoryPath ?? null })));
    expect((await read(written)).entries.map((e) => [e.xmlUrl, e.title])).toEqual([['https://feeds.example.org/rss', 'A']]);
  });
});
