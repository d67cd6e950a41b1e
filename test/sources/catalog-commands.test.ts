import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createCommandCenter } from '../../src/commands/command-center.js';
import { unlimited } from '../../src/commands/rate-limiter.js';
import { loadSourceCatalog } from '../../src/ingest/source-catalog.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandSink } from '../../src/platform/command-sink.js';
import { openStore, type Store } from '../../src/store/store.js';
import { fakeAnalyzer, NOW, recordingDigests, textOf } from '../commands/harness.js';
import { testTaxonomy } from '../commands/fixtures.js';

const catalog = loadSourceCatalog();
let store: Store;
let sink: CommandSink;
/** URLs the command center asked the SSRF guard about: adding from the catalogue must ask about none. */
let guardCalls: string[];

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
}, 300_000);
afterAll(async () => {
  await store.close();
});
beforeEach(async () => {
  await store.database.query('DELETE FROM sources');
  guardCalls = [];
  sink = createCommandCenter({
    store,
    taxonomy: testTaxonomy(),
    analyzer: fakeAnalyzer,
    digests: recordingDigests(),
    clock: new ManualClock(NOW),
    logger: silentLogger,
    admins: ['slack:UADMIN'],
    rateLimiter: unlimited,
    // Records the URLs `sources add` would fetch (issue 17's feed check); answers as an empty feed would.
    checkFeed: async (url) => {
      guardCalls.push(url);
      return { kind: 'feed', url, title: null, items: 0, languages: [], newest: null };
    },
  });
});

const admin = (text: string) => sink.processCommand({ channelId: 'slack:T1:C1', userId: 'slack:UADMIN' }, text);
const member = (text: string) => sink.processCommand({ channelId: 'slack:T1:C1', userId: 'slack:U1' }, text);

describe('sources catalog (chat)', () => {
  it('lists the entries of one language, in catalogue order, with what to type next', async () => {
    const lt = catalog.sources.filter((s) => s.language === 'lt');
    const doc = await member('sources catalog lt');
    expect(doc.isError).toBeUndefined();
    expect(textOf(doc)).toBe(
      [
        'Source catalogue: lt',
        ...lt.map((s) => `\`${s.id}\` · ${s.name} · lt · ${s.kind}${s.region ? ` · ${s.region}` : ''}`),
        `${lt.length} of ${catalog.sources.length} sources in ${catalog.languages().length} languages. Add one with \`sources add catalog:<id>\`, or all of a kind or language with \`sources add --catalog <kind|language>\`. Nothing is fetched until it is added.`,
      ].join('\n'),
    );
  });

  it('filters by --kind and --lang together, and marks an entry already added', async () => {
    await admin('sources add catalog:cert-fr');
    const doc = await member('sources catalog --kind cert --lang fr');
    expect(textOf(doc).split('\n').slice(0, 2)).toEqual(['Source catalogue: fr, cert', '`cert-fr` · CERT-FR (ANSSI) · fr · cert · FR · added']);
  });

  it('lists the whole catalogue without a filter', async () => {
    const doc = await member('sources catalog');
    const lines = textOf(doc).split('\n');
    expect(lines[0]).toBe('Source catalogue');
    expect(lines.length).toBe(catalog.sources.length + 2);
  });

  it('refuses a filter that is neither a language code nor a kind, listing the kinds', async () => {
    const doc = await member('sources catalog --kind blogs');
    expect(doc.isError).toBe(true);
    expect(textOf(doc).split('\n')[0]).toBe(
      '`blogs` is neither a two-letter language code nor a source kind. Kinds: international-organisation, eu-body, national-agency, cert, ministry, parliament, research, news.',
    );
  });
});

describe('sources add from the catalogue (chat)', () => {
  it('catalog:<id> stores exactly that source with its language, name and catalogue id, and fetches nothing', async () => {
    const doc = await admin('sources add catalog:cert-fr');
    expect(textOf(doc)).toBe('Added CERT-FR (ANSSI) (fr, cert) from the catalogue: https://www.cert.ssi.gouv.fr/feed/. It will be fetched at the next poll.');
    const rows = await store.sources.list();
    expect(rows.map((r) => ({ url: r.url, language: r.language, catalogId: r.catalogId, title: r.title, addedBy: r.addedBy, lastFetchAt: r.lastFetchAt, itemCount: r.itemCount }))).toEqual([
      { url: 'https://www.cert.ssi.gouv.fr/feed/', language: 'fr', catalogId: 'cert-fr', title: 'CERT-FR (ANSSI)', addedBy: 'slack:UADMIN', lastFetchAt: null, itemCount: 0 },
    ]);
    expect(guardCalls).toEqual([]);
    expect(textOf(await admin('sources add catalog:cert-fr'))).toBe('CERT-FR (ANSSI) is already a source (https://www.cert.ssi.gouv.fr/feed/).');
    expect(await store.sources.list()).toHaveLength(1);
  });

  it('--catalog <lang> adds exactly the entries of that language', async () => {
    const pl = catalog.sources.filter((s) => s.language === 'pl');
    expect(pl.length).toBeGreaterThanOrEqual(2);
    const doc = await admin('sources add --catalog pl');
    expect(textOf(doc)).toBe(
      [`Added ${pl.length} of the ${pl.length} catalogue sources for pl; 0 were already sources. They will be fetched at the next poll.`, ...pl.map((s) => s.name)].join('\n'),
    );
    const rows = await store.sources.list();
    expect(rows.map((r) => r.catalogId).sort()).toEqual(pl.map((s) => s.id).sort());
    expect(new Set(rows.map((r) => r.language))).toEqual(new Set(['pl']));
    expect(guardCalls).toEqual([]);
  });

  it('--catalog <kind> adds every entry of that kind, counting those already there', async () => {
    await admin('sources add catalog:cert-fr');
    const certs = catalog.sources.filter((s) => s.kind === 'cert');
    const doc = await admin('sources add —catalog cert'); // as a chat app autocorrects "--"
    expect(textOf(doc).split('\n')[0]).toBe(
      `Added ${certs.length - 1} of the ${certs.length} catalogue sources for cert; 1 were already sources. They will be fetched at the next poll.`,
    );
    expect((await store.sources.list()).map((r) => r.catalogId).sort()).toEqual(certs.map((s) => s.id).sort());
  });

  it('an unknown id is a clear error naming it, with the nearest ids', async () => {
    const doc = await admin('sources add catalog:cert-fe');
    expect(doc.isError).toBe(true);
    expect(textOf(doc)).toBe(
      'There is no catalogue source `cert-fe`. `sources catalog` lists the ids.\nDid you mean `sources add catalog:cert-fr`, `sources add catalog:cert-si` or `sources add catalog:cert-pl`?\n' +
        'Usage: sources [add <url> | remove <url> | catalog [lang | kind] | add catalog:<id> | add --catalog <kind | lang>]',
    );
    expect(await store.sources.list()).toEqual([]);
  });

  it('an unknown group names the kinds and languages there are', async () => {
    const doc = await admin('sources add --catalog xx');
    expect(doc.isError).toBe(true);
    expect(textOf(doc).split('\n')[0]).toBe(
      `\`xx\` is neither a kind nor a language of the catalogue. Kinds: international-organisation, eu-body, national-agency, cert, ministry, parliament, research, news. Languages: ${catalog.languages().join(', ')}.`,
    );
  });

  it('is for admins only, in the channel language', async () => {
    const doc = await member('sources add catalog:cert-fr');
    expect(textOf(doc)).toBe('Only workspace admins can manage sources. Ask an admin, or have the operator add you to CYBERPOLICY_ADMINS.');
    expect(await store.sources.list()).toEqual([]);
  });

  it('still treats a URL as a URL (checked by the guard, no catalogue involved)', async () => {
    await admin('sources add https://feeds.example.org/rss');
    expect(guardCalls).toEqual(['https://feeds.example.org/rss']);
    expect((await store.sources.list()).map((r) => [r.url, r.language, r.catalogId])).toEqual([['https://feeds.example.org/rss', null, null]]);
  });
});
