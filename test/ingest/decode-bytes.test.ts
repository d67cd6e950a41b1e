import { describe, expect, it } from 'vitest';
import { charsetOf, decodeBytes } from '../../src/ingest/decode-bytes.js';
import { errorMessage } from '../../src/errors.js';

const where = 'input.xml';

describe('decodeBytes', () => {
  it('uses the BOM first, even over a contradicting declaration', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0" encoding="windows-1251"?><a>ž</a>')]);
    expect(decodeBytes(utf8, { where })).toMatchObject({ encoding: 'utf-8', from: 'bom', text: '<?xml version="1.0" encoding="windows-1251"?><a>ž</a>' });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('<a>é</a>', 'utf16le').swap16()]);
    expect(decodeBytes(be, { where })).toMatchObject({ encoding: 'utf-16be', text: '<a>é</a>' });
  });

  it('decodes UTF-32 big-endian, which TextDecoder lacks', () => {
    const text = '<a>𝄞ü</a>';
    const bytes = Buffer.alloc(4 + [...text].length * 4);
    bytes.writeUInt32BE(0xfeff, 0);
    [...text].forEach((c, i) => bytes.writeUInt32BE(c.codePointAt(0)!, 4 + i * 4));
    expect(decodeBytes(bytes, { where })).toMatchObject({ encoding: 'utf-32be', text });
  });

  it('prefers the HTTP charset over the XML declaration', () => {
    const bytes = Buffer.from([0x3c, 0x61, 0x3e, 0xc0, 0x3c, 0x2f, 0x61, 0x3e]);
    expect(decodeBytes(bytes, { where, httpCharset: 'windows-1251' }).text).toBe('<a>А</a>');
    expect(decodeBytes(bytes, { where, httpCharset: 'koi8-r' }).text).toBe('<a>ю</a>');
  });

  it('lets the bytes decide when a default HTTP charset contradicts the document', () => {
    const utf8Doc = Buffer.from('<?xml version="1.0" encoding="utf-8"?><a>Žinios</a>');
    expect(decodeBytes(utf8Doc, { where, httpCharset: 'ISO-8859-1' })).toMatchObject({ encoding: 'utf-8', text: '<?xml version="1.0" encoding="utf-8"?><a>Žinios</a>' });
    const cp1251Doc = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="windows-1251"?><a>'), Buffer.from([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]), Buffer.from('</a>')]);
    expect(decodeBytes(cp1251Doc, { where, httpCharset: 'utf-8' })).toMatchObject({ encoding: 'windows-1251', text: '<?xml version="1.0" encoding="windows-1251"?><a>Новости</a>' });
  });

  it('reads <meta charset> of HTML-like input', () => {
    const bytes = Buffer.concat([Buffer.from('<html><head><meta charset="iso-8859-2"></head>'), Buffer.from([0xa3])]);
    expect(decodeBytes(bytes, { where }).text.endsWith('Ł')).toBe(true);
  });

  it('maps windows-1252 curly quotes, dashes and the euro sign', () => {
    const bytes = Buffer.from([0x93, 0x41, 0x94, 0x20, 0x96, 0x20, 0x80, 0x20, 0x99]);
    expect(decodeBytes(bytes, { where, httpCharset: 'windows-1252' }).text).toBe('“A” – € ™');
    expect(decodeBytes(bytes, { where, httpCharset: 'ISO-8859-1' }).text).toBe('“A” – € ™');
  });

  it('replaces invalid UTF-8 instead of failing', () => {
    expect(decodeBytes(Buffer.from([0x61, 0xff, 0xfe, 0x62]), { where }).text).toBe('a\uFFFD\uFFFDb');
  });

  it('names the input for an unknown encoding', () => {
    let error: unknown;
    try {
      decodeBytes(Buffer.from('<?xml version="1.0" encoding="ebcdic-klingon"?><a/>'), { where });
    } catch (err) {
      error = err;
    }
    expect(errorMessage(error)).toBe('input.xml: unknown character encoding "ebcdic-klingon" (from the XML declaration)');
  });

  it('reads the charset parameter of a Content-Type', () => {
    expect(charsetOf('application/rss+xml; charset="Shift_JIS"')).toBe('Shift_JIS');
    expect(charsetOf('text/xml')).toBeNull();
  });
});
