import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { fromRoot } from '../package-root.js';
import { sourceIdForUrl } from './source-id.js';

/** What kind of publisher a catalogue source is; `sources add --catalog <kind>` adds all of one kind. */
export const SOURCE_KINDS = ['international-organisation', 'eu-body', 'national-agency', 'cert', 'ministry', 'parliament', 'research', 'news'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Where a feed URL was seen written: a publisher's page, another page, a public repository's file, or the code index's exact-string lookup (`code-index:<file id>`). */
export const PROVENANCE_KINDS = ['publisher-page', 'third-party-page', 'third-party-repo', 'code-index'] as const;

const HttpUrl = z
  .string()
  .max(2048)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL with a host');

const ProvenanceSchema = z
  .object({
    foundIn: z.enum(PROVENANCE_KINDS),
    foundAt: z.string().min(1).max(2048),
    readOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
    note: z.string().min(10).max(600),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ok = p.foundIn === 'code-index' ? /^code-index:\d+$/.test(p.foundAt) : HttpUrl.safeParse(p.foundAt).success;
    if (!ok) ctx.addIssue({ code: 'custom', path: ['foundAt'], message: p.foundIn === 'code-index' ? 'must be code-index:<file id>' : 'must be the http(s) URL of the page or file that shows the feed URL' });
  });

const CatalogSourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens').max(60),
    name: z.string().min(1).max(120),
    feedUrl: HttpUrl,
    siteUrl: HttpUrl,
    /** ISO 639-1 code of the feed's language. */
    language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 code'),
    kind: z.enum(SOURCE_KINDS),
    /** ISO 3166-1 alpha-2 country, EU, or INT (international); absent where no place fits (most news sites). */
    region: z.string().regex(/^(?:[A-Z]{2}|EU|INT)$/, 'must be a country code (e.g. LT), EU or INT').optional(),
    provenance: ProvenanceSchema,
  })
  .strict();

const CatalogFileSchema = z
  .object({
    version: z.literal(1),
    about: z.string(),
    sources: z.array(CatalogSourceSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const ids = new Map<string, number>();
    const feeds = new Map<string, number>();
    file.sources.forEach((source, i) => {
      const sameId = ids.get(source.id);
      if (sameId !== undefined) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate id (also sources.${sameId})` });
      ids.set(source.id, i);
      const feed = normalizeFeedUrl(source.feedUrl);
      const sameFeed = feeds.get(feed);
      if (sameFeed !== undefined) ctx.addIssue({ code: 'custom', path: ['sources', i, 'feedUrl'], message: `duplicate feed URL (also sources.${sameFeed}, "${file.sources[sameFeed]!.id}")` });
      feeds.set(feed, i);
    });
  });

export type CatalogSource = z.infer<typeof CatalogSourceSchema>;

export interface SourceCatalog {
  sources: readonly CatalogSource[];
  byId(id: string): CatalogSource | undefined;
  /** The entries of one kind or one language (the `--catalog <kind|lang>` group), in catalogue order. */
  group(kindOrLanguage: string): CatalogSource[];
  /** Entries matching every filter given, in catalogue order. */
  filter(options: { language?: string | null; kind?: string | null }): CatalogSource[];
  languages(): string[];
}

/** digests/sources.json in the package. */
export function defaultCatalogPath(): string {
  return fromRoot('digests', 'sources.json');
}

/** The feed URL as the store keeps it (WHATWG-normalised), so duplicates are found whatever the spelling. */
export function normalizeFeedUrl(url: string): string {
  try {
    return new URL(url).toString();
  } catch {
    return url;
  }
}

/** Parses and checks a catalogue document; an InputError names the file, the bad entry's index and id, and the field. */
export function parseSourceCatalog(raw: unknown, where: string): SourceCatalog {
  const parsed = CatalogFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String);
    let entry = '';
    if (path[0] === 'sources' && path[1] !== undefined && raw && typeof raw === 'object') {
      const id = (raw as { sources?: { id?: unknown }[] }).sources?.[Number(path[1])]?.id;
      entry = typeof id === 'string' ? ` (entry "${id}")` : '';
    }
    throw new InputError(where, `invalid source catalogue at ${path.join('.') || '(root)'}${entry}: ${issue.message}`);
  }
  return makeCatalog(parsed.data.sources);
}

const cache = new Map<string, SourceCatalog>();

/** Reads digests/sources.json (or `path`) once and validates it. Reading it fetches nothing. */
export function loadSourceCatalog(path: string = defaultCatalogPath()): SourceCatalog {
  const cached = cache.get(path);
  if (cached) return cached;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, `cannot read the source catalogue: ${(err as Error).message}`, { cause: err });
  }
  const catalog = parseSourceCatalog(raw, path);
  cache.set(path, catalog);
  return catalog;
}

function makeCatalog(sources: CatalogSource[]): SourceCatalog {
  const byId = new Map(sources.map((s) => [s.id, s]));
  return {
    sources,
    byId: (id) => byId.get(id.trim().toLowerCase()),
    group(kindOrLanguage) {
      const key = kindOrLanguage.trim().toLowerCase();
      return sources.filter((s) => s.kind === key || s.language === key);
    },
    filter({ language, kind }) {
      const lang = language?.trim().toLowerCase();
      const k = kind?.trim().toLowerCase();
      return sources.filter((s) => (!lang || s.language === lang) && (!k || s.kind === k));
    },
    languages: () => [...new Set(sources.map((s) => s.language))].sort(),
  };
}

export function isSourceKind(word: string): word is SourceKind {
  return (SOURCE_KINDS as readonly string[]).includes(word);
}

/** The one store operation adding from the catalogue needs (SourceRepository#add). */
export interface SourceAdder {
  add(source: { id: string; url: string; title?: string | null; addedBy?: string | null; language?: string | null; catalogId?: string | null; now: Date }): Promise<boolean>;
}

/**
 * Stores a catalogue entry as a source with its name, language and catalogue id; false when its feed
 * is already a source. Fetches nothing: the feed poller fetches it later, through the SSRF guard.
 */
export async function addCatalogSource(sources: SourceAdder, entry: CatalogSource, addedBy: string, now: Date): Promise<boolean> {
  const url = normalizeFeedUrl(entry.feedUrl);
  return sources.add({ id: sourceIdForUrl(url), url, title: entry.name, addedBy, language: entry.language, catalogId: entry.id, now });
}
