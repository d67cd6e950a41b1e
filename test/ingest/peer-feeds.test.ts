import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../src/ingest/parse-input.js';
import { fromRoot } from '../../src/package-root.js';

const DIR = fromRoot('test', 'fixtures', 'feeds', 'peers');

/** Per file: feedparser's entry count (rss-parser's is the same where it reads the file), our titles, our warnings. */
const CASES: [file: string, format: string, peers: number, titles: string[], warnings: string[]][] = [
  ['rss-dc-title.xml', 'rss', 2, ['Port authority publishes incident reporting rules', 'Ferry operator restores ticketing after outage'], []],
  ['rss-media-title.xml', 'rss', 2, ['Minister explains the new cyber reserve', 'Panel on election security'], []],
  ['rss-itunes-title.xml', 'rss', 1, ['Episode 12: The spyware code of practice'], []],
  ['rss-prefixed.xml', 'rss', 2, ['Regulator opens consultation on router security labels', 'Two arrested over fake bank messages'], []],
  ['rdf-prefixed.xml', 'rdf', 2, ['Data protection board issues cookie guidance', 'City council adopts open data policy'], []],
  ['rss-no-version.xml', 'rss', 3, ['Agency names new head of incident response', 'Schools get free phishing training', 'Grid operator tests backup control room'], []],
  ['atom03-base64-title.xml', 'atom', 2, ['Court rules on data retention — summary', 'Третий пакет санкций за кибератаки'], []],
  ['atom03-escaped-title.xml', 'atom', 1, ['Urgent: patch the mail gateway & rotate keys'], []],
  [
    'rss-link-only.xml',
    'rss',
    3,
    ['sparse.example.org/2026/11/cyber-reserve-law', 'Full entry among sparse ones', 'sparse.example.org/notes/cert-annual-report'],
    [
      'rss-link-only.xml: entry 1: no title and no text; kept, titled from its link "sparse.example.org/2026/11/cyber-reserve-law"',
      'rss-link-only.xml: entry 3: no title and no text; kept, titled from its link "sparse.example.org/notes/cert-annual-report"',
    ],
  ],
];

describe('entries other feed readers read (test/fixtures/feeds/peers)', () => {
  for (const [file, format, peers, titles, warnings] of CASES) {
    it(`${file}: ${peers} entries, as feedparser and rss-parser count them`, async () => {
      const parsed = await parseInput(readFileSync(join(DIR, file)), { name: file, sourceId: `file:${file}`, fetchedAt: new Date('2026-12-07T00:00:00Z') });
      expect(parsed.format).toBe(format);
      expect(parsed.items).toHaveLength(peers);
      expect(parsed.items.map((i) => i.title)).toEqual(titles);
      // None is dropped, silently or not; what was made up is said.
      expect(parsed.warnings).toEqual(warnings);
      for (const item of parsed.items) expect(item.content.length).toBeGreaterThan(0);
    });
  }

  it('still drops an entry with no title, no text and no link, and says so', async () => {
    const xml = '<rss version="2.0"><channel><title>T</title><item><title>Kept</title></item><item><guid isPermaLink="false">x</guid></item></channel></rss>';
    const parsed = await parseInput(Buffer.from(xml), { name: 'empty-entry.xml', sourceId: 'file:empty-entry.xml', fetchedAt: new Date('2026-12-07T00:00:00Z') });
    expect(parsed.items.map((i) => i.title)).toEqual(['Kept']);
    expect(parsed.warnings).toEqual(['empty-entry.xml: entry 2: skipped (no title, no text and no link)']);
  });
});
