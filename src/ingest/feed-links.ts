import { Parser } from 'htmlparser2';

/** A feed a web page announces with `<link rel="alternate" type="application/rss+xml" href="…">`. */
export interface FeedLink {
  url: string;
  type: 'rss' | 'atom' | 'json';
  title: string | null;
}

const FEED_TYPES: Record<string, FeedLink['type']> = {
  'application/rss+xml': 'rss',
  'application/rdf+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
  'application/json': 'json',
};

/** Pages announce their feeds in <head>; reading more of a large page would find nothing else. */
const MAX_HTML_CHARS = 512 * 1024;

/**
 * The feeds an HTML page links to, in page order, with relative links resolved against the page's
 * URL (or its `<base href>`). Only http(s) links are kept, each once.
 */
export function findFeedLinks(html: string, pageUrl: string): FeedLink[] {
  const found: FeedLink[] = [];
  const seen = new Set<string>();
  let base = pageUrl;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'base' && attribs.href) {
          base = resolve(attribs.href, pageUrl) ?? base;
          return;
        }
        if (name !== 'link') return;
        const rel = (attribs.rel ?? '').toLowerCase().split(/\s+/);
        if (!rel.includes('alternate')) return;
        const type = FEED_TYPES[(attribs.type ?? '').toLowerCase().split(';')[0]!.trim()];
        if (!type || !attribs.href) return;
        const url = resolve(attribs.href, base);
        if (!url || seen.has(url)) return;
        seen.add(url);
        found.push({ url, type, title: attribs.title?.trim() || null });
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html.slice(0, MAX_HTML_CHARS));
  parser.end();
  return found;
}

function resolve(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
