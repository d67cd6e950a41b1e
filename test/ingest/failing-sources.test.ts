import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { createPlaygroundApi } from '../../adapters/playground/playground-api.js';
import { createFeedPoller } from '../../src/ingest/feed-poller.js';
import { sourceIdForUrl } from '../../src/ingest/source-id.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createHarness, textOf, type Harness } from '../commands/harness.js';
import { startLocalServer, type LocalServer } from './local-server.js';
import { testAnalyzer } from './test-analyzer.js';

const HOUR = 60 * 60 * 1000;
const FEED = '<rss version="2.0"><channel><title>Back again</title><item><title>Back</title><guid>b1</guid></item></channel></rss>';

/**
 * A source whose fetches keep failing: the poller stamps the first failure (sources.failing_since) and
 * keeps the last error; after a day `sources` (chat) and the newsroom's source health say "failing since";
 * one success clears it. The clock is injected: the poller's and the command center's are moved by hand.
 */
describe('sources failing for a day', { timeout: 120_000 }, () => {
  let server: LocalServer;
  let store: Store;
  let h: Harness;
  let status = 500;
  let url: string;
  const T0 = new Date('2026-11-20T12:00:00Z');

  beforeAll(async () => {
    server = await startLocalServer((_req, res) => {
      if (status === 200) res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
      else res.writeHead(status, status === 500 ? 'Internal Server Error' : 'Bad Gateway').end();
    });
    store = await openStore({ dataDir: 'memory://' });
    url = `${server.url}/feed.xml`;
    h = createHarness(store);
    h.clock.set(T0);
    await store.sources.add({ id: sourceIdForUrl(url), url, now: T0 });
  }, 180_000);

  afterAll(async () => {
    await store.close();
    await server.close();
  }, 120_000);

  // The poller reads the same clock as the command center: due sources and failure times follow it.
  const poll = () => createFeedPoller({ store, analyzer: testAnalyzer, clock: h.clock, logger: silentLogger, intervalMinutes: 30, allow: '127.0.0.1' }).pollDue();
  const listed = async () => textOf(await h.ask('slack:T1:C1', 'sources', { isAdmin: true })).split('\n')[1];
  const health = async () => {
    const api = createPlaygroundApi({ sink: h.sink, newsroom: createAdapterPorts(store).newsroom, clock: h.clock });
    const body = (await (await api.sources()).json()) as { polled: { url: string; lastError: string | null; failingSince: string | null }[] };
    return body.polled.map((s) => [s.lastError, s.failingSince]);
  };

  it('a failure shorter than a day shows its error, not "failing since"', async () => {
    expect((await poll()).map((r) => r.status)).toEqual(['error']);
    const row = await store.sources.get(url);
    expect([row!.failingSince, row!.lastError]).toEqual([T0, `${url}: HTTP 500 Internal Server Error`]);
    h.clock.set(new Date(T0.getTime() + 23 * HOUR));
    expect(await listed()).toBe(`${url} · 0 items · ${url}: HTTP 500 Internal Server Error`);
    expect(await health()).toEqual([[`${url}: HTTP 500 Internal Server Error`, null]]);
  });

  it('later failures keep the first failure time and the newest error; after 24 h the source shows as failing', async () => {
    status = 502;
    h.clock.set(new Date(T0.getTime() + 23 * HOUR + 59 * 60_000));
    expect((await poll()).map((r) => r.status)).toEqual(['error']);
    const row = await store.sources.get(url);
    expect([row!.failingSince, row!.lastError, row!.errorCount]).toEqual([T0, `${url}: HTTP 502 Bad Gateway`, 2]);
    expect(await listed()).toBe(`${url} · 0 items · ${url}: HTTP 502 Bad Gateway`);
    h.clock.set(new Date(T0.getTime() + 24 * HOUR));
    expect(await listed()).toBe(`${url} · 0 items · failing since 20 Nov 2026: ${url}: HTTP 502 Bad Gateway`);
    expect(await health()).toEqual([[`${url}: HTTP 502 Bad Gateway`, T0.toISOString()]]);
    // In the channel's language.
    await h.ask('slack:T1:C1', 'language fr', { isAdmin: true });
    expect(await listed()).toBe(`${url} · 0 articles · en échec depuis le 20 nov. 2026 : ${url}: HTTP 502 Bad Gateway`);
    await h.ask('slack:T1:C1', 'language en', { isAdmin: true });
  });

  it('a success clears it', async () => {
    status = 200;
    h.clock.set(new Date(T0.getTime() + 3 * 24 * HOUR));
    expect((await poll()).map((r) => r.status)).toEqual(['ok']);
    const row = await store.sources.get(url);
    expect([row!.failingSince, row!.lastError, row!.errorCount]).toEqual([null, null, 0]);
    expect(await listed()).toBe(`${url} · 1 items · ok`);
    expect(await health()).toEqual([[null, null]]);
  });
});
