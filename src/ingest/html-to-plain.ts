import { createRequire } from 'node:module';
import type { compile as compileType } from 'html-to-text';

// Loaded on first use, not at start-up: the CLI bundle inlines this module, and `cyberpolicy --help`
// must not pay for an HTML parser it never uses.
const requireModule = createRequire(import.meta.url);
let converter: ((html: string) => string) | null = null;

// Links keep their text but not their href, images and media vanish (no "[image]" junk), headings
// keep their case, and lines are never re-wrapped: the analyser wants sentences, not layout.
export function convertWithHtmlToText(html: string): string {
  if (!converter) {
    const { compile } = requireModule('html-to-text') as { compile: typeof compileType };
    converter = compile({
      wordwrap: false,
      decodeEntities: true,
      selectors: [
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'img', format: 'skip' },
        { selector: 'picture', format: 'skip' },
        { selector: 'figure > figcaption', format: 'block' },
        { selector: 'video', format: 'skip' },
        { selector: 'audio', format: 'skip' },
        { selector: 'iframe', format: 'skip' },
        { selector: 'script', format: 'skip' },
        { selector: 'style', format: 'skip' },
        { selector: 'noscript', format: 'skip' },
        { selector: 'svg', format: 'skip' },
        { selector: 'form', format: 'skip' },
        { selector: 'button', format: 'skip' },
        ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
        { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
        { selector: 'ul', options: { itemPrefix: '- ' } },
        { selector: 'hr', format: 'skip' },
      ],
    });
  }
  return converter(html);
}

const MARKUP = /<\/?[a-z][\w:-]*[\s/>]|&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i;

/** Plain text from an HTML fragment; text without markup passes through (only whitespace tidied). */
export function htmlToPlain(html: string | null | undefined): string {
  if (!html) return '';
  const text = MARKUP.test(html) ? convertBounded(html) : html;
  return tidy(text);
}

/** The HTML parser recurses per nesting level: hostile markup nested tens of thousands deep would overflow the stack. */
function convertBounded(html: string): string {
  const simple = simpleHtmlToText(html);
  if (simple !== null) return simple;
  try {
    return convertWithHtmlToText(html);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    // Drop the tags and let the converter decode entities of what is left, which has no nesting.
    return convertWithHtmlToText(html.replace(/<[^>]*>/g, ' '));
  }
}

/** One-line plain text (titles): markup removed, all whitespace collapsed. */
export function htmlToLine(html: string | null | undefined): string {
  return htmlToPlain(html).replace(/\s+/gu, ' ').trim();
}

/** Characters the replacements in tidy() would change or remove wherever they are. */
const UNTIDY_CHAR = /[\r\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Whether tidy() would change anything but the ends: a control character, white space before a
 * line break, or three line breaks in a row. Most converted text has none; looking at each line
 * break is much cheaper than one regex with those alternatives.
 */
function untidy(text: string): boolean {
  if (UNTIDY_CHAR.test(text)) return true;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (before === 32 || before === 9 || before === 0xa0) return true;
    if (text.charCodeAt(i + 1) === 10 && text.charCodeAt(i + 2) === 10) return true;
  }
  return false;
}

function tidy(text: string): string {
  if (!untidy(text)) return text.trim();
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Most feed HTML is paragraphs of text with links and emphasis. For that, the converter above
// (htmlparser2 DOM, selector matching, block builder) costs more than parsing the whole feed, so
// such fragments take the path below, which reproduces what the converter does with them: the same
// whitespace collapsing, the same line breaks around blocks and <br>, links reduced to their text.
// Anything else (other tags, comments, unusual entities, attributes it does not recognise, tags
// that the HTML parser would close implicitly) returns null and goes to the converter.
// test/ingest/html-to-plain.test.ts compares the two on generated fragments.

/** Tags formatted inline (no selector of ours or html-to-text's default gives them a format). */
const INLINE_TAGS = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u', 'var']);
/**
 * Block tags and their line breaks before and after (html-to-text's defaults; headings are blocks
 * too once our selectors turn their upper-casing off).
 */
const BLOCK_TAGS = new Map<string, { leading: number; trailing: number }>([
  ['p', { leading: 2, trailing: 2 }],
  ['div', { leading: 1, trailing: 1 }],
  ...['h1', 'h2', 'h3'].map((h) => [h, { leading: 3, trailing: 2 }] as const),
  ...['h4', 'h5', 'h6'].map((h) => [h, { leading: 2, trailing: 2 }] as const),
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const MAX_SIMPLE_DEPTH = 64;
const SCRIPT_END = /<\/script/i;
/** html-to-text cuts longer input (with a console warning); leave that to it. */
const MAX_SIMPLE_LENGTH = 1 << 24;
// html-to-text's default whitespace: ' \t\r\n\f' and zero-width space.
const HAS_WORD = /[^ \t\r\n\f\u200b]/;
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:[ \t\n\f\r]+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:[ \t\n\f\r]*=[ \t\n\f\r]*(?:"[^"<]*"|'[^'<]*'|[^ \t\n\f\r"'=<>`]+))?)*)[ \t\n\f\r]*(\/?)>/y;
const ENTITY = /&(?:(amp|lt|gt|quot|apos|nbsp);|#(\d{1,7});|#[xX]([\da-fA-F]{1,6});|(?=[\s&<]|$))/y;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * One block's inline text, as html-to-text's InlineTextBuilder holds it. Within a line, words from
 * consecutive text nodes join with one space where there was whitespace and with none where there
 * was not, so a line is its raw text with whitespace runs collapsed and the ends trimmed.
 */
interface Line {
  lines: string[];
  /** Raw text of the current line, not yet collapsed. */
  pending: string;
}
interface Block {
  tag: string;
  leadingLineBreaks: number;
  rawText: string;
  stashedLineBreaks: number;
  inline: Line;
}

const newBlock = (tag: string, leadingLineBreaks: number): Block => ({
  tag,
  leadingLineBreaks,
  rawText: '',
  stashedLineBreaks: 0,
  inline: { lines: [], pending: '' },
});
const SPACE_RUN = /[ \t\r\n\f\u200b]+/g;
/** Whitespace other than a lone space: what collapsing would change inside a line. */
const ODD_SPACE = /[\t\r\n\f\u200b]| [ \t\r\n\f\u200b]/;
function collapse(raw: string): string {
  const s = ODD_SPACE.test(raw) ? raw.replace(SPACE_RUN, ' ') : raw;
  const start = s.charCodeAt(0) === 32 ? 1 : 0;
  const end = s.length > start && s.charCodeAt(s.length - 1) === 32 ? s.length - 1 : s.length;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
const inlineEmpty = (l: Line) => l.lines.length === 0 && !HAS_WORD.test(l.pending);
const inlineText = (l: Line) => (l.lines.length === 0 ? collapse(l.pending) : [...l.lines, collapse(l.pending)].join('\n'));
const blockText = (b: Block) => (inlineEmpty(b.inline) ? b.rawText : b.rawText + inlineText(b.inline));
function newLine(l: Line, n: number): void {
  l.lines.push(collapse(l.pending));
  for (let i = 1; i < n; i++) l.lines.push('');
  l.pending = '';
}

/** html-to-text's BlockTextBuilder.addInline (+ WhitespaceProcessor.shrinkWrapAdd), without wrapping. */
function addInline(b: Block, text: string): void {
  if (text.length === 0 || (b.stashedLineBreaks && !HAS_WORD.test(text))) return;
  if (b.stashedLineBreaks) newLine(b.inline, b.stashedLineBreaks);
  b.inline.pending += text;
  b.stashedLineBreaks = 0;
}

/** BlockTextBuilder.closeBlock: the block's text into its parent, separated by line breaks. */
function closeBlock(stack: Block[]): void {
  const block = stack.pop()!;
  const parent = stack[stack.length - 1]!;
  const text = blockText(block);
  const trailing = Math.max(block.stashedLineBreaks, BLOCK_TAGS.get(block.tag)!.trailing);
  const parentText = blockText(parent);
  const lineBreaks = Math.max(parent.stashedLineBreaks, block.leadingLineBreaks);
  parent.inline.lines = [];
  parent.inline.pending = '';
  if (parentText) parent.rawText = parentText + '\n'.repeat(lineBreaks) + text;
  else {
    parent.rawText = text;
    parent.leadingLineBreaks = lineBreaks;
  }
  parent.stashedLineBreaks = trailing;
}

/** Entities in a text run, as the HTML parser decodes them; null for any it might decode differently. */
function decodeText(run: string): string | null {
  if (!run.includes('&')) return run;
  let out = '';
  let from = 0;
  for (let at = run.indexOf('&'); at >= 0; at = run.indexOf('&', from)) {
    out += run.slice(from, at);
    ENTITY.lastIndex = at;
    const m = ENTITY.exec(run);
    if (!m) return null;
    if (m[1]) out += NAMED[m[1]]!;
    else if (m[2] || m[3]) {
      const cp = m[2] ? parseInt(m[2], 10) : parseInt(m[3]!, 16);
      // Controls, C1 (remapped to windows-1252 by the parser), surrogates, noncharacters: leave to it.
      if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xd800 && cp < 0xe000) || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe || cp > 0x10ffff) return null;
      out += String.fromCodePoint(cp);
    } else out += '&';
    from = ENTITY.lastIndex === at ? at + 1 : ENTITY.lastIndex;
  }
  return out + run.slice(from);
}

/** What html-to-text (with the options above) makes of a simple fragment, or null when it is not simple. */
export function simpleHtmlToText(html: string): string | null {
  if (html.length > MAX_SIMPLE_LENGTH) return null;
  const stack: Block[] = [newBlock('', 1)];
  const open: string[] = [];
  let pos = 0;
  while (pos < html.length) {
    const lt = html.indexOf('<', pos);
    const end = lt < 0 ? html.length : lt;
    if (end > pos) {
      const text = decodeText(html.slice(pos, end));
      if (text === null) return null;
      addInline(stack[stack.length - 1]!, text);
    }
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(html);
    if (!m) return null;
    pos = TAG.lastIndex;
    const closing = m[1] === '/';
    const name = m[2]!.toLowerCase();
    const selfClosing = m[4] === '/';
    if (name === 'br') {
      if (closing) return null;
      newLine(stack[stack.length - 1]!.inline, 1);
      continue;
    }
    // Images are skipped by our selectors; <img> is a void element (no content, no end tag).
    if (name === 'img') {
      if (closing) return null;
      continue;
    }
    // A script's content is raw text up to </script>, skipped whole.
    if (name === 'script') {
      if (closing || selfClosing) return null;
      const end = html.indexOf('</script>', pos);
      if (end < 0 || SCRIPT_END.exec(html.slice(pos))?.index !== end - pos) return null;
      pos = end + 9;
      continue;
    }
    const block = BLOCK_TAGS.get(name);
    if (block === undefined && !INLINE_TAGS.has(name)) return null;
    if (closing) {
      if (m[3] || selfClosing || open.pop() !== name) return null;
      if (block !== undefined) closeBlock(stack);
      continue;
    }
    // A self-closed non-void tag stays open in HTML; a block inside a paragraph closes it implicitly,
    // and a heading is kept to plain text (no block, no other heading inside it).
    if (selfClosing || open.length >= MAX_SIMPLE_DEPTH) return null;
    if (block !== undefined) {
      if (open.includes('p') || open.some((t) => HEADINGS.has(t))) return null;
      stack.push(newBlock(name, block.leading));
    }
    open.push(name);
  }
  // The parser closes what is still open at the end.
  while (open.length > 0) if (BLOCK_TAGS.has(open.pop()!)) closeBlock(stack);
  return blockText(stack[0]!);
}
