import { describe, expect, it } from 'vitest';
import { parseJsonlLine } from '../../src/ingest/parse-jsonl.js';

const ctx = { sourceId: 'file:x.jsonl', fetchedAt: new Date('2026-11-20T00:00:00Z') };

describe('parseJsonlLine', () => {
  it('keeps a given id as is, string or number', () => {
    const a = parseJsonlLine(JSON.stringify({ id: 'Keep-Me As/Is', title: 'T', content: 'C' }), ctx);
    const b = parseJsonlLine(JSON.stringify({ id: 42, title: 'T', content: 'C' }), ctx);
    expect([a && 'item' in a && a.item.id, b && 'item' in b && b.item.id]).toEqual(['Keep-Me As/Is', '42']);
  });

  it('reads date strings and epoch seconds or milliseconds, warning on nonsense', () => {
    const dates = ['2025-11-04T10:00:00+01:00', 1762246800, 1762246800000].map((published) => {
      const r = parseJsonlLine(JSON.stringify({ title: 'T', content: 'C', published }), ctx);
      return r && 'item' in r ? r.item.published?.toISOString() : null;
    });
    expect(dates).toEqual(['2025-11-04T09:00:00.000Z', '2025-11-04T09:00:00.000Z', '2025-11-04T09:00:00.000Z']);
    const bad = parseJsonlLine(JSON.stringify({ title: 'T', content: 'C', published: 'soon' }), ctx);
    expect(bad).toMatchObject({ item: { published: null }, warning: 'unparseable date "soon" (published set to unknown)' });
  });

  it('names what is wrong with a line', () => {
    expect(parseJsonlLine('{"content": "no title"}', ctx)).toEqual({ error: '"title": Invalid input: expected string, received undefined' });
    expect(parseJsonlLine('[1, 2]', ctx)).toEqual({ error: 'the line: Invalid input: expected object, received array' });
    expect(parseJsonlLine('{"title": "", "content": "  "}', ctx)).toEqual({ error: 'both "title" and "content" are empty' });
    expect(parseJsonlLine('   ', ctx)).toBeNull();
  });

  it('uses the line\'s source as the source id and cleans HTML', () => {
    const r = parseJsonlLine(JSON.stringify({ title: 'A <b>bold</b> move', content: '<p>Para &amp; more</p>', source: 'eurodesk', url: 'https://E.eu/x?utm_source=a' }), ctx);
    expect(r).toMatchObject({ item: { sourceId: 'eurodesk', title: 'A bold move', content: 'Para & more', url: 'https://e.eu/x' } });
  });
});
