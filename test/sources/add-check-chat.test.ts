import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { silentLogger } from '../../src/logger.js';
import { fromRoot } from '../../src/package-root.js';
import { openStore, type Store } from '../../src/store/store.js';
import { textOf } from '../commands/harness.js';
import { startLocalServer, type LocalServer } from '../ingest/local-server.js';

// `sources add` in chat, on the assembled core: FETCH_ALLOW and FEED_MAX_BYTES from the environment, the
// analyzer's own language detection, answers in the channel's language. A real HTTP server on 127.0.0.1.
const fixture = (name: string) => readFileSync(fromRoot('test', 'fixtures', 'sources', name));
let store: Store;
let core: Core;
let server: LocalServer;
const origin = { channelId: 'slack:T1:CFR', userId: 'slack:UOPS' };

beforeAll(async () => {
  server = await startLocalServer((req, res) => {
    if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html' }).end(fixture('page-with-feed.html'));
    else if (req.url === '/multilingual-feed.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(fixture('multilingual-feed.xml'));
    else if (req.url === '/huge.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<rss version="2.0"><channel><title>x</title>${' '.repeat(40_000)}</channel></rss>`);
    else res.writeHead(404).end();
  });
  store = await openStore({ dataDir: 'memory://' });
  core = await createCore({ store, clock: new ManualClock('2026-12-07T12:00:00Z'), logger: silentLogger, env: { CYBERPOLICY_ADMINS: 'slack:UOPS', FETCH_ALLOW: '127.0.0.1', FEED_MAX_BYTES: '32768' } });
  await core.sink.processCommand(origin, 'language fr');
}, 300_000);

afterAll(async () => {
  await store.close();
  await server.close();
});

describe('sources add in chat checks the feed (createCore)', { timeout: 60_000 }, () => {
  it('a web page: not a feed, offering the feed it links to; nothing stored', async () => {
    const doc = await core.sink.processCommand(origin, `sources add ${server.url}/page.html`);
    expect(doc.isError).toBe(true);
    expect(textOf(doc).split('\n').slice(0, 3)).toEqual([
      `Je n’ai pas ajouté ${server.url}/page.html : c’est une page web (HTML), pas un flux.`,
      `La page renvoie à un flux : ${server.url}/multilingual-feed.xml. Pour l’ajouter : \`sources add ${server.url}/multilingual-feed.xml\``,
      `Elle renvoie aussi à : ${server.url}/comments/atom.xml?lang=en&kind=all`,
    ]);
    expect(await store.sources.list()).toEqual([]);
  });

  it('too large for FEED_MAX_BYTES: said so, nothing stored', async () => {
    const doc = await core.sink.processCommand(origin, `sources add ${server.url}/huge.xml`);
    expect(textOf(doc).split('\n')[0]).toBe(`Je n’ai pas ajouté ${server.url}/huge.xml : il dépasse la taille maximale d’un flux, 32 KB (FEED_MAX_BYTES).`);
    expect(await store.sources.list()).toEqual([]);
  });

  it('the real feed: added, with its title, count, languages detected by the analyzer and newest date', async () => {
    const doc = await core.sink.processCommand(origin, `sources add ${server.url}/multilingual-feed.xml`);
    expect(doc.isError).toBeFalsy();
    expect(textOf(doc)).toBe(
      `Source ${server.url}/multilingual-feed.xml ajoutée ; elle sera lue sous peu.\n« Cyber Policy Watch » · 6 articles · langues : anglais (3), français (2), russe (1) · article le plus récent : 3 déc. 2026`,
    );
    expect((await store.sources.list()).map((s) => [s.url, s.title, s.language, s.addedBy])).toEqual([[`${server.url}/multilingual-feed.xml`, 'Cyber Policy Watch', 'en', 'slack:UOPS']]);
  });
});
