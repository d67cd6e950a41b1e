/**
 * Escaping for Slack text. Feed text is untrusted: Slack only treats `<…>` sequences as mentions and
 * links, so escaping & < > turns every one of them into plain text. Bare @channel/@here/@everyone
 * are expanded by Slack's automatic parsing in some fields (the top-level `text` has no `verbatim`),
 * so a WORD JOINER after the @ keeps them plain while they read the same.
 */
import { webUrl } from '../../src/replies/story-view.js';

const WORD_JOINER = '\u2060';

export function escapeSlackText(text: string): string {
  return neutralizeBareMentions(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

// Any word that merely starts so ("@here_", "@channels") is guarded too: cheap, reads the same, and
// stays safe when a later cut turns "@here_" into "@here".
export function neutralizeBareMentions(text: string): string {
  return text.replace(/([@＠﹫])(?=channel|here|everyone|group)/giu, `$1${WORD_JOINER}`);
}

/**
 * Slack's markup that a client could still expand in a plain_text field: special and user mentions,
 * channel references, links. Anything else (`<day>`, `<HH:MM>`, `&`) is shown exactly as sent.
 */
const PLAIN_MARKUP = /<(?=[!@#]|(?:https?|mailto|tel|slack):)/gi;

/**
 * Text for plain_text fields (headers, button labels). Slack does not decode entities there, so
 * escaping would show `&lt;`: nothing is escaped; only the markup above gets a word joiner after its
 * `<` (feed text only; our own strings have none). Cut to `max` UTF-16 units with an ellipsis, never
 * inside a surrogate pair.
 */
export function plainTextFit(text: string, max: number): string {
  const plain = neutralizeBareMentions(text.replace(PLAIN_MARKUP, `<${WORD_JOINER}`));
  if (plain.length <= max) return plain;
  let cut = max - 1;
  const code = plain.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${plain.slice(0, cut)}…`;
}

/** Undo escapeSlackText (tests and the plain-text view of what a user sees). */
export function unescapeSlackText(text: string): string {
  return text.split(WORD_JOINER).join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * A link we build: `<url|label>`. Only absolute http(s) URLs qualify; characters that would end the
 * link early (| < > and spaces) are percent-encoded. Returns null for anything else.
 */
export function safeLinkTarget(url: string | null | undefined): string | null {
  const href = webUrl(url);
  if (!href) return null;
  const escaped = href.replace(/&/g, '&amp;');
  // Very long links are dropped rather than cut (a cut URL is a wrong URL).
  return escaped.length <= 700 ? escaped : null;
}

/** `<url|label>` when the URL is safe, else just the escaped label. `label` is plain text. */
export function slackLink(url: string | null | undefined, label: string, maxLabel = 1000): string {
  const target = safeLinkTarget(url);
  // Slack splits at the first | and our URL has none (encoded), so a | in the label stays text.
  const text = escapeAndFit(label, maxLabel);
  return target && text.trim() ? `<${target}|${text}>` : text;
}

/**
 * Escapes `text` and cuts it to at most `max` UTF-16 units, never inside an entity or a surrogate
 * pair, ending with … when cut.
 */
export function escapeAndFit(text: string, max: number): string {
  const full = escapeSlackText(text);
  if (full.length <= max) return full;
  return fitEscaped(text, max);
}

function fitEscaped(text: string, max: number): string {
  let out = '';
  const budget = max - 1;
  for (const ch of text) {
    const piece = escapeSlackText(ch);
    if (out.length + piece.length > budget) break;
    out += piece;
  }
  // Escaping char by char cannot see "@channel" whole; re-run the mention guard on the result.
  const guarded = neutralizeBareMentions(out);
  return (guarded.length <= budget ? guarded : guarded.slice(0, budget).replace(/[\uD800-\uDBFF]$/, '').replace(/&[a-z]*$/, '')) + '…';
}

/** Plain text cut to `max` UTF-16 units without splitting a surrogate pair. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
