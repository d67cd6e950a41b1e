import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultCatalogPath, loadSourceCatalog, normalizeFeedUrl, parseSourceCatalog, PROVENANCE_KINDS, SOURCE_KINDS } from '../../src/ingest/source-catalog.js';

// The catalogue as shipped: checked here field by field, without trusting the loader's own schema.
const raw = JSON.parse(readFileSync(defaultCatalogPath(), 'utf8')) as { sources: Record<string, unknown>[] };
const catalog = loadSourceCatalog();

function isHttpUrl(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') && !url.username && !url.password;
  } catch {
    return false;
  }
}

describe('the source catalogue (digests/sources.json)', () => {
  it('loads, with at least 40 sources in at least 10 languages and every kind represented', () => {
    expect(catalog.sources.length).toBe(raw.sources.length);
    expect(catalog.sources.length).toBeGreaterThanOrEqual(40);
    expect(catalog.languages().length).toBeGreaterThanOrEqual(10);
    expect(new Set(catalog.sources.map((s) => s.kind))).toEqual(new Set(SOURCE_KINDS));
  });

  it('gives every entry a provenance: where the feed URL was seen, what kind of place that is, a note and the date it was read', () => {
    for (const entry of raw.sources) {
      const p = entry.provenance as Record<string, unknown> | undefined;
      expect(p, String(entry.id)).toBeDefined();
      expect(PROVENANCE_KINDS as readonly unknown[], String(entry.id)).toContain(p!.foundIn);
      if (p!.foundIn === 'code-index') expect(p!.foundAt, String(entry.id)).toMatch(/^code-index:\d+$/);
      else expect(isHttpUrl(p!.foundAt), `${String(entry.id)}: ${String(p!.foundAt)}`).toBe(true);
      expect(typeof p!.note === 'string' && p!.note.length >= 10, String(entry.id)).toBe(true);
      expect(p!.readOn, String(entry.id)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(`${String(p!.readOn)}T00:00:00Z`)), String(entry.id)).toBe(false);
    }
  });

  it('has a syntactically valid http(s) feed URL and site URL with a host for every entry', () => {
    for (const entry of raw.sources) {
      expect(isHttpUrl(entry.feedUrl), `${String(entry.id)} feedUrl ${String(entry.feedUrl)}`).toBe(true);
      expect(isHttpUrl(entry.siteUrl), `${String(entry.id)} siteUrl ${String(entry.siteUrl)}`).toBe(true);
      expect(entry.language, String(entry.id)).toMatch(/^[a-z]{2}$/);
    }
  });

  it('has unique ids and unique feed URLs (compared as the store normalises them)', () => {
    const ids = raw.sources.map((s) => s.id as string);
    expect(new Set(ids).size).toBe(ids.length);
    const feeds = raw.sources.map((s) => normalizeFeedUrl(s.feedUrl as string));
    expect(new Set(feeds).size).toBe(feeds.length);
  });

  it('groups by kind or by language, and filters by both', () => {
    expect(catalog.group('lt').map((s) => s.id)).toEqual(catalog.sources.filter((s) => s.language === 'lt').map((s) => s.id));
    expect(catalog.group('cert').every((s) => s.kind === 'cert')).toBe(true);
    expect(catalog.filter({ language: 'fr', kind: 'cert' }).map((s) => s.id)).toEqual(['cert-fr']);
    expect(catalog.byId('CERT-FR')?.feedUrl).toBe('https://www.cert.ssi.gouv.fr/feed/');
  });
});

describe('validating a catalogue on load', () => {
  const good = raw.sources[0]!;
  const doc = (...sources: unknown[]) => ({ version: 1, about: 'test', sources });

  it('names the entry and the field of a bad feed URL', () => {
    expect(() => parseSourceCatalog(doc({ ...good, id: 'bad-one', feedUrl: 'ftp://example.org/feed' }), 'x.json')).toThrow(
      'x.json: invalid source catalogue at sources.0.feedUrl (entry "bad-one"): must be an absolute http(s) URL with a host',
    );
  });

  it('names the second entry when two share a feed URL or an id', () => {
    expect(() => parseSourceCatalog(doc(good, { ...good, id: 'copy' }), 'x.json')).toThrow(
      `x.json: invalid source catalogue at sources.1.feedUrl (entry "copy"): duplicate feed URL (also sources.0, "${String(good.id)}")`,
    );
    expect(() => parseSourceCatalog(doc(good, { ...good, feedUrl: 'https://example.org/other.xml' }), 'x.json')).toThrow(
      `x.json: invalid source catalogue at sources.1.id (entry "${String(good.id)}"): duplicate id (also sources.0)`,
    );
  });

  it('refuses an entry without a provenance date', () => {
    const provenance = { ...(good.provenance as object), readOn: 'last week' };
    expect(() => parseSourceCatalog(doc({ ...good, id: 'undated', provenance }), 'x.json')).toThrow(
      'x.json: invalid source catalogue at sources.0.provenance.readOn (entry "undated"): must be a date YYYY-MM-DD',
    );
  });
});
