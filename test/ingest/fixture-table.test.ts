import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/errors.js';
import { parseInput } from '../../src/ingest/parse-input.js';
import { fromRoot } from '../../src/package-root.js';
import { FIXTURES } from '../fixtures/feeds/fixture-specs.js';

const dir = fromRoot('test', 'fixtures', 'feeds');
const fetchedAt = new Date('2026-11-20T00:00:00Z');

async function parseFixture(file: string) {
  return parseInput(readFileSync(join(dir, file)), { name: file, sourceId: `file:${file}`, fetchedAt });
}

/** Every good fixture: its format, exact titles in order, and how many warnings it raises. */
const GOOD: [file: string, format: string, titles: string[], warnings?: number][] = [
  ['rss20-basic.xml', 'rss', ['EU adopts Cyber Resilience Act', 'NIS2 transposition deadline passes', 'ENISA publishes threat landscape']],
  ['rss20-cdata-markup.xml', 'rss', ['Ransomware gang disrupted by Europol', 'Court rules on data retention & encryption', 'Q&A: what the AI Act means for security teams']],
  ['rss20-dc-date.xml', 'rss', ['UN cybercrime convention signed in Hanoi', 'Paris Call marks seventh anniversary']],
  ['rss20-media-description.xml', 'rss', ['Video: minister on 5G security', 'Podcast: spyware export controls']],
  ['rss091-doctype.xml', 'rss', ['La CNIL sanctionne un opérateur', 'L’ANSSI publie un guide']],
  ['rss092.xml', 'rss', ['An item with no title: the first sentence becomes the title.', 'Second 0.92 item']],
  ['rss090-rdf.xml', 'rdf', ['Netscape-era item one', 'Netscape-era item two']],
  ['rss10-rdf.xml', 'rdf', ['Bundestag debates KRITIS law', 'BSI warns of Exchange flaws']],
  ['atom10-basic.xml', 'atom', ['CISA issues emergency directive', 'G7 statement on cyber norms']],
  ['atom10-xmlbase.xml', 'atom', ['Relative link resolved against the feed base', 'Entry base overrides the path']],
  ['atom10-base64.xml', 'atom', ['Encoded body', 'Encoded HTML body']],
  ['atom10-xhtml.xml', 'atom', ['Brussels fines platform & operator', 'Inline XHTML title']],
  ['atom03.xml', 'atom', ['Legacy Atom entry']],
  ['atom03-base64.xml', 'atom', ['Base64 mode entry']],
  ['jsonfeed10.json', 'json', ['Singapore updates Cybersecurity Act', 'Item without a title.']],
  ['jsonfeed11.json', 'json', ['España aprueba la ley de ciberseguridad']],
  ['items.jsonl', 'jsonl', ['Poland creates cyber command', 'Lithuania hosts NATO exercise', 'Arabic sample']],
  ['press-release.txt', 'text', ['Council of Europe signs AI convention']],
  // The first sentence is 149 characters: cut at a word to at most 120, with "…" (issue 15).
  ['press-release-long-line.txt', 'text', ['The Ministry of Digital Affairs announced today that the national cybersecurity strategy for 2025-2030 has been…']],
  ['rss-windows-1251.xml', 'rss', ['Госдума приняла закон о кибербезопасности', 'ФСТЭК обновила требования']],
  ['rss-windows-1252.xml', 'rss', ['L’Europe investit 1 M€ dans la «cyberdéfense»', 'Débat sur le chiffrement']],
  ['rss-iso-8859-2.xml', 'rss', ['Żądania okupu rosną w Łodzi', 'Ustawa o krajowym systemie cyberbezpieczeństwa']],
  ['rss-iso-8859-13.xml', 'rss', ['Kibernetinio saugumo įstatymas priimtas', 'Seimas svarstė pataisas']],
  ['rss-iso-8859-1.xml', 'rss', ['Señal de alarma: ciberataque en Málaga', 'Cooperación europea']],
  ['rss-koi8-r.xml', 'rss', ['Минцифры предложило реестр', 'Утечка данных банка']],
  ['rss-big5.xml', 'rss', ['臺灣通過資通安全管理法修正', '數位發展部發布指引']],
  ['rss-gb18030.xml', 'rss', ['网络安全法修订草案公布', '数据出境安全评估']],
  ['rss-euc-kr.xml', 'rss', ['정부, 사이버 안보 전략 발표', '개인정보 유출 사고']],
  ['rss-shift_jis.xml', 'rss', ['能動的サイバー防御法が成立', 'サイバー攻撃への対処']],
  ['rss-utf8-bom.xml', 'rss', ['Cyberangriff auf Stadtwerke', 'Größere Befugnisse für das BSI']],
  ['atom-utf16le-bom.xml', 'atom', ['Ελλάδα: νέος νόμος για την κυβερνοασφάλεια']],
  ['atom-utf16be-bom.xml', 'atom', ['עדכון מדיניות סייבר']],
  ['atom-utf16le-nobom.xml', 'atom', ['Türkiye siber güvenlik kanunu']],
  ['rss-utf32le-bom.xml', 'rss', ['Україна посилює кіберзахист 🛡']],
  ['rss-dates-mixed.xml', 'rss', ['Two-digit year and named zone', 'Numeric zone with colon', 'Garbage date', 'No date at all'], 1],
  ['rss-relative-links.xml', 'rss', ['Relative item link', 'Permalink guid only']],
  ['rss-invalid-utf8.xml', 'rss', ['Broken \uFFFD( byte in title', 'Clean title']],
  ['rss-truncated.xml', 'rss', ['First complete item', 'Second complete item'], 1],
  ['malformed.xml', 'rss', ['A'], 1],
  ['rss-leading-junk.xml', 'rss', ['Feed behind a PHP warning'], 1],
  ['broken-line-2.jsonl', 'jsonl', ['Good line one', 'Good line three']],
];

/** Inputs refused as a whole, with the exact message. */
const REFUSED: [file: string, message: string][] = [
  ['billion-laughs.xml', 'billion-laughs.xml line 2, column 1: the document type declares XML entities; refused (entity expansion is never done: it is how "billion laughs" entity bombs work)'],
  ['external-entity.xml', 'external-entity.xml line 2, column 1: the document type declares XML entities; refused (entity expansion is never done: it is how "billion laughs" entity bombs work)'],
  ['html-page.html', 'html-page.html: looks like an HTML page, not a feed'],
  ['html-as-feed.xml', 'html-as-feed.xml: looks like an HTML page, not a feed'],
  ['opml.xml', 'opml.xml: an OPML outline, not a feed (add its feeds one by one with `sources add`)'],
  ['empty.xml', 'empty.xml: the input is empty'],
  ['unknown-encoding.xml', 'unknown-encoding.xml: unknown character encoding "x-klingon-8" (from the XML declaration)'],
];

describe('feed fixtures', () => {
  it('covers every fixture file and at least 30 feeds', () => {
    const listed = new Set([...GOOD.map((g) => g[0]), ...REFUSED.map((r) => r[0])]);
    expect(FIXTURES.map((f) => f.file).filter((f) => !listed.has(f))).toEqual([]);
    expect(GOOD.length).toBeGreaterThanOrEqual(30);
  });

  it.each(GOOD)('%s parses as %s with the right titles', async (file, format, titles, warnings = 0) => {
    const parsed = await parseFixture(file);
    expect(parsed.format).toBe(format);
    expect(parsed.items.map((i) => i.title)).toEqual(titles);
    expect(parsed.warnings).toHaveLength(warnings);
    for (const item of parsed.items) expect(item.content.length).toBeGreaterThan(0);
  });

  it.each(REFUSED)('%s is refused with a clear message', async (file, message) => {
    const error = await parseFixture(file).then(
      () => null,
      (err: unknown) => err,
    );
    expect(errorMessage(error)).toBe(message);
  });
});

describe('fixture details', () => {
  it('keeps RSS guids scoped to the source and canonicalises permalink guids', async () => {
    const basic = await parseFixture('rss20-basic.xml');
    expect(basic.items.map((i) => i.id)).toEqual(['file:rss20-basic.xml#cra-2025-1', 'https://news.example.org/nis2', 'https://news.example.org/enisa']);
    expect(basic.items.map((i) => i.published?.toISOString())).toEqual(['2025-11-04T09:30:00.000Z', '2025-11-05T10:00:00.000Z', '2025-11-06T13:00:00.000Z']);
    expect(basic.items[0]!.categories).toEqual(['regulation', 'EU']);
  });

  it('cleans HTML bodies without image or link noise', async () => {
    const markup = await parseFixture('rss20-cdata-markup.xml');
    expect(markup.items.map((i) => i.content)).toEqual(['Police in six countries seized servers.', 'Ruling\n\nThe court’s ruling is final.', 'Escaped HTML body.']);
  });

  it('resolves xml:base and relative links, dropping tracking parameters and fragments', async () => {
    const atom = await parseFixture('atom10-xmlbase.xml');
    expect(atom.items.map((i) => i.url)).toEqual(['https://policy.example.net/blog/posts/one.html?page=2', 'https://policy.example.net/archive/2025/two.html']);
    const rss = await parseFixture('rss-relative-links.xml');
    expect(rss.items.map((i) => i.url)).toEqual(['https://news.example.org/2025/11/relative.html', 'https://news.example.org/2025/11/permalink.html?id=7']);
  });

  it('decodes base64 Atom content (1.0 by media type, 0.3 by mode)', async () => {
    const parsed = await parseFixture('atom10-base64.xml');
    expect(parsed.items.map((i) => i.content)).toEqual(['Sanctions target the group behind the hospital attacks.', 'Lietuva stiprina kibernetinį saugumą.']);
    expect((await parseFixture('atom03-base64.xml')).items.map((i) => i.content)).toEqual(['Decoded from base64 mode.']);
  });

  it('reads dc:date, media:description, Atom 0.3 dates and JSON Feed fields', async () => {
    const dc = await parseFixture('rss20-dc-date.xml');
    expect(dc.items.map((i) => [i.published?.toISOString(), i.author])).toEqual([['2025-10-25T07:00:00.000Z', 'Reporter One'], ['2025-11-12T00:00:00.000Z', null]]);
    const media = await parseFixture('rss20-media-description.xml');
    expect(media.items.map((i) => i.content)).toEqual(['The minister explains the new 5G vendor rules.', 'A discussion of the Wassenaar list.']);
    const atom03 = await parseFixture('atom03.xml');
    expect([atom03.items[0]!.published?.toISOString(), atom03.items[0]!.content]).toEqual(['2025-11-01T12:00:00.000Z', 'Escaped content.']);
    const json = await parseFixture('jsonfeed11.json');
    expect(json.items[0]).toMatchObject({ id: 'https://json.example.org/es/1', lang: 'es', author: 'Redacción', published: new Date('2025-11-03T08:00:00Z') });
  });

  it('gives dates with zones, and null with a warning for an unparseable one', async () => {
    const parsed = await parseFixture('rss-dates-mixed.xml');
    expect(parsed.items.map((i) => i.published?.toISOString() ?? null)).toEqual(['2025-11-03T17:00:00.000Z', '2025-11-04T04:30:00.500Z', null, null]);
    expect(parsed.warnings).toEqual(['rss-dates-mixed.xml: entry 3: unparseable date "sometime last week" (published set to unknown)']);
  });

  it('names line and column of broken XML while keeping the good items', async () => {
    expect((await parseFixture('malformed.xml')).warnings).toEqual([
      "malformed.xml line 4, column 23: malformed XML: Expected closing tag 'item' (opened in line 4, col 1) instead of closing tag 'itm' (read leniently)",
    ]);
    expect((await parseFixture('rss-truncated.xml')).warnings).toEqual([
      'rss-truncated.xml line 9, column 25: malformed XML: the document ends before its elements are closed (truncated?); kept the 2 complete entries before it',
    ]);
  });

  it('names the broken JSON Lines line and keeps the others', async () => {
    const parsed = await parseFixture('broken-line-2.jsonl');
    expect(parsed.rejected).toEqual(['broken-line-2.jsonl line 2: invalid JSON (Unexpected end of JSON input)']);
    const items = await parseFixture('items.jsonl');
    expect(items.items.map((i) => [i.id, i.sourceId, i.url, i.lang])).toEqual([
      ['given-id-1', 'polska-cyfrowa', 'https://pl.example.org/1', 'pl'],
      [items.items[1]!.id, 'file:items.jsonl', null, null],
      [items.items[2]!.id, 'file:items.jsonl', null, 'ar'],
    ]);
    expect(items.items[1]!.id).toMatch(/^sha256:[0-9a-f]{24}$/);
  });
});
