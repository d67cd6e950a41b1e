import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode-bytes.js';
import { rawFeedFrom, type RawFeed } from '../../src/ingest/feed-entries.js';
import { loadFeedsmith } from '../../src/ingest/load-feedsmith.js';
import { readSimpleFeed } from '../../src/ingest/read-simple-feed.js';
import { unprefixRss } from '../../src/ingest/unprefix-rss.js';
import { xmlErrorLocation } from '../../src/ingest/xml-safety.js';
import { fromRoot } from '../../src/package-root.js';
import { prng } from '../helpers/prng.js';

const dir = fromRoot('test', 'fixtures', 'feeds');
const files = [
  ...readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => join(dir, f)),
  ...readdirSync(join(dir, 'peers')).filter((f) => f.endsWith('.xml')).map((f) => join(dir, 'peers', f)),
];
const texts = files.flatMap((f) => {
  try {
    return [{ name: f.slice(dir.length + 1), text: unprefixRss(decodeBytes(readFileSync(f), { where: f }).text) }];
  } catch {
    return []; // an encoding nobody knows: refused before any reader
  }
});

/** What the general path reads: feedsmith, then the same flattening. */
async function general(text: string): Promise<RawFeed | null> {
  const { parseFeed } = await loadFeedsmith();
  try {
    const { format, feed } = parseFeed(text, { maxItems: 10_000 });
    return rawFeedFrom(format as RawFeed['format'], feed);
  } catch {
    return null;
  }
}

/** Whenever the fast reader answers, the general path gives the same feed and the validator finds nothing to warn of. */
async function expectSameAsGeneral(text: string, label: string): Promise<boolean> {
  const fast = readSimpleFeed(text, 10_000);
  if (fast === null) return false;
  expect(xmlErrorLocation(text), label).toBeNull();
  expect(fast, label).toEqual(await general(text));
  return true;
}

const ESCAPE = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const rich = (n: number) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>\n<!-- a feed -->\n<rss version="2.0" xml:base="https://example.org/base/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="https://purl.org/dc/elements/1.1" xmlns:media="http://search.yahoo.com/mrss/">\n<channel>\n<title>Desk &amp; Co ${n}</title><link>https://example.org/</link><description>d</description><language>fr</language>` +
  `<atom:link href="https://example.org/feed" rel="self"/>` +
  `<item><title>  ${ESCAPE('Q&A: <b>AI</b> & "security"')} &#233;&#x4e2d; </title><link>https://example.org/a?x=1&amp;y=2</link><guid isPermaLink="false">id-${n}</guid>` +
  `<pubDate>Tue, 10 Nov 2026 10:00:00 GMT</pubDate><category domain="x">policy</category><category>  </category><category domain="y"/>` +
  `<description><![CDATA[<p>One <a href="https://e.org/?a=1&b=2">link</a></p>]]> &lt;i&gt;tail&lt;/i&gt;</description>` +
  `<content:encoded><p>Hello <b>world</b><br/><!-- note --> &amp; more</p></content:encoded></item>\n` +
  `<item><guid>https://example.org/permalink/${n}</guid><description>Only a description</description></item>` +
  `<item><guid isPermaLink=" FALSE ">https://example.org/not-a-link</guid><title>t</title></item>` +
  `<item></item><item>  <!-- empty --> </item><item><category domain="only"></category></item>` +
  `<item><title><![CDATA[]]></title></item>` +
  `<item><dc:title>DC title</dc:title><dc:creator> </dc:creator><dc:creator>Ana</dc:creator><dc:creator>Bo</dc:creator><dc:date>2026-11-01</dc:date><pubDate>bad date</pubDate><dc:subject>s1</dc:subject><category>c0</category><dc:language>es</dc:language></item>` +
  `<item><dc:subject> </dc:subject><dc:date></dc:date></item>` +
  `<item><title>Caf&eacute;&nbsp;&hellip; &notit; &amp;eacute; &unknownname; &AMP;</title><description>&lt;p&gt;&copy; 2026&lt;/p&gt;</description></item>` +
  `<item><media:title type="plain">MT</media:title><media:group><media:title/><media:description>GD</media:description><media:description>second</media:description></media:group></item>` +
  `<item><media:title/><media:title>later</media:title><media:description type="plain"></media:description></item><item><media:group><media:title>only group</media:title></media:group><media:group/></item>` +
  `<item xml:base="https://other.example/x/" xml:lang="pt"><link>rel.html</link></item><item xml:lang=" "/>` +
  `</channel>\n</rss>\n`;

const richAtom = (n: number) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="${'http://www.w3.org/2005/Atom'}" xml:lang=" de " xmlns:media="http://search.yahoo.com/mrss/">` +
  `<title type="html">Desk &lt;b&gt;${n}&lt;/b&gt;</title><subtitle>s</subtitle><id>urn:f</id><updated>2026-11-20T00:00:00Z</updated><link rel="self" href="https://e.org/feed"/><author><name>A</name></author><generator uri="https://g.org" version="1">G</generator>` +
  `<entry><id> urn:e1 </id><title type=" HTML ">A &amp;amp; B</title><link rel="self" href="https://e.org/self"/><link rel="alternate" type="application/pdf" href="https://e.org/pdf"/><link href="https://e.org/html" type="text/html"/>` +
  `<published>2026-11-19T10:00:00Z</published><updated>2026-11-19T12:00:00Z</updated><author><email>x@e.org</email></author><author><name> Second </name><name>Third</name></author>` +
  `<category term="t1"/><category term="t2" label="Label 2"/><category scheme="s"/><summary>short</summary><content type="html">&lt;p&gt;Body &amp;amp; more&lt;/p&gt;<![CDATA[ <b>raw</b> ]]></content></entry>\n` +
  `<entry><title>Plain</title><link rel="related" href="https://e.org/r"/><link rel="alternate" href="https://e.org/a"/><summary type="text"><![CDATA[<i>not html</i>]]></summary><content></content></entry>` +
  `<entry></entry><entry><rights>r</rights></entry><entry><author/><category/></entry><entry><link rel="enclosure"/></entry>` +
  `<entry><content type="html"/></entry><entry xml:lang="fr" xml:base="/b/"><title>Based</title><link href="x.html"/><issued>2026-11-01</issued><modified>2026-11-02</modified>` +
  `<content type="text/plain" mode="base64">SGVsbG8gd29ybGQsIHRoaXMgaXMgYmFzZTY0IQ==</content></entry><entry><title type="text/html">&lt;b&gt;Mime&lt;/b&gt; title</title><created>c</created><published>p</published></entry>` +
  `<entry><title type="xhtml"> <div xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"> A &amp;amp; <b>B</b> </div> </title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"></div></content><summary type="xhtml"><div>s</div></summary></entry>` +
  `</feed>\n`;

const richRdf = (toc: boolean) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xml:base="https://e.org/">` +
  `<channel rdf:about="https://e.org/rdf"><title>R &amp; D</title><link>https://e.org/</link><description>d</description><dc:language> lv </dc:language>` +
  (toc ? `<items><rdf:Seq><rdf:li rdf:resource="https://e.org/3"/><rdf:li/><rdf:li rdf:resource="https://e.org/missing"/><rdf:li rdf:resource="https://e.org/1"/></rdf:Seq></items>` : '') +
  `</channel>\n<item rdf:about="https://e.org/1"><title>One</title><dc:date>2026-11-01</dc:date><description><![CDATA[<p>x</p>]]></description></item>` +
  `<item rdf:about="https://e.org/2" xml:lang="et"><link>two.html</link><content:encoded>&lt;b&gt;2&lt;/b&gt;</content:encoded><dc:creator>C</dc:creator></item>` +
  `<item rdf:about="https://e.org/3"/><item></item>\n</rdf:RDF>`;

describe('readSimpleFeed', () => {
  it('gives exactly what feedsmith gives, on every fixture it reads, and reads the plain RSS ones', async () => {
    const read: string[] = [];
    for (const { name, text } of texts) if (await expectSameAsGeneral(text, name)) read.push(name);
    // The plain RSS 2.0 fixtures (all charsets) take the fast path; RDF, Atom, media, dc and xml:base do not.
    expect(read).toContain('rss20-basic.xml');
    expect(read).toContain('rss-windows-1251.xml');
    expect(read).toContain('rss20-cdata-markup.xml');
    expect(read).toContain('rss20-dc-date.xml');
    expect(read).toContain('rss20-media-description.xml');
    expect(read).not.toContain('rss-truncated.xml');
    expect(read).not.toContain('malformed.xml');
    expect(read).toContain('atom10-basic.xml');
    expect(read).toContain('atom10-xhtml.xml');
    for (const f of ['rss10-rdf.xml', 'rss090-rdf.xml', 'rss091-doctype.xml', 'atom03.xml', 'atom03-base64.xml', 'atom10-base64.xml', 'atom10-xmlbase.xml', 'rss-relative-links.xml']) expect(read).toContain(f);
    expect(read.length).toBeGreaterThanOrEqual(20);
  });

  it('gives exactly what feedsmith gives on a feed using every construct it accepts', async () => {
    expect(await expectSameAsGeneral(rich(1), 'rich')).toBe(true);
    const feed = readSimpleFeed(rich(1), 10_000)!;
    expect(feed.title).toBe('Desk & Co 1');
    expect(feed.entries.map((e) => e.title)).toEqual(['Q&A: <b>AI</b> & "security" é中', null, 't', null, 'DC title', 'Café\u00a0… ¬it; &eacute; &unknownname; &', 'MT', null, 'only group', null]);
    expect(feed.entries[6]).toMatchObject({ body: 'GD', bodyIsHtml: false });
    expect(feed.entries[9]).toMatchObject({ link: 'rel.html', bases: ['https://example.org/base/', 'https://other.example/x/'], lang: 'pt' });
    expect(feed.entries[4]).toMatchObject({ author: 'Ana', dates: ['bad date', '2026-11-01'], categories: ['c0', 's1'], lang: 'es' });
    expect(feed.entries[1]!.link).toBe('https://example.org/permalink/1');
    expect(feed.entries[2]!.link).toBeNull();
    expect(readSimpleFeed(rich(1), 2)!.entries).toHaveLength(2);
    expect(await expectSameAsGeneral(richAtom(1), 'rich atom')).toBe(true);
    const atom = readSimpleFeed(richAtom(1), 10_000)!;
    expect(atom.entries.map((e) => [e.title, e.link, e.author, e.categories, e.lang])).toEqual([
      ['A &amp; B', 'https://e.org/html', 'Second', ['t1', 'Label 2'], 'de'],
      ['Plain', 'https://e.org/a', null, [], 'de'],
      [null, null, null, [], 'de'],
      [null, null, null, [], 'de'],
      [null, null, null, [], 'de'],
      ['Based', 'x.html', null, [], 'fr'],
      ['<b>Mime</b> title', null, null, [], 'de'],
      ['A &amp;amp; <b>B</b>', null, null, [], 'de'],
    ]);
    expect(atom.entries[5]).toMatchObject({ body: 'Hello world, this is base64!', dates: ['2026-11-01', '2026-11-02'] });
    expect(atom.entries[6]!.dates).toEqual(['p']);
    expect(atom.entries[7]).toMatchObject({ title: 'A &amp;amp; <b>B</b>', titleIsHtml: true, body: 's', bodyIsHtml: true });
    for (const toc of [true, false]) expect(await expectSameAsGeneral(richRdf(toc), `rich rdf ${toc}`)).toBe(true);
    expect(readSimpleFeed(richRdf(true), 10_000)!.entries.map((e) => [e.guid, e.link, e.title, e.lang])).toEqual([
      ['https://e.org/3', 'https://e.org/3', null, 'lv'],
      ['https://e.org/1', 'https://e.org/1', 'One', 'lv'],
    ]);
    expect(readSimpleFeed(richRdf(false), 10_000)!.entries.map((e) => e.link)).toEqual(['https://e.org/1', 'two.html', 'https://e.org/3']);
  });

  it('refuses, or agrees with feedsmith and the validator, on thousands of damaged variants', async () => {
    const random = prng(19);
    const seeds = [rich(2), richAtom(2), richRdf(true), ...texts.filter((t) => readSimpleFeed(t.text, 10_000) !== null).map((t) => t.text)];
    const pieces = ['<', '>', '&', '&amp;', '&#128;', '&nbsp;', ']]>', '<![CDATA[', '<!--', '-->', '</item>', '<item>', '<title>', '</title>', '"', "'", ' ', '\n', '/', '=', '<b>', '</b>', ':', '<br>', 'x="1"', '\r'];
    let accepted = 0;
    for (let n = 0; n < 3000; n++) {
      const seed = seeds[n % seeds.length]!;
      let text = seed;
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * text.length);
        const kind = random();
        if (kind < 0.35) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
        else if (kind < 0.8) text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
        else {
          const from = Math.floor(random() * text.length);
          text = text.slice(0, at) + text.slice(from, from + Math.floor(random() * 30)) + text.slice(at);
        }
      }
      if (await expectSameAsGeneral(text, `variant ${n}: ${JSON.stringify(text)}`)) accepted++;
    }
    // Enough variants stay readable for the comparison to mean something.
    console.log(`accepted ${accepted} of 3000 variants`);
    expect(accepted).toBeGreaterThan(300);
  });
});
