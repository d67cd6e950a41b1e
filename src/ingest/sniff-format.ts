/** What an input holds, judged by its content first and its name only for plain text. */
export type InputFormat =
  /** `skip`: characters of junk before the XML to drop. */
  | { kind: 'xml-feed'; skip?: number }
  | { kind: 'json-feed'; value: unknown }
  | { kind: 'jsonl' }
  | { kind: 'text' }
  /** `html`: a web page (which may link to its feed). */
  | { kind: 'rejected'; reason: string; html?: boolean };

export function sniffFormat(text: string, name: string): InputFormat {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start === '') return { kind: 'rejected', reason: 'the input is empty' };
  if (looksBinary(text)) return { kind: 'rejected', reason: 'binary data, not a feed (no text format recognised)' };

  if (start.startsWith('<')) {
    const root = rootElement(start);
    if (!root) return { kind: 'rejected', reason: 'no XML root element found' };
    const local = root.replace(/^[\w-]+:/, '').toLowerCase();
    if (local === 'rss' || local === 'feed' || local === 'rdf') return { kind: 'xml-feed' };
    if (local === 'html' || local === 'head' || local === 'body' || /^<!doctype\s+html/i.test(start)) {
      return { kind: 'rejected', reason: 'looks like an HTML page, not a feed', html: true };
    }
    if (local === 'opml') return { kind: 'rejected', reason: 'an OPML outline, not a feed (add its feeds one by one with `sources add`)' };
    const later = feedAfterJunk(text, start, name);
    if (later) return later;
    return { kind: 'rejected', reason: `XML whose root element <${root}> is not a feed (expected <rss>, <feed> or <rdf:RDF>)` };
  }

  if (!start.startsWith('{') && !start.startsWith('[')) {
    const later = feedAfterJunk(text, start, name);
    if (later) return later;
  }
  if (start.startsWith('{') || start.startsWith('[')) {
    const whole = tryJson(start);
    if (whole !== undefined && whole !== null && typeof whole === 'object' && !Array.isArray(whole)) {
      const o = whole as Record<string, unknown>;
      if (Array.isArray(o.items) || (typeof o.version === 'string' && o.version.includes('jsonfeed'))) return { kind: 'json-feed', value: whole };
    }
    if (Array.isArray(whole)) return { kind: 'rejected', reason: 'a JSON array is not a supported format (use JSON Lines: one item object per line)' };
    if (start.startsWith('{')) return { kind: 'jsonl' };
  }
  if (/\.(jsonl|ndjson)$/i.test(name)) return { kind: 'jsonl' };
  return { kind: 'text' };
}

/**
 * PHP warnings, blank lines or other text in front of the XML: real feeds do this. Read from the
 * declaration (or the feed root) on, as feed readers do.
 */
function feedAfterJunk(text: string, start: string, name: string): InputFormat | null {
  const at = start.slice(1, 4096).search(/<\?xml\s|<(?:[\w-]+:)?(?:rss|feed|RDF)[\s>]/);
  if (at < 0) return null;
  const inner = sniffFormat(start.slice(at + 1), name);
  return inner.kind === 'xml-feed' ? { kind: 'xml-feed', skip: text.length - start.length + at + 1 } : null;
}

/** The first element name after the prolog (declaration, comments, processing instructions, doctype). */
function rootElement(text: string): string | null {
  let rest = text.slice(0, 1_000_000);
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<?')) rest = rest.slice(indexAfter(rest, '?>'));
    else if (rest.startsWith('<!--')) rest = rest.slice(indexAfter(rest, '-->'));
    else if (/^<!doctype\s+html/i.test(rest)) return 'html';
    else if (rest.startsWith('<!')) rest = rest.slice(doctypeEnd(rest));
    else break;
    if (rest === '') return null;
  }
  return /^<([\w:.-]+)/.exec(rest)?.[1] ?? null;
}

function indexAfter(text: string, marker: string): number {
  const i = text.indexOf(marker);
  return i < 0 ? text.length : i + marker.length;
}

/** End of a <!DOCTYPE ...> that may contain an internal subset in brackets. */
function doctypeEnd(text: string): number {
  const bracket = text.indexOf('[');
  const close = text.indexOf('>');
  if (bracket >= 0 && bracket < close) return indexAfter(text, ']>');
  return close < 0 ? text.length : close + 1;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Random bytes decode to text full of U+FFFD and control characters; a real document of any
 * language has almost none. Judged on a sample so a 5 MB input costs nothing.
 */
const SUSPECT = /[\ufffd\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65_536);
  if (sample.length === 0) return false;
  // Almost every input has none at all: one regex scan (much faster than the loop) settles it.
  if (!SUSPECT.test(sample)) return false;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || c === 0 || (c < 32 && c !== 9 && c !== 10 && c !== 13)) bad++;
  }
  return bad / sample.length > 0.05;
}
