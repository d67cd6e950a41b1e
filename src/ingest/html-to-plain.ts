import { createRequire } from 'node:module';
import type { compile as compileType } from 'html-to-text';

// Loaded on first use, not at start-up: the CLI bundle inlines this module, and `cyberpolicy --help`
// must not pay for an HTML parser it never uses.
const requireModule = createRequire(import.meta.url);
let converter: ((html: string) => string) | null = null;

// Links keep their text but not their href, images and media vanish (no "[image]" junk), headings
// keep their case, and lines are never re-wrapped: the analyser wants sentences, not layout.
function toText(html: string): string {
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
  try {
    return toText(html);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    // Drop the tags and let the converter decode entities of what is left, which has no nesting.
    return toText(html.replace(/<[^>]*>/g, ' '));
  }
}

/** One-line plain text (titles): markup removed, all whitespace collapsed. */
export function htmlToLine(html: string | null | undefined): string {
  return htmlToPlain(html).replace(/\s+/gu, ' ').trim();
}

function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
