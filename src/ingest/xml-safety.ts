import { createRequire } from 'node:module';
import type { XMLValidator as Validator } from 'fast-xml-parser';
import { InputError } from '../errors.js';

// Loaded on first use so the CLI's start-up does not pay for it (see html-to-plain.ts).
const requireModule = createRequire(import.meta.url);
const validator = (): typeof Validator => (requireModule('fast-xml-parser') as { XMLValidator: typeof Validator }).XMLValidator;

/**
 * Refuses any document type that declares entities, before a parser sees it: entity expansion is
 * how billion-laughs and external-entity attacks work, and no real feed needs it. A plain
 * <!DOCTYPE rss PUBLIC ...> (RSS 0.91) is fine.
 */
export function assertNoEntityDeclarations(text: string, where: string): void {
  const doctype = /<!DOCTYPE\b/i.exec(text);
  if (!doctype) return;
  // The internal subset can be long, but entity declarations must come before the root element.
  const tail = text.slice(doctype.index, doctype.index + 1_000_000);
  if (/<!ENTITY\b/i.test(tail)) {
    const { line, column } = positionOf(text, doctype.index);
    throw new InputError(`${where} line ${line}, column ${column}`, 'the document type declares XML entities; refused (entity expansion is never done: it is how "billion laughs" entity bombs work)');
  }
}

/** Where the XML first breaks, with line and column, or null when it is well-formed. */
export function xmlErrorLocation(text: string): { line: number; column: number; message: string } | null {
  const result = validator().validate(text, { allowBooleanAttributes: true, unpairedTags: [] });
  if (result === true) return null;
  const message = result.err.msg.replace(/\.$/, '');
  // The validator reports elements left open at the end as "Invalid '[...]' found" at 1:1.
  if (result.err.code === 'InvalidXml' && message.startsWith("Invalid '[")) {
    const { line, column } = positionOf(text, text.length);
    return { line, column, message: 'the document ends before its elements are closed (truncated?)' };
  }
  return { line: result.err.line, column: result.err.col, message };
}

/**
 * A truncated or broken feed: keep everything up to the last complete item and close the
 * document, so the good items are not lost with the bad tail. Null when there is nothing to save.
 */
export function salvageTruncatedFeed(text: string, breakIndex = text.length): string | null {
  const patterns: [RegExp, string][] = [
    [/<\/(?:[\w-]+:)?item\s*>/gi, 'item'],
    [/<\/(?:[\w-]+:)?entry\s*>/gi, 'entry'],
  ];
  for (const [pattern, kind] of patterns) {
    let last = -1;
    for (const m of text.matchAll(pattern)) {
      if (m.index + m[0].length > breakIndex) break;
      last = m.index + m[0].length;
    }
    if (last < 0) continue;
    const head = text.slice(0, last);
    const closers: string[] = [];
    if (kind === 'item') {
      // RSS 2.0 nests items in <channel>; RSS 1.0 / 0.90 put them beside it under <rdf:RDF>.
      const rdf = /<((?:[\w-]+:)?RDF)\b/.exec(head);
      if (rdf) closers.push(`</${rdf[1]}>`);
      else {
        const channelOpen = /<channel\b/i.test(head);
        const channelClosed = /<\/channel\s*>/i.test(head);
        if (channelOpen && !channelClosed) closers.push('</channel>');
        const root = /<(rss)\b/i.exec(head);
        if (root) closers.push(`</${root[1]}>`);
      }
    } else {
      const root = /<((?:[\w-]+:)?feed)\b/.exec(head);
      if (root) closers.push(`</${root[1]}>`);
    }
    return head + closers.join('');
  }
  return null;
}

/** The string index of a 1-based line and column. */
export function indexOf(text: string, line: number, column: number): number {
  let index = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', index);
    if (next < 0) return text.length;
    index = next + 1;
  }
  return Math.min(text.length, index + Math.max(0, column - 1));
}

export function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}
