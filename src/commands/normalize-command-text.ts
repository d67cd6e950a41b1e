/**
 * Turns raw chat text into clean command text: what Slack, Teams and people add around a command
 * (bot mentions, the slash command, HTML entities, invisible marks, odd spaces) is removed first,
 * so the grammar only ever sees plain words separated by single spaces.
 */

// Zero-width characters, bidi embeddings/isolates/marks, soft hyphen, BOM: invisible, and they break keyword matching.
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
// C0/C1 controls (tabs and newlines become spaces through the whitespace rule below).
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
// A lone surrogate half cannot be shown or stored as UTF-8.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Bot mentions at the start: Slack <@U123> / <@U123|name>, Teams <at>Name</at>.
const LEADING_MENTION = /^(?:<@[A-Z0-9]+(?:\|[^>]*)?>|<at>[^<]{0,200}<\/at>)\s*/i;
const SLASH_COMMAND = /^\/?cyberpolicy(?:\s+|$)/i;

export function normalizeCommandText(raw: string): string {
  let text = raw.replace(LONE_SURROGATE, '').normalize('NFKC');
  text = text.replace(INVISIBLE, '').replace(CONTROL, ' ');
  text = text.replace(/\s+/gu, ' ').trim();
  // Mentions and the slash command may be stacked ("@bot /cyberpolicy list"); strip a few, never loop forever.
  for (let i = 0; i < 3; i++) {
    const before = text;
    text = text.replace(LEADING_MENTION, '').replace(SLASH_COMMAND, '').trim();
    if (text === before) break;
  }
  // Slack escapes these three in message text.
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Slack wraps links as <url> or <url|label>; give back the URL itself. */
export function unwrapLink(token: string): string {
  const match = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(token);
  return match ? match[1]! : token;
}
