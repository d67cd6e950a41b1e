import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/package-root.js';
import { ensureBuiltCli, runCli, type CliRun } from '../helpers/run-cli.js';
import { startLocalServer, type LocalServer } from '../ingest/local-server.js';

// The built CLI (bin/cyberpolicy.js -> dist/) on temporary data folders, and a real HTTP server on 127.0.0.1
// for `sources add` (FETCH_ALLOW lets it through the SSRF guard, as an operator would for an intranet feed).
const opml = (name: string) => join('test', 'fixtures', 'opml', name);
const SUBS = opml('subscriptions.opml');
const BROKEN = opml('broken-line-7.opml');

let work: string;
let server: LocalServer;

function cli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli({ home: work, dataDir, args, env });
}

beforeAll(async () => {
  ensureBuiltCli();
  work = mkdtempSync(join(tmpdir(), 'cp-opml-'));
  const fixture = (name: string) => readFileSync(fromRoot('test', 'fixtures', 'sources', name));
  server = await startLocalServer((req, res) => {
    if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fixture('page-with-feed.html'));
    else if (req.url === '/multilingual-feed.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('multilingual-feed.xml'));
    else res.writeHead(404, 'Not Found').end();
  });
}, 180_000);

afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

/** What exporting the valid entries of subscriptions.opml gives: folders nested, feeds first, by URL. */
const EXPORTED = `<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head>
    <title>cyberpolicy sources</title>
  </head>
  <body>
    <outline text="Cyber Policy Watch" type="rss" xmlUrl="https://policy-watch.example/feed.xml" htmlUrl="https://policy-watch.example/" title="Cyber Policy Watch"/>
    <outline text="Asia">
      <outline text="中国">
        <outline text="网络安全新闻" type="rss" xmlUrl="https://news.example.cn/rss" language="zh" title="网络安全新闻"/>
      </outline>
    </outline>
    <outline text="Europe">
      <outline text="Nacionalinis kibernetinio saugumo centras" type="rss" xmlUrl="https://nksc.example.lt/rss" language="lt" title="Nacionalinis kibernetinio saugumo centras"/>
      <outline text="Agencies">
        <outline text="ENISA news" type="rss" xmlUrl="https://agency.example.org/news/rss.xml" htmlUrl="https://agency.example.org/" language="en" title="ENISA news"/>
        <outline text="Agence nationale &amp; CERT" type="rss" xmlUrl="https://cert.example.fr/feed/?lang=fr&amp;type=all" language="fr" title="Agence nationale &amp; CERT"/>
      </outline>
    </outline>
  </body>
</opml>
`;

describe('cyberpolicy sources import / export (OPML, built CLI)', { timeout: 300_000 }, () => {
  let storeA: string;
  let storeB: string;

  beforeAll(() => {
    storeA = join(work, 'a');
    storeB = join(work, 'b');
  });

  it('imports the valid feeds of nested folders in one go, reporting duplicates, refused URLs and notes by line', async () => {
    const run = await cli(storeA, ['sources', 'import', SUBS]);
    expect(run).toEqual({
      code: 1,
      stdout: `${SUBS}: 5 added, 0 already sources, 1 duplicate in the file, 3 refused\n`,
      stderr: [
        `${SUBS} line 17: skipped: duplicate of line 11 (https://agency.example.org/news/rss.xml)`,
        `${SUBS} line 18: skipped: ftp://mirror.example.org/feed.xml: refused (the ftp: scheme is not allowed; only http and https feeds can be fetched)`,
        `${SUBS} line 19: skipped: http://10.0.0.7/feed: refused (10.0.0.7, a private address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))`,
        `${SUBS} line 20: skipped: https://: refused (not a valid absolute URL)`,
        `${SUBS} line 21: ignored: no xmlUrl: "Read later: the 2026 threat landscape report" is neither a feed nor a folder of feeds`,
        `${SUBS} line 22: ignored: a comment outline (isComment="true")`,
        '',
      ].join('\n'),
    });
  });

  it('exports them as OPML 2.0 on stdout, with folders, titles, languages and site links', async () => {
    expect(await cli(storeA, ['sources', 'export'])).toEqual({ code: 0, stdout: EXPORTED, stderr: '' });
  });

  it('round trip: export, import into an empty store, export again gives the same bytes', async () => {
    const first = join(work, 'first.opml');
    const second = join(work, 'second.opml');
    expect(await cli(storeA, ['sources', 'export', '--out', first])).toEqual({ code: 0, stdout: `wrote 5 sources to ${first}\n`, stderr: '' });
    expect(readFileSync(first, 'utf8')).toBe(EXPORTED);
    expect(await cli(storeB, ['sources', 'import', first])).toEqual({ code: 0, stdout: `${first}: 5 added, 0 already sources, 0 duplicates in the file, 0 refused\n`, stderr: '' });
    expect(await cli(storeB, ['sources', 'export', '--out', second])).toEqual({ code: 0, stdout: `wrote 5 sources to ${second}\n`, stderr: '' });
    expect(readFileSync(second).equals(readFileSync(first))).toBe(true);
    // Importing it again changes nothing and says so per line.
    const again = await cli(storeB, ['sources', 'import', first]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${first}: 0 added, 5 already sources, 0 duplicates in the file, 0 refused\n`);
    expect(again.stderr.split('\n')[0]).toBe(`${first} line 7: already a source: https://policy-watch.example/feed.xml`);
    expect(again.stderr.split('\n').length).toBe(6);
  });

  it('a file with broken XML on line 7 exits 1 naming line 7 and imports nothing', async () => {
    const run = await cli(storeA, ['sources', 'import', BROKEN]);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `cyberpolicy sources import: ${BROKEN} line 7, column 85: malformed XML: Expected closing tag 'outline' (opened in line 7, col 7) instead of closing tag 'outlin'; nothing was imported\n`,
    });
    // Not even the good feeds on lines 6 and 9.
    expect((await cli(storeA, ['sources', 'export'])).stdout).toBe(EXPORTED);
  });

  it('sources add: an HTML page is "not a feed" and its linked feed is offered; the real feed answers with its title, count and languages', async () => {
    const env = { FETCH_ALLOW: '127.0.0.1' };
    const page = await cli(storeA, ['sources', 'add', `${server.url}/page.html`], env);
    expect(page).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `cyberpolicy sources add: I didn't add ${server.url}/page.html: it is a web page (HTML), not a feed.`,
        `cyberpolicy sources add: The page links to a feed: ${server.url}/multilingual-feed.xml. To add it: \`sources add ${server.url}/multilingual-feed.xml\``,
        `cyberpolicy sources add: It also links to: ${server.url}/comments/atom.xml?lang=en&kind=all`,
        '',
      ].join('\n'),
    });
    const missing = await cli(storeA, ['sources', 'add', `${server.url}/nothing-here.xml`], env);
    expect([missing.code, missing.stderr]).toEqual([1, `cyberpolicy sources add: I didn't add ${server.url}/nothing-here.xml: the server says there is no such page (HTTP 404).\n`]);
    const feed = await cli(storeA, ['sources', 'add', `${server.url}/multilingual-feed.xml`], env);
    expect(feed).toEqual({
      code: 0,
      stdout: `added ${server.url}/multilingual-feed.xml\n  “Cyber Policy Watch” · 6 items · languages: English (3), French (2), Russian (1) · newest item: 3 Dec 2026\n`,
      stderr: '',
    });
    const list = JSON.parse((await cli(storeA, ['sources', 'list', '--json'])).stdout) as { url: string; title: string | null; language: string | null }[];
    expect(list.map((s) => [s.url, s.title, s.language])).toEqual([
      [`${server.url}/multilingual-feed.xml`, 'Cyber Policy Watch', 'en'],
      ['https://agency.example.org/news/rss.xml', 'ENISA news', 'en'],
      ['https://cert.example.fr/feed/?lang=fr&type=all', 'Agence nationale & CERT', 'fr'],
      ['https://news.example.cn/rss', '网络安全新闻', 'zh'],
      ['https://nksc.example.lt/rss', 'Nacionalinis kibernetinio saugumo centras', 'lt'],
      ['https://policy-watch.example/feed.xml', 'Cyber Policy Watch', null],
    ]);
  });
});
