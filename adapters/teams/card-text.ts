import { webUrl } from '../../src/replies/story-view.js';

/**
 * Untrusted text for Adaptive Card TextBlocks. TextBlocks render a Markdown subset (emphasis, links,
 * lists) and Teams clients disagree on backslash escapes, so instead of escaping we neutralise each
 * construct in a way every renderer shows as plain text: look-alike characters for emphasis markers,
 * and a zero-width space (ZWSP) that splits link, tag, entity and autolink syntax without changing
 * what the reader sees.
 */
export const ZWSP = '\u200B';

// C0/C1 controls (but tab and newline) and lone surrogates: never useful, and JSON-escaping them bloats cards.
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes control characters and lone surrogates, and cuts to `max` code points with an ellipsis. */
export function cleanText(text: string, max: number): string {
  const clean = text.replace(UNSAFE_CHARS, '').replace(/\t/g, ' ');
  const points = Array.from(clean);
  return points.length > max ? points.slice(0, max - 1).join('') + '…' : clean;
}

/** One line of untrusted text, safe to put in a TextBlock: shows as typed, renders no markup. */
export function escapeCardText(text: string, max = 3000): string {
  return neutralise(cleanText(text, max).replace(/\s*\n\s*/g, ' '));
}

/** Multi-line untrusted text: each line becomes a Markdown paragraph (TextBlocks need blank lines to break). */
export function escapeCardParagraphs(text: string, max = 3000): string {
  return cleanText(text, max)
    .split(/\r?\n/)
    .map((line) => neutralise(line.trimEnd()))
    .filter((line) => line.trim() !== '')
    .join('\n\n');
}

function neutralise(line: string): string {
  return (
    line
      // Emphasis and strike markers become look-alikes that no Markdown parser treats as delimiters.
      .replace(/\*/g, '\u2217')
      .replace(/_/g, '\u02CD')
      .replace(/~/g, '\u223C')
      .replace(/`/g, '\u02CB')
      // Links, images and reference definitions need "](", "][" or "]:" (lenient parsers allow spaces between);
      // tags and mentions need "<" before a name; entities need "&" before a name.
      .replace(/\](\s*)([([:])/g, `]$1${ZWSP}$2`)
      .replace(/</g, `<${ZWSP}`)
      .replace(/&/g, `&${ZWSP}`)
      // Autolinks: scheme "://" and "www." are split so clients do not linkify feed text.
      .replace(/:\/\//g, `:${ZWSP}//`)
      .replace(/\b(www)\./gi, `$1${ZWSP}.`)
      // Block syntax (lists, headings, quotes, tables) only counts at the start of a line.
      .replace(/^(\s*)([-+#>|=]|\d+[.)])/, `$1${ZWSP}$2`)
  );
}

/**
 * The app's own text (help, usage lines: no user or feed words): shown as written, with no look-alikes
 * or zero-width spaces, so `<day>` and `schedule off` read and copy exactly. TextBlock Markdown has no
 * code spans, so backticks show as typed; our strings use no emphasis markers.
 */
export function ownCardText(text: string, max = 3000): string {
  return cleanText(text, max).replace(/\s*\n\s*/g, ' ');
}

export function ownCardParagraphs(text: string, max = 3000): string {
  return cleanText(text, max)
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '')
    .join('\n\n');
}

/** A link we build ourselves: http(s) only, label neutralised, URL percent-encoded so it cannot end early. */
export function markdownLink(label: string, url: string | null): string {
  const safeLabel = escapeCardText(label, 80).replace(/[[\]]/g, (c) => (c === '[' ? '(' : ')'));
  const href = safeHttpUrl(url);
  return href ? `[${safeLabel}](${href})` : safeLabel;
}

/** The URL when it is absolute http(s) without credentials, encoded for Markdown; otherwise null. */
export function safeHttpUrl(url: string | null): string | null {
  const href = webUrl(url);
  return href && href.length <= 500 ? href : null;
}

/** What a reader sees: zero-width spaces dropped and look-alikes mapped back (for tests and fallbacks). */
export function visibleText(text: string): string {
  return text.replaceAll(ZWSP, '');
}
