import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { backoffMs, createFeedPoller } from '../../src/ingest/feed-poller.js';
import { sourceIdForUrl } from '../../src/ingest/source-id.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import { startLocalServer, type LocalServer } from './local-server.js';
import { testAnalyzer } from './test-analyzer.js';

const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Poll me</title>
<item><title>First polled item</title><guid>p1</guid><pubDate>Thu, 19 Nov 2026 10:00:00 GMT</pubDate></item>
<item><title>Second polled item</title><guid>p2</guid></item></channel></rss>`;

/** Sources due at the same moment come in no set order. */
const byUrl = <T extends { url: string }>(rows: T[]) => [...rows].sort((a, b) => a.url.localeCompare(b.url));

describe('feed poller', { timeout: 120_000 }, () => {
  let server: LocalServer;
  let store: Store;
  let failing = true;
  const clock = new ManualClock('2026-11-20T10:00:00Z');
  const MIN = 60_000;

  beforeAll(async () => {
    server = await startLocalServer((req, res) => {
      if (req.url === '/ok') {
        if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
        else res.writeHead(200, { etag: '"v1"', 'content-type': 'application/rss+xml' }).end(FEED);
      } else if (req.url === '/flaky') {
        if (failing) res.writeHead(500, 'Internal Server Error').end();
        else res.writeHead(200).end(FEED.replace(/p1/g, 'f1').replace(/p2/g, 'f2'));
      } else if (req.url === '/to-metadata') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else res.writeHead(404).end();
    });
    store = await openStore({ dataDir: 'memory://' });
    for (const path of ['/ok', '/flaky', '/to-metadata']) {
      const url = `${server.url}${path}`;
      await store.sources.add({ id: sourceIdForUrl(url), url, now: clock.now() });
    }
  }, 180_000);

  afterAll(async () => {
    await store.close();
    await server.close();
  }, 120_000);

  const poller = () => createFeedPoller({ store, analyzer: testAnalyzer, clock, logger: silentLogger, intervalMinutes: 30, allow: '127.0.0.1' });

  it('polls due sources, stores items and records status, validators and backoff', async () => {
    const results = byUrl(await poller().pollDue());
    expect(results).toEqual([
      { url: `${server.url}/flaky`, status: 'error', newItems: 0, error: `${server.url}/flaky: HTTP 500 Internal Server Error` },
      { url: `${server.url}/ok`, status: 'ok', newItems: 2 },
      {
        url: `${server.url}/to-metadata`,
        status: 'error',
        newItems: 0,
        error: 'http://169.254.169.254/latest/meta-data/: refused (169.254.169.254, a cloud metadata address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))',
      },
    ]);
    const ok = await store.sources.get(`${server.url}/ok`);
    expect(ok).toMatchObject({ lastStatus: 'ok', etag: '"v1"', errorCount: 0, itemCount: 2, title: 'Poll me', nextPollAt: new Date(clock.now().getTime() + 30 * MIN) });
    const flaky = await store.sources.get(`${server.url}/flaky`);
    expect(flaky).toMatchObject({ lastStatus: 'error', errorCount: 1, nextPollAt: new Date(clock.now().getTime() + 60 * MIN) });
    expect(await store.items.count({ sourceId: sourceIdForUrl(`${server.url}/ok`) })).toBe(2);
  });

  it('uses conditional GET on the next poll and doubles the wait after each failure', async () => {
    clock.advance(30 * MIN);
    expect(await poller().pollDue()).toEqual([{ url: `${server.url}/ok`, status: 'not-modified', newItems: 0 }]);
    clock.advance(30 * MIN);
    const second = byUrl(await poller().pollDue());
    expect(second.map((r) => [r.url, r.status])).toEqual([
      [`${server.url}/flaky`, 'error'],
      [`${server.url}/ok`, 'not-modified'],
      [`${server.url}/to-metadata`, 'error'],
    ]);
    expect(await store.sources.get(`${server.url}/flaky`)).toMatchObject({ errorCount: 2, nextPollAt: new Date(clock.now().getTime() + 120 * MIN) });
  });

  it('resets the backoff once a source works again', async () => {
    failing = false;
    clock.advance(120 * MIN);
    const results = await poller().pollDue();
    expect(results.find((r) => r.url.endsWith('/flaky'))).toEqual({ url: `${server.url}/flaky`, status: 'ok', newItems: 2 });
    expect(await store.sources.get(`${server.url}/flaky`)).toMatchObject({ errorCount: 0, lastError: null, nextPollAt: new Date(clock.now().getTime() + 30 * MIN) });
  });

  it('caps the backoff at a day', () => {
    expect([0, 1, 2, 3, 10, 50].map((n) => backoffMs(30, n) / MIN)).toEqual([30, 60, 120, 240, 1440, 1440]);
  });

  it('start() polls at once and stop() waits for the poll in progress', async () => {
    clock.advance(24 * 60 * MIN);
    const p = poller();
    p.start();
    await p.stop();
    expect((await store.sources.get(`${server.url}/ok`))!.lastFetchAt).toEqual(clock.now());
  });

  it('reports every poll outcome through onResult (metrics count errors with it; nothing is patched)', async () => {
    failing = true;
    clock.advance(25 * 60 * MIN); // past the longest backoff: every source is due
    const seen: string[] = [];
    const recordFetch = store.sources.recordFetch;
    const withHook = createFeedPoller({ store, analyzer: testAnalyzer, clock, logger: silentLogger, intervalMinutes: 30, allow: '127.0.0.1', onResult: (r) => seen.push(`${r.url} ${r.status}`) });
    const results = await withHook.pollDue();
    expect(seen.sort()).toEqual(results.map((r) => `${r.url} ${r.status}`).sort());
    expect(seen.filter((line) => line.endsWith(' error'))).toHaveLength(2);
    expect(store.sources.recordFetch).toBe(recordFetch);
  });
});
