/**
 * A fast reader for the plainest, most common kind of feed: well-formed RSS 2.0 whose items use only
 * title, link, description, guid, pubDate, category and content:encoded. It returns exactly the
 * RawFeed that feedsmith + `rawFeedFrom` would give for the same text, or null for anything else
 * (then the caller takes the general path: feedsmith, and the validator for lenient-read warnings).
 *
 * Why: feedsmith runs fast-xml-parser with ~425 stop nodes and ~30 namespace readers per item, and a
 * second XML pass finds malformed documents; for a small feed that fixed cost is most of the time.
 *
 * Exactness rests on refusing, not on emulating. The reader accepts only documents it checks to be
 * well-formed by rules at least as strict as the validator's (so the general path would warn of
 * nothing): names from a short list per level, no attributes but a few, every `&` one of the five
 * XML entities, another entity name (decoded as feedsmith does) or a plain numeric reference, no carriage returns, no nested element of the same
 * name as the one it is in. Text values are then what feedsmith makes of a raw element body:
 * comments removed, CDATA sections verbatim, entities decoded elsewhere, trimmed, empty = absent.
 * test/ingest/read-simple-feed.test.ts compares both paths on every fixture and on variants.
 */
import { decodeHTML } from 'entities';
import { atomContent, atomText, type RawEntry, type RawFeed } from './feed-entries.js';

/** The channel elements this reader knows; `item`s are read, the others only checked. */
const CHANNEL_ELEMENTS = new Set(['title', 'link', 'description', 'language', 'copyright', 'managingEditor', 'webMaster', 'pubDate', 'lastBuildDate', 'category', 'generator', 'docs', 'ttl', 'item', 'atom:link']);
const ITEM_ELEMENTS = new Set(['title', 'link', 'description', 'guid', 'pubDate', 'category', 'content:encoded', 'dc:creator', 'dc:date', 'dc:subject', 'dc:title', 'dc:language', 'media:title', 'media:description', 'media:group']);
/** Media RSS: only the title and description, alone or in a group (what the entry mapping reads). */
const MEDIA_TEXT = new Set(['media:title', 'media:description']);
const RSS_CONTAINERS = new Map([
  ['item', ITEM_ELEMENTS],
  ['media:group', MEDIA_TEXT],
]);
/** Atom 1.0 and 0.3: the feed and entry elements this reader knows (no source, contributor or xhtml). */
const FEED_ELEMENTS = new Set(['title', 'subtitle', 'tagline', 'id', 'updated', 'modified', 'link', 'author', 'generator', 'icon', 'logo', 'rights', 'category', 'entry']);
const ENTRY_ELEMENTS = new Set(['id', 'title', 'link', 'updated', 'modified', 'published', 'issued', 'created', 'author', 'content', 'summary', 'category', 'rights']);
const AUTHOR_ELEMENTS = new Set(['name', 'email', 'uri']);
const ATOM_CONTAINERS = new Map([['entry', ENTRY_ELEMENTS], ['author', AUTHOR_ELEMENTS]]);
/** The default namespaces read here: Atom 1.0 and Atom 0.3. */
const ATOM_DEFAULT_URIS = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#']);
/** feedsmith's own namespace URIs for Atom (any other prefix bound to one would rename elements). */
const ATOM_URIS = new Set(['http://www.w3.org/2005/atom', 'https://www.w3.org/2005/atom', 'http://www.w3.org/2005/atom/', 'https://www.w3.org/2005/atom/', 'http://purl.org/atom/ns#', 'https://purl.org/atom/ns#']);
/** RSS 1.0 / 0.90 (RDF): the channel with its table of contents, and items beside it. */
const RDF_ELEMENTS = new Set(['channel', 'item']);
const RDF_CHANNEL_ELEMENTS = new Set(['title', 'link', 'description', 'items', 'dc:language']);
const RDF_ITEM_ELEMENTS = new Set(['title', 'link', 'description', 'content:encoded', 'dc:creator', 'dc:date', 'dc:subject', 'dc:title', 'dc:language']);
const RDF_CONTAINERS = new Map([
  ['channel', RDF_CHANNEL_ELEMENTS],
  ['item', RDF_ITEM_ELEMENTS],
  ['items', new Set(['rdf:Seq'])],
  ['rdf:Seq', new Set(['rdf:li'])],
]);
const RDF_URI = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDF_DEFAULT_URIS = new Set(['http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/']);
/** feedsmith's test for Atom, which it applies before its test for RDF. */
const ATOM_DETECT = /(?:^|[\s>])<(?:\w+:)?feed[\s>]/im;
/** feedsmith's test for RSS, which it applies before its test for Atom. */
const RSS_DETECT = /(?:^|[\s>])<(?:\w+:)?rss[\s>]/im;
/** The namespace URIs feedsmith gives these prefixes (with or without https and the final slash). */
const variants = (uri: string) => [uri, uri.replace(/^http:/, 'https:')].flatMap((u) => (u.endsWith('/') ? [u, u.slice(0, -1)] : [u]));
const KNOWN_PREFIXES = new Map<string, string>([
  ...variants('http://purl.org/rss/1.0/modules/content/').map((u) => [u, 'content'] as const),
  ...['http://purl.org/dc/elements/1.1/', 'http://dublincore.org/documents/dcmi-namespace/', 'http://purl.org/dc/elements/1.0/'].flatMap(variants).map((u) => [u, 'dc'] as const),
  ...['http://search.yahoo.com/mrss/', 'http://video.search.yahoo.com/mrss/', 'http://www.rssboard.org/media-rss/'].flatMap(variants).map((u) => [u, 'media'] as const),
  ...['http://www.w3.org/2005/Atom', 'http://www.w3.org/2005/Atom/', 'http://purl.org/atom/ns#'].flatMap(variants).map((u) => [u.toLowerCase(), 'atom'] as const),
]);

/** The pseudo-attributes of the XML declaration or a style sheet instruction. */
const PSEUDO_ATTRIBUTES = /^(?:\s+[a-zA-Z]+\s*=\s*(?:"[^"<&]*"|'[^'<&]*'))*\s*$/;

const LT = 60; // <
const GT = 62; // >
const AMP = 38; // &
const SLASH = 47; // /

/** Thrown inside the reader when the document is outside what it reads; caught at the top. Not an Error: no stack to capture. */
const OUTSIDE = Symbol('outside what the simple reader reads');
const outside = (): never => {
  throw OUTSIDE;
};

interface Element {
  name: string;
  attributes: [string, string][];
  /** The raw body (between the tags), '' for an empty element. */
  body: string;
  /** A container's children (RSS item, Atom entry and author). */
  children?: Element[];
}

export function readSimpleFeed(xml: string, maxItems: number): RawFeed | null {
  return readChecked(xml, null, maxItems);
}

/**
 * The same reading over valid UTF-8 bytes, without decoding the whole document: `latin` is the
 * bytes as Latin-1 (one char per byte, so every ASCII byte, and so all markup, is where it is in the
 * bytes) and only the values kept (element bodies, attribute values) are decoded as UTF-8. A
 * multi-byte character's bytes are all >= 0x80 and never read as markup. Decoding a large feed whole
 * makes one string too big for V8's young generation (over 128 KB as UTF-16), which costs more than
 * the parsing. Gives exactly readSimpleFeed(decoded text), or null where it cannot be sure of that.
 */
export function readSimpleFeedUtf8(latin: string, utf8: Buffer, maxItems: number): RawFeed | null {
  return readChecked(latin, utf8, maxItems);
}

function readChecked(xml: string, utf8: Buffer | null, maxItems: number): RawFeed | null {
  // Quick refusals before any work: a carriage return (XML would normalise it, fast-xml-parser does not).
  if (xml.indexOf('\r') >= 0) return null;
  try {
    return new SimpleFeedReader(xml, utf8).read(maxItems);
  } catch (err) {
    if (err === OUTSIDE) return null;
    throw err;
  }
}

/** Any byte of a multi-byte UTF-8 character, in the Latin-1 view. */
const NON_ASCII = /[\u0080-\u00ff]/;

class SimpleFeedReader {
  private pos = 0;
  /** The next '&' and "]]>" at or after the last text checked (-1: none left), so each is searched for once. */
  private nextAmp = -2;
  private nextCdataEnd = -2;
  private decoded: string | null = null;
  /** `utf8`: the bytes `xml` is the Latin-1 view of (see readSimpleFeedUtf8), or null when `xml` is the text. */
  constructor(
    private readonly xml: string,
    private readonly utf8: Buffer | null,
  ) {}

  /** The text of xml[from, to): decoded from the bytes when xml is their Latin-1 view. */
  private value(from: number, to: number): string {
    const raw = this.xml.slice(from, to);
    return this.utf8 === null || !NON_ASCII.test(raw) ? raw : this.utf8.toString('utf8', from, to);
  }

  /** The whole text (its regular expressions' \s and ^ know characters beyond ASCII). */
  private text(): string {
    if (this.utf8 === null) return this.xml;
    return (this.decoded ??= this.utf8.toString('utf8'));
  }

  /** Text between markup: every '&' a known reference, no "]]>" (not allowed in XML text). */
  private checkText(from: number, to: number): void {
    const x = this.xml;
    if (this.nextAmp !== -1 && this.nextAmp < from) this.nextAmp = x.indexOf('&', from);
    if (this.nextAmp !== -1 && this.nextAmp < to) {
      checkReferences(x, from, to);
      this.nextAmp = x.indexOf('&', to);
    }
    if (this.nextCdataEnd !== -1 && this.nextCdataEnd < from) this.nextCdataEnd = x.indexOf(']]>', from);
    if (this.nextCdataEnd !== -1 && this.nextCdataEnd < to) outside();
  }

  read(maxItems: number): RawFeed {
    this.prolog();
    const root = this.openTag();
    if (root.selfClosing) outside();
    if (root.name === 'rss') {
      const bound = checkRssRoot(root.attributes);
      let channel: Element[] | null = null;
      for (;;) {
        const next = this.containerNext('rss');
        if (next === null) break;
        if (next.name !== 'channel' || channel !== null || next.attributes.length > 0 || next.selfClosing) outside();
        channel = this.children('channel', CHANNEL_ELEMENTS, RSS_CONTAINERS);
      }
      this.epilogue();
      if (channel === null) outside();
      return rssFeed(channel!, maxItems, bound, attributeOf(root.attributes, 'xml:base'));
    }
    if (root.name === 'rdf:RDF') {
      const bound = checkRdfRoot(root.attributes);
      // feedsmith tries RSS and Atom first: a document either test would claim is not read here.
      if ((/rss/i.test(this.xml) && RSS_DETECT.test(this.text())) || (/feed/i.test(this.xml) && ATOM_DETECT.test(this.text()))) outside();
      const top = this.children('rdf:RDF', RDF_ELEMENTS, RDF_CONTAINERS);
      this.epilogue();
      return rdfFeed(top, maxItems, bound, attributeOf(root.attributes, 'xml:base'));
    }
    if (root.name === 'feed') {
      checkAtomRoot(root.attributes);
      // feedsmith tries RSS first: a document its RSS test would claim is not read here.
      if (/rss/i.test(this.xml) && RSS_DETECT.test(this.text())) outside();
      const feed = this.children('feed', FEED_ELEMENTS, ATOM_CONTAINERS);
      this.epilogue();
      return atomFeed(feed, maxItems, attributeOf(root.attributes, 'xml:lang'), attributeOf(root.attributes, 'xml:base'));
    }
    return outside();
  }

  /** Whitespace, the XML declaration (first thing only), comments and a DOCTYPE without internal subset. */
  private prolog(): void {
    const x = this.xml;
    if (x.startsWith('<?xml')) {
      const end = x.indexOf('?>');
      if (end < 0) outside();
      const decl = x.slice(5, end);
      if (!PSEUDO_ATTRIBUTES.test(decl)) outside();
      this.pos = end + 2;
    }
    let doctype = false;
    for (;;) {
      this.skipSpace();
      if (x.startsWith('<!--', this.pos)) this.comment();
      else if (x.startsWith('<?', this.pos)) {
        // A style sheet instruction, with pseudo-attributes as in the declaration; no other instruction.
        const end = x.indexOf('?>', this.pos);
        if (end < 0 || !x.startsWith('<?xml-stylesheet', this.pos) || !PSEUDO_ATTRIBUTES.test(x.slice(this.pos + 16, end))) outside();
        this.pos = end + 2;
      } else if (!doctype && x.startsWith('<!DOCTYPE', this.pos)) {
        const end = x.indexOf('>', this.pos);
        if (end < 0) outside();
        const body = x.slice(this.pos + 9, end);
        if (!/^\s+rss(?:\s+PUBLIC\s+"[^"<>[\]]*"\s+"[^"<>[\]]*")?\s*$/.test(body)) outside();
        doctype = true;
        this.pos = end + 1;
      } else return;
    }
  }

  /** After the root: only whitespace and comments. */
  private epilogue(): void {
    for (;;) {
      this.skipSpace();
      if (this.pos >= this.xml.length) return;
      if (this.xml.startsWith('<!--', this.pos)) this.comment();
      else outside();
    }
  }

  private skipSpace(): void {
    const x = this.xml;
    let p = this.pos;
    for (;;) {
      const c = x.charCodeAt(p);
      if (c === 32 || c === 10 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  private comment(): void {
    const end = this.xml.indexOf('-->', this.pos + 4);
    if (end < 0) outside();
    // "--" inside a comment is not well-formed XML.
    if (this.xml.slice(this.pos + 4, end).includes('--')) outside();
    this.pos = end + 3;
  }

  /** An element name at pos: letters, digits, '_', '-', '.', at most one ':' not first or last. */
  private name(): string {
    const x = this.xml;
    const start = this.pos;
    let p = start;
    const first = x.charCodeAt(p);
    if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95)) outside();
    p++;
    let colon = -1;
    for (;;) {
      const c = x.charCodeAt(p);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46) p++;
      else if (c === 58 && colon < 0) colon = p++;
      else break;
    }
    if (colon === p - 1) outside();
    this.pos = p;
    return x.slice(start, p);
  }

  /** `<name attr="value" …>` or `…/>` at pos. */
  private openTag(values = true): { name: string; attributes: [string, string][]; selfClosing: boolean } {
    const x = this.xml;
    if (x.charCodeAt(this.pos) !== LT) outside();
    this.pos++;
    const name = this.name();
    const attributes: [string, string][] = [];
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      const c = x.charCodeAt(this.pos);
      if (c === GT) {
        this.pos++;
        return { name, attributes, selfClosing: false };
      }
      if (c === SLASH && x.charCodeAt(this.pos + 1) === GT) {
        this.pos += 2;
        return { name, attributes, selfClosing: true };
      }
      if (this.pos === before) outside(); // attributes are separated by white space
      const attr = this.name();
      this.skipSpace();
      if (x.charCodeAt(this.pos) !== 61) outside(); // '=': no boolean attributes here
      this.pos++;
      this.skipSpace();
      const quote = x.charCodeAt(this.pos);
      if (quote !== 34 && quote !== 39) outside();
      const end = x.indexOf(quote === 34 ? '"' : "'", this.pos + 1);
      if (end < 0) outside();
      const raw = x.slice(this.pos + 1, end);
      if (raw.includes('<')) outside();
      checkReferences(raw, 0, raw.length);
      if (attributes.some(([a]) => a === attr)) outside();
      attributes.push([attr, values ? this.value(this.pos + 1, end) : raw]);
      this.pos = end + 1;
    }
  }

  /** The next child element of a container (only white space and comments between), or null at `</parent>`. */
  private containerNext(parent: string): { name: string; attributes: [string, string][]; selfClosing: boolean } | null {
    const x = this.xml;
    for (;;) {
      this.skipSpace();
      if (x.charCodeAt(this.pos) !== LT) outside();
      if (x.startsWith('<!--', this.pos)) {
        this.comment();
        continue;
      }
      if (x.charCodeAt(this.pos + 1) === SLASH) {
        this.closeTag(parent);
        return null;
      }
      return this.openTag();
    }
  }

  private closeTag(name: string): void {
    const x = this.xml;
    if (!x.startsWith(name, this.pos + 2)) outside();
    this.pos += 2 + name.length;
    this.skipSpace();
    if (x.charCodeAt(this.pos) !== GT) outside();
    this.pos++;
  }

  /** Children of a container element, each with its raw body (or its own children); names outside `allowed` end the reading. */
  private children(parent: string, allowed: Set<string>, containers: Map<string, Set<string>>): Element[] {
    const out: Element[] = [];
    for (;;) {
      const tag = this.containerNext(parent);
      if (tag === null) return out;
      if (!allowed.has(tag.name)) outside();
      const inner = containers.get(tag.name);
      if (inner) {
        out.push({ name: tag.name, attributes: tag.attributes, body: '', children: tag.selfClosing ? [] : this.children(tag.name, inner, containers) });
      } else out.push({ name: tag.name, attributes: tag.attributes, body: tag.selfClosing ? '' : this.body(tag.name) });
    }
  }

  /**
   * The raw body of an element up to its `</name>`, checked: text with valid references, CDATA,
   * comments, and well-formed nested elements of other names (markup kept as text, as feedsmith's
   * stop nodes keep it).
   */
  private body(name: string): string {
    const x = this.xml;
    const start = this.pos;
    const open: string[] = [];
    for (;;) {
      const lt = x.indexOf('<', this.pos);
      if (lt < 0) outside();
      this.checkText(this.pos, lt);
      this.pos = lt;
      const c = x.charCodeAt(lt + 1);
      if (c === SLASH) {
        const expected = open.length > 0 ? open[open.length - 1]! : name;
        const end = lt;
        this.closeTag(expected);
        if (open.length === 0) return this.value(start, end);
        open.pop();
      } else if (c === 33) {
        // '!': a comment or CDATA; nothing else (no DOCTYPE inside).
        if (x.startsWith('<!--', lt)) this.comment();
        else if (x.startsWith('<![CDATA[', lt)) {
          const end = x.indexOf(']]>', lt + 9);
          if (end < 0) outside();
          const data = x.slice(lt + 9, end);
          // Stripping comments runs before CDATA is unwrapped; and a stop node's end is found by name.
          if (data.includes('<!--') || data.includes(`</${name}`)) outside();
          this.pos = end + 3;
        } else outside();
      } else {
        // Markup inside a body is kept as raw text: its attribute values need no decoding (only compared with ASCII).
        const tag = this.openTag(false);
        if (tag.name === name) outside();
        // Namespace declarations inside a body could rename elements for feedsmith; only XHTML's own is harmless.
        if (tag.attributes.some(([a, v]) => a.startsWith('xmlns') && !(a === 'xmlns' && v === 'http://www.w3.org/1999/xhtml'))) outside();
        if (!tag.selfClosing) open.push(tag.name);
      }
    }
  }
}


const NUMERIC_REFERENCE = /&#(?:([0-9]{1,7})|x([0-9a-fA-F]{1,6}));/y;
/** Any other entity name (HTML's &eacute;, &nbsp;…): decoded by the very decoder feedsmith uses. */
const OTHER_NAMED_REFERENCE = /&[A-Za-z][A-Za-z0-9]{0,31};/y;
const NAMED_CHARS = ['&', '<', '>', '"', "'"];

/**
 * The XML entity reference (amp, lt, gt, quot, apos) at `at`, as the index into NAMED_CHARS and its
 * length, or -1. Compared char by char: far cheaper than a regex on escaped HTML full of them.
 */
function namedAt(x: string, at: number): number {
  const a = x.charCodeAt(at + 1);
  const b = x.charCodeAt(at + 2);
  const c = x.charCodeAt(at + 3);
  if (b === 116 && c === 59 && (a === 108 || a === 103)) return a === 108 ? 1 : 2; // &lt; &gt;
  if (a === 97 && b === 109 && c === 112 && x.charCodeAt(at + 4) === 59) return 0; // &amp;
  if (a === 113 && b === 117 && c === 111 && x.charCodeAt(at + 4) === 116 && x.charCodeAt(at + 5) === 59) return 3; // &quot;
  if (a === 97 && b === 112 && c === 111 && x.charCodeAt(at + 4) === 115 && x.charCodeAt(at + 5) === 59) return 4; // &apos;
  return -1;
}
const NAMED_LENGTH = [5, 4, 4, 6, 6];

/** The code point of the numeric reference at `at` (NUMERIC_REFERENCE.lastIndex then ends it), or -1. */
function numericAt(x: string, at: number): number {
  NUMERIC_REFERENCE.lastIndex = at;
  const m = NUMERIC_REFERENCE.exec(x);
  if (!m) return -1;
  return m[1] !== undefined ? parseInt(m[1], 10) : parseInt(m[2]!, 16);
}

function checkReferences(x: string, from: number, to: number): void {
  let amp = x.indexOf('&', from);
  while (amp >= 0 && amp < to) {
    const named = namedAt(x, amp);
    if (named >= 0) {
      if (amp + NAMED_LENGTH[named]! > to) outside();
    } else if (x.charCodeAt(amp + 1) === 35) {
      const cp = numericAt(x, amp);
      if (cp < 0 || NUMERIC_REFERENCE.lastIndex > to) outside();
      plainCodePoint(cp);
    } else {
      OTHER_NAMED_REFERENCE.lastIndex = amp;
      if (!OTHER_NAMED_REFERENCE.test(x) || OTHER_NAMED_REFERENCE.lastIndex > to) outside();
    }
    amp = x.indexOf('&', amp + 1);
  }
}

/** Code points an HTML decoder and an XML reader agree on (no C0/C1 controls, surrogates or non-characters). */
function plainCodePoint(cp: number): number {
  const ok = cp === 9 || cp === 10 || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfdcf) || (cp >= 0xfdf0 && cp <= 0x10ffff && (cp & 0xfffe) !== 0xfffe);
  if (!ok) outside();
  return cp;
}

/**
 * Entity and character references decoded (the text was checked: each '&' starts one). The XML
 * ones are decoded here; a text with any other name goes whole to `entities`' decodeHTML, as in
 * feedsmith (which decodes every text that way: for XML references the result is the same).
 */
function decodeReferences(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const named = namedAt(s, amp);
    if (named >= 0) {
      out += s.slice(from, amp) + NAMED_CHARS[named];
      from = amp + NAMED_LENGTH[named]!;
    } else {
      const cp = numericAt(s, amp);
      if (cp < 0) return decodeHTML(s);
      out += s.slice(from, amp) + String.fromCodePoint(cp);
      from = NUMERIC_REFERENCE.lastIndex;
    }
    amp = s.indexOf('&', Math.max(from, amp + 1));
  }
  return out + s.slice(from);
}

/** A raw element body as feedsmith reads it: comments out, CDATA verbatim, references decoded, trimmed; null when empty. */
function textOf(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  let s = raw;
  if (s.includes('<!--')) s = s.replace(/<!--[\s\S]*?-->/g, '');
  let out = '';
  let at = 0;
  for (;;) {
    const open = s.indexOf('<![CDATA[', at);
    if (open < 0) break;
    const close = s.indexOf(']]>', open + 9);
    out += decodeReferences(s.slice(at, open)) + s.slice(open + 9, close);
    at = close + 3;
  }
  out += decodeReferences(at === 0 ? s : s.slice(at));
  return out.trim() || null;
}

/**
 * The RSS root may declare namespaces and a version. A prefix this reader reads (content, dc) must be
 * (content, dc, media) bound to its own module, and no other prefix to one of them (feedsmith would rename its elements).
 * Returns the prefixes so bound.
 */
function checkRssRoot(attributes: [string, string][]): Set<string> {
  const bound = new Set<string>();
  for (const [name, value] of attributes) {
    if (name === 'version' || name === 'xml:base') continue;
    if (!name.startsWith('xmlns:')) outside();
    const prefix = name.slice(6);
    const canonical = KNOWN_PREFIXES.get(value.trim().toLowerCase());
    if (canonical !== undefined && canonical !== prefix) outside();
    if ((prefix === 'content' || prefix === 'dc' || prefix === 'media') && canonical !== prefix) outside();
    if (canonical !== undefined) bound.add(prefix);
  }
  return bound;
}

function rssFeed(channel: Element[], maxItems: number, bound: Set<string>, feedBase: string | null): RawFeed {
  const firstOf = (name: string) => channel.find((e) => e.name === name);
  // Attributes only where feedsmith reads nothing from them (the self link) or reads the same (category); items check their own.
  for (const e of channel) if (e.attributes.length > 0 && e.name !== 'item' && e.name !== 'category' && !(e.name === 'atom:link' && e.body === '')) outside();
  const feedLang = textOf(firstOf('language')?.body);
  const items = channel.filter((e) => e.name === 'item').slice(0, maxItems);
  const entries: RawEntry[] = [];
  for (const item of items) {
    onlyAttributes(item, ['xml:base', 'xml:lang']);
    const entry = rssEntry(item, feedLang, bound, feedBase);
    if (entry) entries.push(entry);
  }
  // A feed with no entry may be one feedsmith refuses as empty: the general path decides.
  if (entries.length === 0) outside();
  return { format: 'rss', title: textOf(firstOf('title')?.body), bases: feedBase ? [feedBase] : [], entries };
}

/**
 * The RDF root: rdf bound to its URI, RSS 1.0 or 0.90 as the default namespace, content and dc as
 * in RSS. Returns the prefixes bound to modules read here.
 */
function checkRdfRoot(attributes: [string, string][]): Set<string> {
  let rdf = false;
  const rest: [string, string][] = [];
  for (const [name, value] of attributes) {
    if (name === 'xmlns:rdf') {
      if (value !== RDF_URI) outside();
      rdf = true;
    } else if (name === 'xmlns') {
      if (!RDF_DEFAULT_URIS.has(value)) outside();
    } else rest.push([name, value]);
  }
  if (!rdf) outside();
  return checkRssRoot(rest);
}

function rdfFeed(top: Element[], maxItems: number, bound: Set<string>, feedBase: string | null): RawFeed {
  const channels = top.filter((e) => e.name === 'channel');
  if (channels.length !== 1) outside();
  const channel = channels[0]!;
  onlyAttributes(channel, ['rdf:about']);
  const firstOf = (name: string) => channel.children!.find((e) => e.name === name);
  for (const e of channel.children!) if (e.name !== 'items') onlyAttributes(e, []);
  const feedLang = textOf(firstOf('dc:language')?.body);
  if (feedLang !== null && !bound.has('dc')) outside();
  const items = top.filter((e) => e.name === 'item');
  for (const item of items) onlyAttributes(item, ['rdf:about', 'xml:base', 'xml:lang']);
  // feedsmith takes the items the channel's table of contents lists, in its order, when any is
  // found by its rdf:about; else every item in document order.
  let listed: Element[] = [];
  const toc = firstOf('items');
  if (toc) {
    onlyAttributes(toc, []);
    const seq = toc.children!.find((e) => e.name === 'rdf:Seq');
    if (seq) onlyAttributes(seq, []);
    const uris: string[] = [];
    const lis = seq?.children ?? [];
    for (const li of lis) {
      onlyAttributes(li, ['rdf:resource']);
      if (li.body !== '') outside();
    }
    // feedsmith cuts the list at maxItems before dropping entries without a resource.
    for (const li of lis.slice(0, maxItems)) {
      const uri = attribute(li, 'rdf:resource');
      if (uri !== null) uris.push(uri);
    }
    for (const uri of uris) {
      const found = items.find((i) => i.attributes.find(([a]) => a === 'rdf:about')?.[1] === uri);
      if (found) listed.push(found);
    }
  }
  const entries: RawEntry[] = [];
  const read = (list: Element[]) => {
    for (const item of list) {
      const entry = rssEntry(item, feedLang, bound, feedBase, attribute(item, 'rdf:about'));
      if (entry) entries.push(entry);
    }
  };
  read(listed);
  if (entries.length === 0) {
    listed = items.slice(0, maxItems);
    read(listed);
  }
  if (entries.length === 0) outside();
  return { format: 'rdf', title: textOf(firstOf('title')?.body), bases: feedBase ? [feedBase] : [], entries };
}

/** One item, or null when feedsmith would drop it (no field with a value). `about`: an RDF item's rdf:about. */
function rssEntry(item: Element, feedLang: string | null, bound: Set<string>, feedBase: string | null, about: string | null = null): RawEntry | null {
  const children = item.children!;
  const base = attribute(item, 'xml:base');
  const lang = attribute(item, 'xml:lang');
  let title: string | null | undefined;
  let link: string | null | undefined;
  let description: string | null | undefined;
  let encoded: string | null | undefined;
  let pubDate: string | null | undefined;
  let guid: { value: string | null; permaLink: boolean | undefined } | undefined;
  const categories: string[] = [];
  // Media RSS title and description: the item's own, then each group's.
  const media = { item: { title: undefined, description: undefined } as { title?: string | null; description?: string | null }, groups: [] as { title?: string | null; description?: string | null }[] };
  // Dublin Core: every value of each element, in order (feedsmith keeps them as lists).
  const dc = { 'dc:creator': [] as string[], 'dc:date': [] as string[], 'dc:subject': [] as string[], 'dc:title': [] as string[], 'dc:language': [] as string[] };
  let present = false;
  for (const c of children) {
    const allowed = c.name === 'guid' ? 'isPermaLink' : c.name === 'category' ? 'domain' : c.name === 'media:title' || c.name === 'media:description' ? 'type' : null;
    if (c.attributes.some(([a]) => a !== allowed)) outside();
    switch (c.name) {
      case 'title':
        if (title === undefined) title = textOf(c.body);
        break;
      case 'link':
        if (link === undefined) link = textOf(c.body);
        break;
      case 'description':
        if (description === undefined) description = textOf(c.body);
        break;
      case 'dc:creator':
      case 'dc:date':
      case 'dc:subject':
      case 'dc:title':
      case 'dc:language': {
        if (!bound.has('dc')) outside();
        const value = textOf(c.body);
        if (value !== null) dc[c.name].push(value);
        break;
      }
      case 'media:title':
      case 'media:description':
      case 'media:group': {
        if (!bound.has('media')) outside();
        if (c.name !== 'media:group') {
          // Outside a group: feedsmith keeps the first title and the first description ({ value, type }).
          onlyAttributes(c, ['type']);
          const key = c.name === 'media:title' ? 'title' : 'description';
          if (media.item[key] !== undefined) break;
          media.item[key] = textOf(c.body);
          if (media.item[key] !== null || attribute(c, 'type') !== null) present = true;
          break;
        }
        onlyAttributes(c, []);
        const group: { title?: string | null; description?: string | null } = {};
        for (const t of c.children!) {
          onlyAttributes(t, ['type']);
          const key = t.name === 'media:title' ? 'title' : 'description';
          if (group[key] !== undefined) continue;
          group[key] = textOf(t.body);
          if (group[key] !== null || attribute(t, 'type') !== null) present = true;
        }
        media.groups.push(group);
        break;
      }
      case 'content:encoded':
        if (!bound.has('content')) outside();
        if (encoded === undefined) encoded = textOf(c.body);
        break;
      case 'pubDate':
        if (pubDate === undefined) pubDate = textOf(c.body);
        break;
      case 'guid':
        if (guid === undefined) {
          const flag = c.attributes.find(([a]) => a === 'isPermaLink')?.[1];
          guid = { value: textOf(c.body), permaLink: flag === undefined ? undefined : booleanOf(flag) };
          if (guid.value !== null || guid.permaLink !== undefined) present = true;
        }
        break;
      case 'category': {
        const name = textOf(c.body);
        const domain = c.attributes.length > 0 ? textOf(c.attributes[0]![1]) : null;
        if (name !== null) categories.push(name);
        if (name !== null || domain !== null) present = true;
        break;
      }
    }
  }
  present ||= !!(title || link || description || encoded || pubDate || base || lang || about) || Object.values(dc).some((v) => v.length > 0);
  if (!present) return null;
  const guidValue = guid?.value ?? null;
  const permalink = guidValue && guid!.permaLink !== false && /^https?:\/\//i.test(guidValue) ? guidValue : null;
  return {
    guid: guidValue ?? about,
    link: link ?? permalink ?? about,
    bases: [feedBase, base].filter((b): b is string => !!b),
    title: title ?? dc['dc:title'][0] ?? firstText(media.item.title, ...media.groups.map((g) => g.title)),
    titleIsHtml: true,
    body: encoded ?? description ?? firstText(media.item.description, ...media.groups.map((g) => g.description)),
    bodyIsHtml: (encoded ?? null) !== null || (description ?? null) !== null,
    dates: [...(pubDate ? [pubDate] : []), ...dc['dc:date']],
    author: dc['dc:creator'][0] ?? null,
    categories: [...categories, ...dc['dc:subject']],
    lang: lang ?? dc['dc:language'][0] ?? feedLang,
  };
}

/** The first text present. */
function firstText(...values: (string | null | undefined)[]): string | null {
  for (const v of values) if (v) return v;
  return null;
}

/** "true"/"false" with any surrounding white space and case, else undefined (as feedsmith coerces). */
function booleanOf(raw: string): boolean | undefined {
  if (/^\p{White_Space}*true\p{White_Space}*$/iu.test(raw)) return true;
  if (/^\p{White_Space}*false\p{White_Space}*$/iu.test(raw)) return false;
  return undefined;
}

/** The Atom root: the Atom namespace as default, other declarations only for prefixes not bound to Atom. */
function checkAtomRoot(attributes: [string, string][]): void {
  let atom = false;
  for (const [name, value] of attributes) {
    if (name === 'xmlns') {
      if (!ATOM_DEFAULT_URIS.has(value)) outside();
      atom = true;
    } else if (name.startsWith('xmlns:')) {
      if (ATOM_URIS.has(value.trim().toLowerCase())) outside();
    } else if (name !== 'version' && name !== 'xml:lang' && name !== 'xml:base') outside();
  }
  if (!atom) outside();
}

/** An attribute's value as feedsmith reads it (like an element body), null when absent or empty. */
function attributeOf(attributes: [string, string][], name: string): string | null {
  for (const [a, v] of attributes) if (a === name) return textOf(v);
  return null;
}
const attribute = (e: Element, name: string): string | null => attributeOf(e.attributes, name);

/** Only these attributes on this element, else the reading ends. */
function onlyAttributes(e: Element, allowed: readonly string[]): void {
  for (const [a] of e.attributes) if (!allowed.includes(a)) outside();
}

/**
 * An Atom text construct or content as feedsmith gives it ({ value, type }), read by the same
 * functions as on the general path. Out-of-line content (src) and unusual XHTML go the general way.
 * `present`: whether feedsmith keeps the element at all (content: a value or a type; text: a value).
 */
function atomTextOf(e: Element, kind: 'text' | 'content'): { text: string | null; html: boolean; present: boolean } {
  onlyAttributes(e, kind === 'content' ? ['type', 'mode'] : ['type']);
  const type = attribute(e, 'type');
  if (type === 'application/xhtml+xml') outside();
  const value = type === 'xhtml' ? xhtmlDivContent(e.body) : textOf(e.body);
  const bag = { value: value ?? undefined, type: type ?? undefined };
  const read = kind === 'content' ? atomContent(bag) : value === null ? { text: null, html: false } : atomText(bag);
  return { ...read, present: value !== null || (kind === 'content' && type !== null) };
}

const XHTML_DIV = /^\s*<div((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*>([\s\S]*)<\/div\s*>\s*$/;
const XHTML_DIV_ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * XHTML content: feedsmith keeps what is inside the one xhtml <div> as it is written (markup and
 * references untouched), trimmed. Only that plain form is read here: one unprefixed div, declaring
 * the XHTML namespace or xml: attributes, with no div, CDATA or comment inside.
 */
function xhtmlDivContent(body: string): string | null {
  const m = XHTML_DIV.exec(body);
  if (!m) return outside();
  const inner = m[2]!;
  if (inner.includes('<div') || inner.includes('</div') || inner.includes('<![CDATA[') || inner.includes('<!--')) outside();
  for (const [, name, double, single] of m[1]!.matchAll(XHTML_DIV_ATTRIBUTE)) {
    const value = double ?? single;
    if (!(name === 'xmlns' && value === 'http://www.w3.org/1999/xhtml') && name !== 'xml:lang' && name !== 'xml:base') outside();
  }
  return inner.trim() || null;
}

function atomFeed(feed: Element[], maxItems: number, feedLang: string | null, feedBase: string | null): RawFeed {
  let title: string | null | undefined;
  const entries: RawEntry[] = [];
  let seen = 0;
  for (const e of feed) {
    switch (e.name) {
      case 'title':
        if (title === undefined) title = atomTextOf(e, 'text').text;
        break;
      case 'subtitle':
      case 'tagline':
      case 'rights':
        atomTextOf(e, 'text');
        break;
      case 'link':
      case 'category':
      case 'generator':
      case 'author':
        break;
      case 'entry':
        if (seen++ < maxItems) {
          const entry = atomEntry(e, feedLang, feedBase);
          if (entry) entries.push(entry);
        }
        break;
      default:
        // id, updated, modified, icon, logo: read by feedsmith into fields nothing here uses.
        onlyAttributes(e, []);
    }
  }
  if (entries.length === 0) outside();
  return { format: 'atom', title: title ?? null, bases: feedBase ? [feedBase] : [], entries };
}

/** One Atom entry, or null when feedsmith would drop it (no field with a value). */
function atomEntry(entry: Element, feedLang: string | null, feedBase: string | null): RawEntry | null {
  onlyAttributes(entry, ['xml:base', 'xml:lang']);
  const children = entry.children!;
  const base = attribute(entry, 'xml:base');
  const lang = attribute(entry, 'xml:lang');
  let id: string | null | undefined;
  let title: { text: string | null; html: boolean; present: boolean } | undefined;
  let content: { text: string | null; html: boolean; present: boolean } | undefined;
  let summary: { text: string | null; html: boolean; present: boolean } | undefined;
  // Each first occurrence; feedsmith takes published || issued || created, updated || modified.
  const dated: Record<'published' | 'issued' | 'created' | 'updated' | 'modified', string | null | undefined> = { published: undefined, issued: undefined, created: undefined, updated: undefined, modified: undefined };
  let author: string | null = null;
  const links: { href: string | null; rel: string | null; type: string | null }[] = [];
  const categories: string[] = [];
  let present = false;
  for (const c of children) {
    switch (c.name) {
      case 'id':
        onlyAttributes(c, []);
        if (id === undefined) id = textOf(c.body);
        break;
      case 'title':
        if (title === undefined) title = atomTextOf(c, 'text');
        break;
      case 'summary':
        if (summary === undefined) summary = atomTextOf(c, 'text');
        break;
      case 'rights':
        present ||= atomTextOf(c, 'text').present;
        break;
      case 'content':
        if (content === undefined) content = atomTextOf(c, 'content');
        break;
      case 'published':
      case 'issued':
      case 'created':
      case 'updated':
      case 'modified':
        onlyAttributes(c, []);
        if (dated[c.name] === undefined) dated[c.name] = textOf(c.body);
        break;
      case 'link': {
        onlyAttributes(c, ['href', 'rel', 'type', 'hreflang', 'title']);
        // A link's text is not read as its address unless it has no href: keep to the plain form.
        if (c.body !== '' || c.attributes.length === 0) outside();
        const link = { href: attribute(c, 'href'), rel: attribute(c, 'rel'), type: attribute(c, 'type') };
        if (link.href !== null || link.rel !== null || link.type !== null || attribute(c, 'hreflang') !== null || attribute(c, 'title') !== null) {
          links.push(link);
          present = true;
        }
        break;
      }
      case 'category': {
        onlyAttributes(c, ['term', 'scheme', 'label']);
        const label = attribute(c, 'label');
        const term = attribute(c, 'term');
        if (label !== null || term !== null) categories.push((label ?? term)!);
        if (label !== null || term !== null || attribute(c, 'scheme') !== null) present = true;
        break;
      }
      case 'author': {
        const people = c.children!;
        for (const p of people) onlyAttributes(p, []);
        const firstOf = (n: string) => {
          const p = people.find((q) => q.name === n);
          return p ? textOf(p.body) : null;
        };
        const name = firstOf('name');
        if (name !== null || firstOf('email') !== null || firstOf('uri') !== null) present = true;
        if (author === null && name) author = name;
        break;
      }
    }
  }
  const published = dated.published || dated.issued || dated.created;
  const updated = dated.updated || dated.modified;
  present ||= !!(id || title?.present || content?.present || summary?.present || published || updated || base || lang);
  if (!present) return null;
  const alternate = links.find((l) => (!l.rel || l.rel === 'alternate') && (!l.type || l.type.includes('html'))) ?? links.find((l) => !l.rel || l.rel === 'alternate');
  const body = content?.text ? content : summary?.text ? summary : { text: null, html: false };
  const dates = [...(published ? [published] : []), ...(updated ? [updated] : [])];
  return {
    guid: id ?? null,
    link: alternate?.href ?? null,
    bases: [feedBase, base].filter((b): b is string => !!b),
    title: title?.text ?? null,
    titleIsHtml: title?.text ? title.html : true,
    body: body.text,
    bodyIsHtml: body.html,
    dates,
    author,
    categories,
    lang: lang ?? feedLang,
  };
}
