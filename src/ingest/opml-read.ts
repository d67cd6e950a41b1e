import { InputError } from '../errors.js';
import { decodeBytes } from './decode-bytes.js';
import { loadFeedsmith } from './load-feedsmith.js';
import { outlineTags, type OutlineTag } from './opml-lines.js';
import { assertNoEntityDeclarations, xmlErrorLocation } from './xml-safety.js';

/** One feed outline of an OPML file (`xmlUrl` set), with the folders above it. */
export interface OpmlEntry {
  /** Line of its `<outline>` tag (null only if it could not be placed). */
  line: number | null;
  /** As written in the file. */
  xmlUrl: string;
  /** `title`, else `text`; null when it only repeats the URL. */
  title: string | null;
  htmlUrl: string | null;
  /** The `language` attribute as written (OPML 2.0 defines it for feed outlines). */
  language: string | null;
  /** Texts of the enclosing outlines, outermost first. */
  categoryPath: string[];
}

export interface OpmlDocument {
  entries: OpmlEntry[];
  /** Outlines that are neither a feed nor a folder of feeds (notes, links, comments), by line. */
  ignored: { line: number | null; reason: string }[];
}

type Outline = { text?: string; title?: string; type?: string; isComment?: boolean; xmlUrl?: string; htmlUrl?: string; language?: string; outlines?: Outline[] };

/** Outlines read from one file at most: a subscription list, not a data dump. */
const MAX_OUTLINES = 10_000;

/**
 * Reads an OPML subscription list with feedsmith. Nested outlines are folders: each feed keeps the
 * texts of the outlines above it. Throws InputError naming the file and, for broken XML, the line
 * and column: a file that is not well-formed is not read at all (nothing of it gets imported).
 */
export async function readOpml(bytes: Uint8Array, where: string): Promise<OpmlDocument> {
  const { text } = decodeBytes(bytes, { where });
  assertNoEntityDeclarations(text, where);
  const broken = xmlErrorLocation(text);
  if (broken) throw new InputError(`${where} line ${broken.line}, column ${broken.column}`, `malformed XML: ${broken.message}`);
  const { parseOpml } = await loadFeedsmith();
  let outlines: Outline[];
  try {
    outlines = (parseOpml(text, { maxItems: MAX_OUTLINES }).body?.outlines ?? []) as Outline[];
  } catch (err) {
    throw new InputError(where, 'not an OPML file (expected an <opml> document with a <body> of <outline> elements)', { cause: err });
  }
  const tags = outlineTags(text);
  let cursor = 0;
  // feedsmith keeps document order: each outline is the next tag (from the last one placed) with its attributes.
  const place = (o: Outline): number | null => {
    for (let i = cursor; i < tags.length; i++) {
      if (sameOutline(tags[i]!, o)) {
        cursor = i + 1;
        return tags[i]!.line;
      }
    }
    return null;
  };
  const doc: OpmlDocument = { entries: [], ignored: [] };
  const walk = (list: Outline[], path: string[]): void => {
    for (const o of list) {
      const line = place(o);
      const label = (o.text ?? o.title ?? '').trim();
      if (o.isComment) {
        doc.ignored.push({ line, reason: 'a comment outline (isComment="true")' });
        skipPlaced(o.outlines ?? []);
        continue;
      }
      const xmlUrl = o.xmlUrl?.trim();
      if (xmlUrl) {
        const title = (o.title ?? o.text ?? '').trim();
        doc.entries.push({
          line,
          xmlUrl,
          title: title && title !== xmlUrl ? title : null,
          htmlUrl: o.htmlUrl?.trim() || null,
          language: o.language?.trim() || null,
          categoryPath: path,
        });
      } else if (!o.outlines?.length) {
        doc.ignored.push({ line, reason: `no xmlUrl: "${label}" is neither a feed nor a folder of feeds` });
      }
      if (o.outlines?.length) walk(o.outlines, label ? [...path, label] : path);
    }
  };
  const skipPlaced = (list: Outline[]): void => {
    for (const o of list) {
      place(o);
      skipPlaced(o.outlines ?? []);
    }
  };
  walk(outlines, []);
  return doc;
}

function sameOutline(tag: OutlineTag, o: Outline): boolean {
  const a = tag.attributes;
  return (a.xmlurl ?? '').trim() === (o.xmlUrl ?? '').trim() && (a.text ?? '').trim() === (o.text ?? '').trim() && (a.title ?? '').trim() === (o.title ?? '').trim();
}
