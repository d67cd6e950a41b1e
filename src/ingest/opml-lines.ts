/** One `<outline>` start tag of an OPML file: where it is and its attributes (names lower-cased, entities decoded). */
export interface OutlineTag {
  line: number;
  attributes: Record<string, string>;
}

// Comments, CDATA, processing instructions and the doctype are stepped over so an <outline> inside them is not counted.
const TOKENS = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^>[]|\[[\s\S]*?\])*>|<outline(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * The `<outline>` start tags of a well-formed OPML document in document order (feedsmith's parse keeps
 * that order but not positions): `sources import` reports each entry by its line with these.
 */
export function outlineTags(xml: string): OutlineTag[] {
  const tags: OutlineTag[] = [];
  let line = 1;
  let counted = 0;
  for (const match of xml.matchAll(TOKENS)) {
    if (match[1] === undefined) continue;
    line += countNewlines(xml, counted, match.index);
    counted = match.index;
    const attributes: Record<string, string> = {};
    for (const a of match[1].matchAll(ATTRIBUTE)) attributes[a[1]!.toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? '');
    tags.push({ line, attributes });
  }
  return tags;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
