import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockedUrlError, errorMessage } from '../../src/errors.js';
import { AllowList } from '../../src/ingest/address-policy.js';
import { FetchFailedError } from '../../src/ingest/fetch-errors.js';
import { createSafeFetch, USER_AGENT } from '../../src/ingest/safe-fetch.js';
import { checkFeedUrl } from '../../src/ingest/url-guard.js';
import { startLocalServer, type LocalServer } from './local-server.js';

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title><item><title>One</title><guid>1</guid></item></channel></rss>';
// 64 MB of zeros gzip to about 64 KB: a classic decompression bomb.
const BOMB = gzipSync(Buffer.alloc(64 * 1024 * 1024));

let server: LocalServer;
const slowTimers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/feed') {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Tue, 04 Nov 2025 10:00:00 GMT' }).end(FEED);
    } else if (path === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(FEED));
    else if (path === '/deflate') res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(FEED));
    else if (path === '/br') res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(FEED));
    else if (path === '/bomb') res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/rss+xml' }).end(BOMB);
    else if (path === '/big-declared') res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) }).end();
    else if (path === '/big-chunked') {
      res.writeHead(200, { 'content-type': 'text/xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent >= 200) res.end();
        else res.once('drain', pump);
      };
      res.on('close', () => (sent = 200));
      pump();
    } else if (path === '/slow') {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<rss>');
      // One byte every 100 ms, stopped when the client gives up (or after 10 s at most).
      let n = 0;
      const timer = setInterval(() => {
        if (n++ > 100 || res.destroyed) {
          clearInterval(timer);
          slowTimers.delete(timer);
          res.end();
        } else res.write(' ');
      }, 100);
      slowTimers.add(timer);
    } else if (path.startsWith('/loop/')) {
      const n = Number(path.slice(6));
      res.writeHead(302, { location: `/loop/${n + 1}` }).end();
    } else if (path === '/to-private') res.writeHead(302, { location: 'http://10.0.0.1/feed' }).end();
    else if (path === '/to-metadata') res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else if (path === '/to-ipv6-loopback') res.writeHead(307, { location: 'http://[::1]/feed' }).end();
    else if (path === '/to-file') res.writeHead(302, { location: 'file:///etc/passwd' }).end();
    else if (path === '/redirect-ok') res.writeHead(301, { location: '/feed' }).end();
    else res.writeHead(404, 'Not Found').end('no');
  });
});

afterAll(async () => {
  for (const t of slowTimers) clearInterval(t);
  await server.close();
});

const allowLocal = new AllowList('127.0.0.1');
const fetchLocal = (options: Parameters<typeof createSafeFetch>[0] = {}) => createSafeFetch({ allow: allowLocal, ...options });

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
}

describe('safe fetch: normal feeds', { timeout: 60_000 }, () => {
  it('fetches through the allow-list with the project User-Agent and validators', async () => {
    const before = server.requests.length;
    const result = await fetchLocal()(`${server.url}/feed`);
    expect(result).toMatchObject({ status: 200, url: `${server.url}/feed`, etag: '"v1"', lastModified: 'Tue, 04 Nov 2025 10:00:00 GMT', contentType: 'application/rss+xml; charset=utf-8' });
    expect(result.bytes.toString()).toBe(FEED);
    expect(server.requests[before]!.headers['user-agent']).toBe(USER_AGENT);
    expect(USER_AGENT).toBe('cyberpolicy/0.1 (+https://github.com/cyberpolicy)');
  });

  it('sends If-None-Match / If-Modified-Since and handles 304', async () => {
    const before = server.requests.length;
    const result = await fetchLocal()(`${server.url}/feed`, { etag: '"v1"', lastModified: 'Tue, 04 Nov 2025 10:00:00 GMT' });
    expect(result).toMatchObject({ status: 304, etag: '"v1"', lastModified: 'Tue, 04 Nov 2025 10:00:00 GMT' });
    expect(result.bytes.length).toBe(0);
    expect(server.requests[before]!.headers['if-modified-since']).toBe('Tue, 04 Nov 2025 10:00:00 GMT');
  });

  it.each(['/gzip', '/deflate', '/br'])('decompresses %s bodies', async (path) => {
    expect((await fetchLocal()(`${server.url}${path}`)).bytes.toString()).toBe(FEED);
  });

  it('follows a redirect and reports the final URL', async () => {
    expect((await fetchLocal()(`${server.url}/redirect-ok`)).url).toBe(`${server.url}/feed`);
  });

  it('reports HTTP errors with their status', async () => {
    const err = await failure(fetchLocal()(`${server.url}/missing`));
    expect(err).toBeInstanceOf(FetchFailedError);
    expect(errorMessage(err)).toBe(`${server.url}/missing: HTTP 404 Not Found`);
  });
});

describe('safe fetch: hostile servers', { timeout: 60_000 }, () => {
  it('stops a gzip bomb at the cap on decompressed bytes', async () => {
    const err = await failure(fetchLocal({ maxBytes: 1024 * 1024 })(`${server.url}/bomb`));
    expect(errorMessage(err)).toBe(`${server.url}/bomb: the feed is larger than the 1 MB limit (FEED_MAX_BYTES)`);
  });

  it('refuses a declared oversize body before reading it, and caps a chunked one while streaming', async () => {
    const fetch = fetchLocal({ maxBytes: 5 * 1024 * 1024 });
    expect(errorMessage(await failure(fetch(`${server.url}/big-declared`)))).toBe(`${server.url}/big-declared: the feed is larger than the 5 MB limit (FEED_MAX_BYTES)`);
    expect(errorMessage(await failure(fetch(`${server.url}/big-chunked`)))).toBe(`${server.url}/big-chunked: the feed is larger than the 5 MB limit (FEED_MAX_BYTES)`);
  });

  it('gives up on a slow feed at the total time limit', async () => {
    const err = await failure(fetchLocal({ timeoutMs: 400 })(`${server.url}/slow`));
    expect(errorMessage(err)).toBe(`${server.url}/slow: timed out after 0.4 s`);
  });

  it('stops an endless redirect chain after 5 redirects', async () => {
    const before = server.requests.length;
    const err = await failure(fetchLocal()(`${server.url}/loop/0`));
    expect(errorMessage(err)).toBe(`${server.url}/loop/0: too many redirects (more than 5)`);
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/loop/0', '/loop/1', '/loop/2', '/loop/3', '/loop/4', '/loop/5']);
  });
});

describe('safe fetch: SSRF guard', () => {
  const guarded = createSafeFetch();

  it.each([
    ['http://127.0.0.1:9/feed', 'http://127.0.0.1:9/feed: refused (127.0.0.1, a loopback address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://169.254.169.254/latest/meta-data/', 'http://169.254.169.254/latest/meta-data/: refused (169.254.169.254, a cloud metadata address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://10.0.0.1/feed', 'http://10.0.0.1/feed: refused (10.0.0.1, a private address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://172.16.0.1/', 'http://172.16.0.1/: refused (172.16.0.1, a private address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://192.168.0.1/', 'http://192.168.0.1/: refused (192.168.0.1, a private address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://100.64.1.1/', 'http://100.64.1.1/: refused (100.64.1.1, a carrier-grade NAT address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://169.254.3.4/', 'http://169.254.3.4/: refused (169.254.3.4, a link-local address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://0.0.0.0/', 'http://0.0.0.0/: refused (0.0.0.0, an unspecified address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://[::1]/feed', 'http://[::1]/feed: refused (::1, a loopback address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://[fe80::1]/', 'http://[fe80::1]/: refused (fe80::1, a link-local address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://[fd00:ec2::254]/', 'http://[fd00:ec2::254]/: refused (fd00:ec2::254, a cloud metadata address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://[fc00::5]/', 'http://[fc00::5]/: refused (fc00::5, a unique local address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://[::ffff:127.0.0.1]/', 'http://[::ffff:127.0.0.1]/: refused (::ffff:7f00:1, an IPv4-mapped IPv6 form of a loopback address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['http://2130706433/', 'http://2130706433/: refused (127.0.0.1, a loopback address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))'],
    ['file:///etc/passwd', 'file:///etc/passwd: refused (the file: scheme is not allowed; only http and https feeds can be fetched)'],
    ['ftp://example.org/feed', 'ftp://example.org/feed: refused (the ftp: scheme is not allowed; only http and https feeds can be fetched)'],
    ['gopher://127.0.0.1:25/', 'gopher://127.0.0.1:25/: refused (the gopher: scheme is not allowed; only http and https feeds can be fetched)'],
  ])('refuses %s', async (url, message) => {
    const err = await failure(guarded(url));
    expect(err).toBeInstanceOf(BlockedUrlError);
    expect(errorMessage(err)).toBe(message);
  });

  it('refuses the local test server itself without the allow-list, before connecting', async () => {
    const before = server.requests.length;
    const err = await failure(guarded(`${server.url}/feed`));
    expect(err).toBeInstanceOf(BlockedUrlError);
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['/to-private', 'http://10.0.0.1/feed', '10.0.0.1, a private address'],
    ['/to-metadata', 'http://169.254.169.254/latest/meta-data/', '169.254.169.254, a cloud metadata address'],
    ['/to-ipv6-loopback', 'http://[::1]/feed', '::1, a loopback address'],
  ])('checks every redirect hop: %s', async (path, target, reason) => {
    const err = await failure(fetchLocal()(`${server.url}${path}`));
    expect(err).toBeInstanceOf(BlockedUrlError);
    expect(errorMessage(err)).toBe(`${target}: refused (${reason}; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))`);
  });

  it('refuses a redirect to a file: URL', async () => {
    expect(errorMessage(await failure(fetchLocal()(`${server.url}/to-file`)))).toBe('file:///etc/passwd: refused (the file: scheme is not allowed; only http and https feeds can be fetched)');
  });

  it('checks the address actually connected to when DNS changes its answer (rebinding)', async () => {
    let calls = 0;
    // First answer (the pre-check) is public; every later one points at the local server.
    const lookup = async () => (calls++ === 0 ? [{ address: '93.184.215.14', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const before = server.requests.length;
    const err = await failure(createSafeFetch({ lookup })(`http://rebind.test:${server.port}/feed`));
    expect(err).toBeInstanceOf(BlockedUrlError);
    expect(errorMessage(err)).toBe(`http://rebind.test:${server.port}/feed: refused (rebind.test resolves to 127.0.0.1, a loopback address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))`);
    expect(calls).toBe(2);
    expect(server.requests.length).toBe(before);
  });

  it('refuses a host with any private answer among public ones', async () => {
    const lookup = async () => [{ address: '93.184.215.14', family: 4 }, { address: '::ffff:10.1.2.3', family: 6 }];
    const result = await checkFeedUrl('https://mixed.test/feed', { lookup }).then(() => null, errorMessage);
    expect(result).toBe('https://mixed.test/feed: refused (mixed.test resolves to ::ffff:10.1.2.3, an IPv4-mapped IPv6 form of a private address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))');
  });

  it('lets an allow-listed host name through to a local address', async () => {
    const lookup = async () => [{ address: '127.0.0.1', family: 4 }];
    const result = await createSafeFetch({ lookup, allow: new AllowList('feeds.intranet') })(`http://feeds.intranet:${server.port}/feed`);
    expect(result.bytes.toString()).toBe(FEED);
  });

  it('treats an unresolvable host as not yet checked when adding, and as an error when fetching', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect((await checkFeedUrl('https://nowhere.test/feed', { lookup })).unresolved).toBe(true);
    expect(errorMessage(await failure(createSafeFetch({ lookup })('https://nowhere.test/feed')))).toBe('https://nowhere.test/feed: cannot resolve host nowhere.test');
  });
});
