import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseEncoding } from '../../src/ingest/decode-bytes.js';
import type { RawFeed } from '../../src/ingest/feed-entries.js';
import { readSimpleFeed } from '../../src/ingest/read-simple-feed.js';
import { readUtf8Feed } from '../../src/ingest/read-utf8-feed.js';
import { sniffFormat } from '../../src/ingest/sniff-format.js';
import { unprefixRss } from '../../src/ingest/unprefix-rss.js';
import { assertNoEntityDeclarations } from '../../src/ingest/xml-safety.js';
import { fromRoot } from '../../src/package-root.js';
import { prng } from '../helpers/prng.js';

const dir = fromRoot('test', 'fixtures', 'feeds');
const fixtures = [
  ...readdirSync(dir).filter((f) => f.endsWith('.xml')).map((f) => join(dir, f)),
  ...readdirSync(join(dir, 'peers')).filter((f) => f.endsWith('.xml')).map((f) => join(dir, 'peers', f)),
].map((f) => ({ name: f.slice(dir.length + 1), bytes: readFileSync(f) }));

/** What parseInput's XML path reads from the text decoded as UTF-8, or null where it would not take the simple reader. */
function throughText(bytes: Uint8Array): RawFeed | null {
  const text = new TextDecoder('utf-8').decode(bytes);
  const format = sniffFormat(text, 'x');
  if (format.kind !== 'xml-feed' || format.skip) return null;
  try {
    assertNoEntityDeclarations(text, 'x');
  } catch {
    return null;
  }
  return readSimpleFeed(unprefixRss(text), 10_000);
}

/** Whenever the byte reader answers, the decoded path gives the same feed. */
function expectSameAsText(bytes: Uint8Array, label: string): boolean {
  const fast = readUtf8Feed(bytes, 'x', 10_000);
  if (fast === null) return false;
  expect(fast, label).toEqual(throughText(bytes));
  return true;
}

/** Whether parseInput reads these bytes as UTF-8. */
function isUtf8Feed(bytes: Uint8Array, name: string): boolean {
  try {
    return chooseEncoding(bytes, { where: name }).encoding === 'utf-8';
  } catch {
    return false; // an encoding nobody knows
  }
}

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

const multilingual = (n: number) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xml:base="https://example.org/b/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Дайджест ${n} – 网络安全</title><link>https://example.org/</link><description>d</description><language>uk</language>\n` +
  `<item><title>Кібербезпека: новий закон — «ухвалено» &amp; підписано</title><link>https://example.org/статья?q=é&amp;x=1</link><guid isPermaLink="false">ід-${n}</guid><pubDate>Tue, 10 Nov 2026 10:00:00 GMT</pubDate><category domain="тема">політика</category>` +
  `<description><![CDATA[<p>Перший абзац.\u00a0Другий <a href="https://e.org/ü">лінк</a></p><p>中文段落。日本語も。</p>]]></description><dc:creator>Олена\u3000Петренко</dc:creator></item>\n` +
  `<item xml:lang="ar"><title>الأمن السيبراني \u2028 سطر</title><description>&lt;p&gt;نص&lt;/p&gt; 😀 \ufeff</description></item>\n` +
  `</channel></rss>\n`;

const multilingualAtom = (n: number) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ja"><title>ニュース ${n}</title><id>urn:ニュース</id><updated>2026-11-20T00:00:00Z</updated>` +
  `<entry><id>urn:記事:1</id><title type="html">&lt;b&gt;サイバー&lt;/b&gt;セキュリティ</title><link href="https://e.org/記事"/><updated>2026-11-19T10:00:00Z</updated><author><name>山田\u00a0太郎</name></author><category term="政策" label="政策ラベル"/>` +
  `<content type="html">&lt;p&gt;本文です。&lt;/p&gt;</content></entry></feed>\n`;

describe('readUtf8Feed', () => {
  it('reads the UTF-8 fixtures from their bytes exactly as from their decoded text', () => {
    const read: string[] = [];
    for (const { name, bytes } of fixtures) {
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
      if (!isUtf8Feed(bytes, name)) continue;
      if (expectSameAsText(bytes.subarray(bom), name)) read.push(name);
    }
    for (const f of ['rss20-basic.xml', 'rss20-cdata-markup.xml', 'rss-utf8-bom.xml', 'atom10-basic.xml', 'atom10-xhtml.xml', 'rss10-rdf.xml']) expect(read).toContain(f);
    // A DOCTYPE, a prefixed root or a broken byte take the decoded path.
    for (const f of ['rss091-doctype.xml', 'peers/rss-prefixed.xml', 'rss-invalid-utf8.xml']) expect(read).not.toContain(f);
  });

  it('reads text in many scripts, and declines what only the decoded text can settle', () => {
    for (const text of [multilingual(1), multilingualAtom(1)]) {
      expect(expectSameAsText(utf8(text), text), text).toBe(true);
      expect(readUtf8Feed(utf8(text), 'x', 10_000)).toEqual(readSimpleFeed(text, 10_000));
    }
    expect(readUtf8Feed(utf8(multilingual(1)), 'x', 10_000)!.entries[0]!.title).toBe('Кібербезпека: новий закон — «ухвалено» &amp; підписано'.replace('&amp;', '&'));
    // Unicode white space before the root, a second byte-order mark, U+FFFD, control characters, invalid bytes.
    for (const lead of ['\u00a0', '\u3000', '\ufeff', '\ufffd', '\u0001']) expect(readUtf8Feed(utf8(lead + multilingual(1)), 'x', 10_000)).toBeNull();
    expect(readUtf8Feed(utf8(multilingual(1).replace('<title>', '<title>\ufffd')), 'x', 10_000)).toBeNull();
    const broken = Buffer.concat([Buffer.from(multilingual(1).slice(0, 200)), Buffer.from([0xc3]), Buffer.from(multilingual(1).slice(200))]);
    expect(readUtf8Feed(broken, 'x', 10_000)).toBeNull();
    // An Atom feed whose text mentions <rss>: whether feedsmith would take it for RSS depends on the
    // characters around it (\s and ^ know Unicode), so both readers decide on the decoded text.
    for (const space of [' ', '\u3000', '\u2028', 'x']) {
      const text = multilingualAtom(2).replace('本文です。', `本文です。<![CDATA[${space}<rss>]]>`);
      expect(readUtf8Feed(utf8(text), 'x', 10_000)).toEqual(readSimpleFeed(text, 10_000));
    }
  });

  it('agrees with the decoded path on thousands of damaged multilingual variants', () => {
    const random = prng(23);
    const seeds = [multilingual(2), multilingualAtom(3), ...fixtures.filter((f) => isUtf8Feed(f.bytes, f.name) && readUtf8Feed(f.bytes, 'x', 10_000) !== null).map((f) => f.bytes.toString('utf8'))];
    const pieces = ['<', '>', '&', '&amp;', ']]>', '<![CDATA[', '<!--', '-->', '</item>', '<item>', '<title>', '</title>', '"', ' ', '\n', '<b>', '</b>', 'é', '中', '😀', '\u00a0', '\u3000', '\u2028', '\u0085', '\ufeff', '\ufffd', '\u0001', '<rss>', ' <rss ', '<feed>', ':rss', '<!DOCTYPE rss>', '<!ENTITY x "y">', '\r'];
    let accepted = 0;
    for (let n = 0; n < 3000; n++) {
      let text = seeds[n % seeds.length]!;
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * text.length);
        const kind = random();
        if (kind < 0.3) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 4));
        else text = text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at);
      }
      // Lone surrogates from cutting a pair become U+FFFD in UTF-8: compare on the bytes as written.
      if (expectSameAsText(utf8(text), `variant ${n}: ${JSON.stringify(text)}`)) accepted++;
    }
    console.log(`accepted ${accepted} of 3000 variants`);
    expect(accepted).toBeGreaterThan(300);
  });
});
