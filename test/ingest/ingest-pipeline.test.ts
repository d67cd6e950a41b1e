import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { AllowList } from '../../src/ingest/address-policy.js';
import { expandInputs } from '../../src/ingest/read-inputs.js';
import { ingestInputs, outcomeLine, type IngestDeps } from '../../src/ingest/run-ingest.js';
import { createSafeFetch } from '../../src/ingest/safe-fetch.js';
import { fromRoot } from '../../src/package-root.js';
import type { Store } from '../../src/store/store.js';
import { storeBackends } from '../helpers/store-backends.js';
import { startLocalServer, type LocalServer } from './local-server.js';
import { testAnalyzer } from './test-analyzer.js';

const fixture = (name: string) => fromRoot('test', 'fixtures', 'feeds', name);

describe.each(storeBackends)('ingest pipeline on $name', { timeout: 120_000 }, (backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let dir: string;
  let server: LocalServer;
  const clock = new ManualClock('2026-11-20T10:00:00Z');

  beforeAll(async () => {
    ({ store, cleanup } = await backend.open());
    dir = mkdtempSync(join(tmpdir(), 'cp-ingest-'));
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(readFileSync(fixture('atom10-basic.xml')));
    });
  }, 180_000);

  afterAll(async () => {
    await server.close();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  const deps = (over: Partial<IngestDeps> = {}): IngestDeps => ({
    open: async () => ({ store, analyzer: testAnalyzer }),
    clock,
    maxBytes: 5 * 1024 * 1024,
    fetch: createSafeFetch({ allow: new AllowList('127.0.0.1') }),
    ...over,
  });

  async function ingest(paths: string[], over: Partial<IngestDeps> = {}) {
    return ingestInputs(await expandInputs(paths), deps(over));
  }

  it('stores new items, and a re-import is all duplicates', async () => {
    const first = await ingest([fixture('rss20-basic.xml')]);
    expect(first.map(outcomeLine)).toEqual([`${fixture('rss20-basic.xml')}: 3 new, 0 updated, 0 duplicate`]);
    const again = await ingest([fixture('rss20-basic.xml')]);
    expect(again[0]!.counts).toEqual({ new: 0, updated: 0, duplicate: 3 });
    expect(await store.items.count({ sourceId: 'file:rss20-basic.xml' })).toBe(3);
  });

  it('a changed date is a duplicate; changed text is an update', async () => {
    const original = readFileSync(fixture('rss20-basic.xml'), 'utf8');
    const copy = join(dir, 'rss20-basic.xml');
    writeFileSync(copy, original.replace('Tue, 04 Nov 2025 09:30:00 GMT', 'Fri, 07 Nov 2025 18:00:00 GMT'));
    expect((await ingest([copy]))[0]!.counts).toEqual({ new: 0, updated: 0, duplicate: 3 });
    writeFileSync(copy, original.replace('The Council adopted the act on Tuesday.', 'The Council adopted the act on Tuesday, unanimously.'));
    expect((await ingest([copy]))[0]!.counts).toEqual({ new: 0, updated: 1, duplicate: 2 });
    expect((await store.items.get('file:rss20-basic.xml#cra-2025-1'))!.content).toBe('The Council adopted the act on Tuesday, unanimously.');
  });

  it('keeps the good lines of a JSON Lines file and names the broken one', async () => {
    const [outcome] = await ingest([fixture('broken-line-2.jsonl')]);
    expect(outcomeLine(outcome!)).toBe(`${fixture('broken-line-2.jsonl')}: 2 new, 0 updated, 0 duplicate; 1 line rejected`);
    expect(outcome!.rejectedParts).toEqual([`${fixture('broken-line-2.jsonl')} line 2: invalid JSON (Unexpected end of JSON input)`]);
    expect(await store.items.count({ sourceId: 'file:broken-line-2.jsonl' })).toBe(2);
  });

  it('refuses hostile and wrong inputs one by one while the good ones in the batch are stored', async () => {
    const random = join(dir, 'random.bin');
    // Deterministic noise: the same bytes every run.
    let x = 12345;
    writeFileSync(random, Buffer.from(Array.from({ length: 2 * 1024 * 1024 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 255)));
    const outcomes = await ingest([fixture('billion-laughs.xml'), random, fixture('html-page.html'), fixture('rss10-rdf.xml'), join(dir, 'missing.xml')]);
    expect(outcomes.map(outcomeLine)).toEqual([
      `${fixture('billion-laughs.xml')}: rejected: line 2, column 1: the document type declares XML entities; refused (entity expansion is never done: it is how "billion laughs" entity bombs work)`,
      `${random}: rejected: binary data, not a feed (no text format recognised)`,
      `${fixture('html-page.html')}: rejected: looks like an HTML page, not a feed`,
      `${fixture('rss10-rdf.xml')}: 2 new, 0 updated, 0 duplicate`,
      `${join(dir, 'missing.xml')}: rejected: no such file or folder`,
    ]);
    expect((await ingest(['/dev/zero'])).map(outcomeLine)).toEqual(['/dev/zero: rejected: not a regular file']);
  });

  it('rejects a 50 MB feed file without reading it, and streams a large JSON Lines file in batches', async () => {
    const huge = join(dir, 'huge.xml');
    // Sparse: 50 MB on paper, no time spent writing it.
    writeFileSync(huge, '');
    truncateSync(huge, 50 * 1024 * 1024);
    expect((await ingest([huge])).map(outcomeLine)).toEqual([`${huge}: rejected: the file is 50 MB, over the 5 MB limit for one feed (FEED_MAX_BYTES); split it, or use JSON Lines, which is streamed`]);
    rmSync(huge);

    const big = join(dir, 'big.jsonl');
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ id: `big-${i}`, title: `Item ${i}`, content: `Body ${i} `.repeat(20) }));
    lines[699] = '{not json';
    writeFileSync(big, lines.join('\n'));
    const [outcome] = await ingest([big], { maxBytes: 16 * 1024 });
    expect(outcome!.counts).toEqual({ new: 1199, updated: 0, duplicate: 0 });
    expect(outcome!.rejectedParts).toEqual([`${big} line 700: invalid JSON (Expected property name or '}')`]);
  }, 120_000);

  it('ingests a feed URL through the guarded fetcher, and refuses one outside the allow-list', async () => {
    const url = `${server.url}/atom`;
    expect((await ingest([url])).map(outcomeLine)).toEqual([`${url}: 2 new, 0 updated, 0 duplicate`]);
    const refused = await ingest([url], { fetch: createSafeFetch() });
    expect(outcomeLine(refused[0]!)).toBe(`${url}: rejected: refused (127.0.0.1, a loopback address; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW))`);
  });

  it('expands a folder into its feed-like files, skipping README, dotfiles and other files', async () => {
    const folder = mkdtempSync(join(dir, 'folder-'));
    writeFileSync(join(folder, 'README.md'), '# not an input');
    writeFileSync(join(folder, '.hidden'), 'x');
    writeFileSync(join(folder, 'b.txt'), 'Short title\nBody of b.');
    writeFileSync(join(folder, 'a.txt'), 'Another title\nBody of a.');
    writeFileSync(join(folder, 'notes.ts'), 'export {};');
    writeFileSync(join(folder, 'c.XML'), '<rss/>');
    expect((await expandInputs([folder])).map((i) => i.name)).toEqual([join(folder, 'a.txt'), join(folder, 'b.txt'), join(folder, 'c.XML')]);
  });
});
