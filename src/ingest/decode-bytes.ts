import { InputError } from '../errors.js';

export interface DecodedText {
  text: string;
  /** The WHATWG name of the encoding used (e.g. "windows-1251"), or "utf-32le"/"utf-32be". */
  encoding: string;
  /** Where the encoding came from. */
  from: 'bom' | 'http' | 'xml-declaration' | 'meta' | 'sniffed' | 'default';
}

/** The encoding bytes are in, and where the text starts (after a byte-order mark). */
export interface EncodingChoice {
  encoding: string;
  from: DecodedText['from'];
  /** Bytes of byte-order mark to skip. */
  offset: number;
}

/**
 * Bytes to text, choosing the encoding as feeds in the wild need: byte-order mark first, then the
 * HTTP charset, then the XML declaration, then an HTML <meta charset>, else UTF-8.
 * Invalid sequences become U+FFFD instead of failing; an encoding nobody knows is an InputError.
 */
export function decodeBytes(bytes: Uint8Array, options: { where: string; httpCharset?: string | null }): DecodedText {
  return decodeChosen(bytes, chooseEncoding(bytes, options), options.where);
}

/** The bytes decoded in an encoding chooseEncoding chose for them. */
export function decodeChosen(bytes: Uint8Array, choice: EncodingChoice, where: string): DecodedText {
  const { encoding, from, offset } = choice;
  return { text: decodeWith(encoding, offset > 0 ? bytes.subarray(offset) : bytes, where), encoding, from };
}

/** The encoding decodeBytes decodes with, without decoding (an unknown label is an InputError here too). */
export function chooseEncoding(bytes: Uint8Array, options: { where: string; httpCharset?: string | null }): EncodingChoice {
  const { where } = options;
  const bom = detectBom(bytes);
  if (bom) return { encoding: bom.encoding, from: 'bom', offset: bom.length };

  const wide = sniffWideEncoding(bytes);
  if (wide) return { encoding: wide, from: 'sniffed', offset: 0 };

  // Declarations sit in the first bytes and are ASCII in every ASCII-compatible encoding.
  const head = latin1(bytes.subarray(0, 2048));
  const declared = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1];

  const http = cleanLabel(options.httpCharset);
  if (http) {
    let encoding = resolveLabel(http, where, 'HTTP charset');
    // Servers often label every response with a default charset. When the header and the
    // document disagree and one of them says UTF-8, the bytes decide.
    const own = declared ? resolveLabel(declared, where, 'XML declaration') : null;
    if (own && own !== encoding && (own === 'utf-8' || encoding === 'utf-8')) encoding = isValidUtf8(bytes) ? 'utf-8' : own === 'utf-8' ? encoding : own;
    return { encoding, from: 'http', offset: 0 };
  }

  if (declared) {
    const encoding = resolveLabel(declared, where, 'XML declaration');
    // A declaration of UTF-16 read through ASCII means the file is in fact single-byte (mislabelled).
    return { encoding: encoding.startsWith('utf-16') ? 'utf-8' : encoding, from: 'xml-declaration', offset: 0 };
  }
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  if (meta) return { encoding: resolveLabel(meta, where, '<meta charset>'), from: 'meta', offset: 0 };
  return { encoding: 'utf-8', from: 'default', offset: 0 };
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | null | undefined): string | null {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1] ?? null;
}

function detectBom(b: Uint8Array): { encoding: string; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  // UTF-32LE's BOM starts like UTF-16LE's, so test it first.
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0x00 && b[3] === 0x00) return { encoding: 'utf-32le', length: 4 };
  if (b[0] === 0x00 && b[1] === 0x00 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', length: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** UTF-16/32 without a BOM, recognised by how "<" is laid out (XML 1.0 appendix F). */
function sniffWideEncoding(b: Uint8Array): string | null {
  if (b.length < 4) return null;
  const [a, c, d, e] = [b[0], b[1], b[2], b[3]];
  if (a === 0x3c && c === 0 && d === 0 && e === 0) return 'utf-32le';
  if (a === 0 && c === 0 && d === 0 && e === 0x3c) return 'utf-32be';
  if (a === 0x3c && c === 0 && d !== 0 && e === 0) return 'utf-16le';
  if (a === 0 && c === 0x3c && d === 0 && e !== 0) return 'utf-16be';
  return null;
}

function cleanLabel(label: string | null | undefined): string | null {
  const trimmed = label?.trim().replace(/^["']|["']$/g, '');
  return trimmed ? trimmed : null;
}

// A TextDecoder opens an ICU converter when made, which costs more than decoding a small feed; one
// per encoding is kept. decode() without { stream: true } starts fresh on every call.
const decoders = new Map<string, TextDecoder>();

function decoderFor(label: string): TextDecoder {
  let decoder = decoders.get(label);
  if (!decoder) {
    decoder = new TextDecoder(label, { fatal: false });
    decoders.set(decoder.encoding, decoder);
  }
  return decoder;
}

/** Labels seen, to their encoding's name (bounded: labels come from documents). */
const resolvedLabels = new Map<string, string>();

function resolveLabel(label: string, where: string, origin: string): string {
  const lower = label.trim().toLowerCase();
  if (lower === 'utf-32' || lower === 'utf32' || lower === 'ucs-4') return 'utf-32be';
  if (lower === 'utf-32le' || lower === 'utf-32be') return lower;
  const known = resolvedLabels.get(lower);
  if (known) return known;
  try {
    const encoding = decoderFor(lower).encoding;
    if (resolvedLabels.size < 1_000) resolvedLabels.set(lower, encoding);
    return encoding;
  } catch {
    throw new InputError(where, `unknown character encoding "${label}" (from the ${origin})`);
  }
}

function decodeWith(encoding: string, bytes: Uint8Array, where: string): string {
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding === 'utf-32le');
  try {
    const text = decoderFor(encoding).decode(bytes);
    return encoding === 'windows-1252' ? fixWindows1252(text) : text;
  } catch (err) {
    throw new InputError(where, `cannot decode as ${encoding}`, { cause: err });
  }
}

// Node 20's TextDecoder decodes windows-1252 (and the latin1 labels mapped to it) as ISO-8859-1,
// leaving C1 controls where curly quotes, dashes and the euro sign should be. Map them back.
const CP1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function fixWindows1252(text: string): string {
  return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!) : text;
}

/** TextDecoder has no UTF-32, which a few XML feeds still use. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    const cp = view.getUint32(i, littleEndian);
    chunk.push(cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? cp : 0xfffd);
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  if (bytes.length % 4 !== 0) chunk.push(0xfffd);
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
