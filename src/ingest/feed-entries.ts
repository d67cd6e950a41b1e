/**
 * Flattens what feedsmith returns for RSS, RDF, Atom and JSON Feed into one raw-entry shape, so
 * the item builder has a single path. Values stay raw (HTML, date strings): cleaning comes later.
 * feedsmith's typed output is read defensively: feeds in the wild put anything anywhere.
 */

export interface RawEntry {
  guid: string | null;
  link: string | null;
  /** xml:base chain for this entry, innermost last. */
  bases: string[];
  title: string | null;
  /** True when the title may hold markup (RSS titles often carry escaped HTML). */
  titleIsHtml: boolean;
  /** HTML or plain text body. */
  body: string | null;
  bodyIsHtml: boolean;
  /** Raw date strings, best first. */
  dates: string[];
  author: string | null;
  categories: string[];
  lang: string | null;
}

export interface RawFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | null;
  bases: string[];
  entries: RawEntry[];
}

type Bag = Record<string, unknown>;

const bag = (v: unknown): Bag => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Bag) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object' && 'value' in v) return str((v as Bag).value);
  return null;
}
const strs = (v: unknown): string[] => list(v).map(str).filter((s): s is string => s !== null);
const first = (...values: unknown[]): string | null => {
  for (const v of values) {
    const s = str(v);
    if (s) return s;
  }
  return null;
};

export function rawFeedFrom(format: RawFeed['format'], feed: unknown): RawFeed {
  const f = bag(feed);
  switch (format) {
    case 'rss':
    case 'rdf':
      return rssLike(format, f);
    case 'atom':
      return atom(f);
    case 'json':
      return jsonFeed(f);
  }
}

function mediaDescription(m: unknown): string | null {
  const media = bag(m);
  const groups = list(media.groups).map(bag);
  return first(media.description, ...groups.map((g) => g.description), ...list(media.contents).map((c) => bag(c).description));
}

/** media:title of an item, its groups or its contents (Media RSS), for entries without a title. */
function mediaTitle(m: unknown): string | null {
  const media = bag(m);
  const groups = list(media.groups).map(bag);
  return first(media.title, ...groups.map((g) => g.title), ...list(media.contents).map((c) => bag(c).title), ...groups.flatMap((g) => list(g.contents).map((c) => bag(c).title)));
}

/** The title peers fall back to when an item has no <title>: dc:title, media:title, itunes:title. */
function fallbackTitle(x: Bag): string | null {
  return first(...list(bag(x.dc).titles), bag(x.dc).title, mediaTitle(x.media), bag(x.itunes).title);
}

function dcDates(x: Bag): string[] {
  const dc = bag(x.dc);
  const terms = bag(x.dcterms);
  return [...strs(dc.dates), ...strs(dc.date), ...strs(terms.issued), ...strs(terms.created), ...strs(terms.modified)];
}

function rssLike(format: 'rss' | 'rdf', f: Bag): RawFeed {
  const feedLang = first(f.language, ...list(bag(f.dc).languages));
  const feedBase = str(bag(f.xml).base);
  const entries = list(f.items).map((raw): RawEntry => {
    const item = bag(raw);
    const guid = bag(item.guid);
    const guidValue = str(guid.value ?? item.guid);
    const encoded = str(bag(item.content).encoded);
    const description = str(item.description);
    const media = mediaDescription(item.media);
    const atomNs = bag(item.atom);
    const atomLink = list(atomNs.links).map(bag).find((l) => !l.rel || l.rel === 'alternate');
    const permalink = guidValue && guid.isPermaLink !== false && /^https?:\/\//i.test(guidValue) ? guidValue : null;
    return {
      guid: guidValue ?? str(bag(item.rdf).about),
      link: first(item.link, atomLink?.href, permalink, bag(item.rdf).about),
      bases: [feedBase, str(bag(item.xml).base)].filter((b): b is string => !!b),
      title: str(item.title) ?? fallbackTitle(item),
      titleIsHtml: true,
      body: encoded ?? description ?? media ?? str(bag(item.itunes).summary),
      bodyIsHtml: encoded !== null || description !== null,
      dates: [...strs(item.pubDate), ...dcDates(item), ...strs(atomNs.published), ...strs(atomNs.updated)],
      author: first(...list(item.authors).map((a) => bag(a).name ?? a), ...list(bag(item.dc).creators), bag(item.itunes).author),
      categories: [...list(item.categories).map((c) => str(bag(c).name ?? c)), ...strs(bag(item.dc).subjects)].filter((c): c is string => !!c),
      lang: first(bag(item.xml).lang, ...list(bag(item.dc).languages)) ?? feedLang,
    };
  });
  return { format, title: str(f.title), bases: feedBase ? [feedBase] : [], entries };
}

export function atomText(v: unknown): { text: string | null; html: boolean } {
  const t = bag(v);
  const value = str(t.value ?? v);
  const type = typeof t.type === 'string' ? t.type.toLowerCase().trim() : 'text';
  // Atom 0.3 text constructs carry a MIME type and may be base64 (mode="base64"), like content.
  if (value && type.includes('/')) return atomContent({ value, type });
  return { text: value, html: type === 'html' || type === 'xhtml' || type.includes('html') };
}

/** Atom content: RFC 4287 4.1.3.3 says a non-text, non-XML media type is base64. */
export function atomContent(v: unknown): { text: string | null; html: boolean } {
  const c = bag(v);
  const value = str(c.value);
  if (!value) return { text: null, html: false };
  const type = typeof c.type === 'string' ? c.type.toLowerCase().trim() : 'text';
  if (type === 'text' || type === 'html' || type === 'xhtml') return { text: value, html: type !== 'text' };
  if (type.startsWith('text/') || type.endsWith('+xml') || type.endsWith('/xml')) {
    const decoded = looksBase64(value) ? decodeBase64Text(value) : null;
    const text = decoded ?? value;
    return { text, html: type.includes('html') || /<[a-z][\s\S]*>/i.test(text) };
  }
  const decoded = decodeBase64Text(value);
  return decoded !== null ? { text: decoded, html: /<[a-z][\s\S]*>/i.test(decoded) } : { text: value, html: false };
}

function looksBase64(v: string): boolean {
  const compact = v.replace(/\s+/g, '');
  return compact.length >= 16 && compact.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(compact) && !/^[A-Za-z]+$/.test(compact);
}

/** Base64 to UTF-8 text, or null when the bytes are not text (then the raw value is kept). */
function decodeBase64Text(v: string): string | null {
  if (!looksBase64(v)) return null;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(v.replace(/\s+/g, ''), 'base64'));
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}

function atom(f: Bag): RawFeed {
  const feedBase = str(bag(f.xml).base);
  const feedLang = str(bag(f.xml).lang);
  const entries = list(f.entries).map((raw): RawEntry => {
    const e = bag(raw);
    const links = list(e.links).map(bag);
    const alternate = links.find((l) => (!l.rel || l.rel === 'alternate') && (!l.type || String(l.type).includes('html'))) ?? links.find((l) => !l.rel || l.rel === 'alternate');
    const title = atomText(e.title);
    const content = atomContent(e.content);
    const summary = atomText(e.summary);
    const media = mediaDescription(e.media);
    const body = content.text ? content : summary.text ? summary : { text: media, html: false };
    return {
      guid: str(e.id),
      link: str(alternate?.href),
      bases: [feedBase, str(bag(e.xml).base)].filter((b): b is string => !!b),
      title: title.text ?? fallbackTitle(e),
      titleIsHtml: title.text ? title.html : true,
      body: body.text,
      bodyIsHtml: body.html,
      dates: [...strs(e.published), ...dcDates(e), ...strs(e.updated)],
      author: first(...list(e.authors).map((a) => bag(a).name), ...list(bag(e.dc).creators)),
      categories: list(e.categories).map((c) => first(bag(c).label, bag(c).term)).filter((c): c is string => !!c),
      lang: str(bag(e.xml).lang) ?? feedLang,
    };
  });
  return { format: 'atom', title: atomText(f.title).text, bases: feedBase ? [feedBase] : [], entries };
}

function jsonFeed(f: Bag): RawFeed {
  const feedLang = str(f.language);
  const base = str(f.feed_url) ?? str(f.home_page_url);
  const entries = list(f.items).map((raw): RawEntry => {
    const i = bag(raw);
    const html = str(i.content_html);
    return {
      guid: str(i.id),
      link: first(i.url, i.external_url),
      bases: base ? [base] : [],
      title: str(i.title),
      titleIsHtml: false,
      body: html ?? str(i.content_text) ?? str(i.summary),
      bodyIsHtml: html !== null,
      dates: [...strs(i.date_published), ...strs(i.date_modified)],
      author: first(...list(i.authors).map((a) => bag(a).name), bag(i.author).name, ...list(f.authors).map((a) => bag(a).name)),
      categories: strs(i.tags),
      lang: str(i.language) ?? feedLang,
    };
  });
  return { format: 'json', title: str(f.title), bases: base ? [base] : [], entries };
}
