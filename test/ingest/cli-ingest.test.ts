import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuiltCli, runCli, type CliRun } from '../helpers/run-cli.js';
import { startLocalServer, type LocalServer } from './local-server.js';

const fixture = (name: string) => join('test', 'fixtures', 'feeds', name);

let dataDir: string;
let work: string;
let server: LocalServer;

function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli({ home: work, dataDir, args, env });
}

beforeAll(async () => {
  ensureBuiltCli();
  work = mkdtempSync(join(tmpdir(), 'cp-cli-'));
  dataDir = join(work, 'data');
  server = await startLocalServer((_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>t</title></channel></rss>'));
}, 180_000);

afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('cyberpolicy ingest (end to end)', { timeout: 180_000 }, () => {
  it('refuses a billion-laughs feed with a non-zero exit naming the file', async () => {
    const run = await cli(['ingest', fixture('billion-laughs.xml')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${fixture('billion-laughs.xml')}: rejected: line 2, column 1: the document type declares XML entities; refused (entity expansion is never done: it is how "billion laughs" entity bombs work)\n`);
  });

  it('refuses 2 MB of random bytes with a non-zero exit naming the file', async () => {
    const random = join(work, 'random.xml');
    let x = 987654321;
    writeFileSync(random, Buffer.from(Array.from({ length: 2 * 1024 * 1024 }, () => ((x = (x * 1664525 + 1013904223) >>> 0) >>> 24) & 255)));
    const run = await cli(['ingest', random]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${random}: rejected: binary data, not a feed (no text format recognised)\n`);
  });

  it('stores the good lines of a JSON Lines file with a broken line 2, exits 1 and names line 2', async () => {
    const before = JSON.parse((await cli(['status', '--json'])).stdout) as { items: number };
    const run = await cli(['ingest', fixture('broken-line-2.jsonl')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${fixture('broken-line-2.jsonl')}: 2 new, 0 updated, 0 duplicate; 1 line rejected\n`);
    expect(run.stderr).toBe(`  rejected: ${fixture('broken-line-2.jsonl')} line 2: invalid JSON (Unexpected end of JSON input)\n`);
    const after = JSON.parse((await cli(['status', '--json'])).stdout) as { items: number };
    expect(after.items).toBe(before.items + 2);
  });

  it('exits 0 for clean inputs and 2 for usage errors', async () => {
    const ok = await cli(['ingest', fixture('rss10-rdf.xml'), fixture('atom10-basic.xml')]);
    expect([ok.code, ok.stdout]).toEqual([0, `${fixture('rss10-rdf.xml')}: 2 new, 0 updated, 0 duplicate\n${fixture('atom10-basic.xml')}: 2 new, 0 updated, 0 duplicate\n`]);
    const usage = await cli(['ingest']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('cyberpolicy ingest: name at least one file, folder or URL, or use --samples\nUsage: cyberpolicy ingest [--source-name "<name>"] <file|dir|url>... | --samples\n');
  });
});

describe('cyberpolicy analyze (end to end)', { timeout: 120_000 }, () => {
  it('prints one JSON line per seed with the Lithuanian and Arabic text intact', async () => {
    const seeds = ['digests/samples/000_9d3fa56a83e923b6.txt', 'digests/samples/003_6a0df7d2b21cfab0.txt'];
    const run = await cli(['analyze', ...seeds, '--json']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => Object.keys(l))).toEqual(Array(2).fill(['id', 'source', 'title', 'content', 'url', 'published', 'lang', 'topics', 'entities', 'summary', 'story', 'published_source']));
    // The Arabic seed says "12 نوفمبر/تشرين الثاني" and later "13 نوفمبر 2018": its date is read from the text.
    expect(lines.map((l) => [l.source, l.lang, l.published, l.published_source])).toEqual([
      [seeds[0], 'lt', null, null],
      [seeds[1], 'ar', '2018-11-12T00:00:00.000Z', 'text'],
    ]);
    expect(lines[1]!.title).toBe('كاسبرسكي لاب من أوائل الداعمين لمبادرة "نداء باريس"');
    expect(String(lines[0]!.title).startsWith('Kad ši situacija pasikeistų Europos Taryba penktadienį')).toBe(true);
  });
});

describe('cyberpolicy sources (end to end)', { timeout: 120_000 }, () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254, a cloud metadata address'],
    ['http://127.0.0.1:9/feed', '127.0.0.1, a loopback address'],
    ['http://10.0.0.1/feed', '10.0.0.1, a private address'],
    ['http://[::1]/feed', '::1, a loopback address'],
    ['http://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe, an IPv4-mapped IPv6 form of a cloud metadata address'],
  ])('refuses %s', async (url, reason) => {
    const run = await cli(['sources', 'add', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`cyberpolicy sources add: ${url}: refused (${reason}; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))\n`);
  });

  it('refuses file:///etc/passwd', async () => {
    const run = await cli(['sources', 'add', 'file:///etc/passwd']);
    expect([run.code, run.stderr]).toEqual([1, 'cyberpolicy sources add: file:///etc/passwd: refused (the file: scheme is not allowed; only http and https feeds can be fetched)\n']);
  });

  it('adds, lists and removes an allow-listed local feed', async () => {
    const url = `${server.url}/feed`;
    const env = { FETCH_ALLOW: '127.0.0.1' };
    // --json is one array, [] when empty, like `deliveries --json` (issue 20).
    expect(await cli(['sources', 'list', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    // `sources add` fetches the feed once and says what it holds (an empty feed here).
    expect(await cli(['sources', 'add', url], env)).toEqual({ code: 0, stdout: `added ${url}\n  “t” · 0 items · languages: none (no items) · newest item: no dates\n`, stderr: '' });
    const list = await cli(['sources', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { url: string }[]).map((s) => s.url)).toEqual([url]);
    expect(await cli(['sources', 'remove', url])).toEqual({ code: 0, stdout: `removed ${url}\n`, stderr: '' });
  });
});
