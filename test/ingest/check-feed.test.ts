import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectItemLanguage } from '../../src/analysis/create-analyzer.js';
import { createLanguageDetector } from '../../src/analysis/detect-language.js';
import { feedProblemText, feedSummaryText } from '../../src/commands/feed-check-text.js';
import { AllowList } from '../../src/ingest/address-policy.js';
import { createFeedChecker, type FeedCheck, type FeedChecker } from '../../src/ingest/check-feed.js';
import { findFeedLinks } from '../../src/ingest/feed-links.js';
import { fromRoot } from '../../src/package-root.js';
import { startLocalServer, type LocalServer } from './local-server.js';

const fixture = (name: string) => readFileSync(fromRoot('test', 'fixtures', 'sources', name));
const NOW = new Date('2026-12-07T12:00:00Z');

describe('checking a candidate source (sources add)', { timeout: 60_000 }, () => {
  let server: LocalServer;
  let check: FeedChecker;
  let refusing: FeedChecker;

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      switch (req.url) {
        case '/multilingual-feed.xml':
          return res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(fixture('multilingual-feed.xml'));
        case '/page.html':
          return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(fixture('page-with-feed.html'));
        case '/about.html':
          return res.writeHead(200, { 'content-type': 'text/html' }).end(fixture('page-without-feed.html'));
        case '/notes.txt':
          return res.writeHead(200, { 'content-type': 'text/plain' }).end('Just some words, not a feed at all.');
        case '/big.xml':
          return res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>big</title>${'<item><title>x</title></item>'.repeat(2_000)}</channel></rss>`);
        case '/broken':
          return res.writeHead(503, 'Service Unavailable').end();
        case '/to-metadata':
          return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        default:
          return res.writeHead(404, 'Not Found').end('no such page');
      }
    });
    const detector = await createLanguageDetector();
    const detectLanguage = (item: Parameters<typeof detectItemLanguage>[1]) => detectItemLanguage(detector, item);
    check = createFeedChecker({ allow: new AllowList('127.0.0.1'), maxBytes: 32 * 1024, detectLanguage });
    refusing = createFeedChecker({ detectLanguage });
  }, 60_000);

  afterAll(async () => {
    await server.close();
  });

  it('a real feed: its exact title, item count, detected languages and newest item date', async () => {
    const result = await check(`${server.url}/multilingual-feed.xml`, NOW);
    expect(result).toEqual({
      kind: 'feed',
      url: `${server.url}/multilingual-feed.xml`,
      title: 'Cyber Policy Watch',
      items: 6,
      languages: [
        { lang: 'en', items: 3 },
        { lang: 'fr', items: 2 },
        { lang: 'ru', items: 1 },
      ],
      newest: new Date('2026-12-03T14:30:00Z'),
    });
    expect(feedSummaryText('en', result as Extract<FeedCheck, { kind: 'feed' }>)).toBe('“Cyber Policy Watch” · 6 items · languages: English (3), French (2), Russian (1) · newest item: 3 Dec 2026');
    expect(feedSummaryText('fr', result as Extract<FeedCheck, { kind: 'feed' }>)).toBe('« Cyber Policy Watch » · 6 articles · langues : anglais (3), français (2), russe (1) · article le plus récent : 3 déc. 2026');
  });

  it('an HTML page: not a feed, offering the feeds its <link rel="alternate"> tags announce', async () => {
    const result = await check(`${server.url}/page.html`, NOW);
    expect(result).toEqual({
      kind: 'html',
      url: `${server.url}/page.html`,
      feedLinks: [
        { url: `${server.url}/multilingual-feed.xml`, type: 'rss', title: 'Cyber Policy Watch (RSS)' },
        { url: `${server.url}/comments/atom.xml?lang=en&kind=all`, type: 'atom', title: 'Comments' },
      ],
    });
    expect(feedProblemText('en', result)).toEqual([
      `I didn't add ${server.url}/page.html: it is a web page (HTML), not a feed.`,
      `The page links to a feed: ${server.url}/multilingual-feed.xml. To add it: \`sources add ${server.url}/multilingual-feed.xml\``,
      `It also links to: ${server.url}/comments/atom.xml?lang=en&kind=all`,
    ]);
    const bare = await check(`${server.url}/about.html`, NOW);
    expect(bare).toEqual({ kind: 'html', url: `${server.url}/about.html`, feedLinks: [] });
    expect(feedProblemText('en', bare)![1]).toBe('The page announces no feed (no <link rel="alternate"> to RSS, Atom or JSON Feed); look for a feed link on the site.');
  });

  it('404, other statuses, too large, plain text and refused addresses each get their own reason', async () => {
    const missing = await check(`${server.url}/gone.xml`, NOW);
    expect(missing).toEqual({ kind: 'http-status', url: `${server.url}/gone.xml`, status: 404, reason: 'HTTP 404 Not Found' });
    expect(feedProblemText('en', missing)).toEqual([`I didn't add ${server.url}/gone.xml: the server says there is no such page (HTTP 404).`]);
    expect(feedProblemText('en', await check(`${server.url}/broken`, NOW))).toEqual([`I didn't add ${server.url}/broken: the server answered HTTP 503 instead of the feed.`]);
    const big = await check(`${server.url}/big.xml`, NOW);
    expect(big).toEqual({ kind: 'too-large', url: `${server.url}/big.xml`, maxBytes: 32 * 1024 });
    expect(feedProblemText('en', big)).toEqual([`I didn't add ${server.url}/big.xml: it is larger than the 32 KB a feed may be (FEED_MAX_BYTES).`]);
    expect(feedProblemText('en', await check(`${server.url}/notes.txt`, NOW))).toEqual([
      `I didn't add ${server.url}/notes.txt: it is not a feed (no RSS, Atom or JSON Feed document found (plain text)).`,
    ]);
    // Without FETCH_ALLOW the test server itself is a loopback address; a redirect to metadata is refused even with it.
    expect(feedProblemText('en', await refusing(`${server.url}/multilingual-feed.xml`, NOW))).toEqual([
      `I can't add ${server.url}/multilingual-feed.xml: 127.0.0.1, a loopback address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW)`,
    ]);
    expect(await check(`${server.url}/to-metadata`, NOW)).toEqual({
      kind: 'refused',
      url: `${server.url}/to-metadata`,
      reason: '169.254.169.254, a cloud metadata address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW)',
    });
  });

  it('finds feed links with a <base href>, skipping non-feed and non-http links', () => {
    const html = `<html><head><base href="https://news.example.org/en/"><link rel="Alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)"><link rel="alternate stylesheet" type="text/css" href="x.css">
      <LINK REL="alternate" TYPE="application/atom+xml" HREF="https://news.example.org/atom"></head></html>`;
    expect(findFeedLinks(html, 'https://news.example.org/')).toEqual([
      { url: 'https://news.example.org/en/feed.json', type: 'json', title: null },
      { url: 'https://news.example.org/atom', type: 'atom', title: null },
    ]);
  });
});
