import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../src/errors.js';
import { parseInput } from '../../src/ingest/parse-input.js';

const options = { name: 'hostile.xml', sourceId: 'file:hostile.xml', fetchedAt: new Date('2026-11-20T00:00:00Z') };

async function outcome(bytes: Uint8Array) {
  return parseInput(bytes, options).then(
    (parsed) => ({ items: parsed.items, warnings: parsed.warnings, error: null as string | null }),
    (err: unknown) => ({ items: [], warnings: [], error: errorMessage(err) }),
  );
}

const rss = (items: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;

describe('hostile inputs', () => {
  it('bounds a huge single element to the title and content limits', async () => {
    const huge = 'word '.repeat(900_000);
    const { items, error } = await outcome(Buffer.from(rss(`<item><title>${huge}</title><description>${huge}</description><guid>h</guid></item>`)));
    expect(error).toBeNull();
    expect(items[0]!.title.length).toBeLessThanOrEqual(1001);
    expect(items[0]!.content.length).toBeLessThanOrEqual(100_001);
  });

  it('refuses an entity bomb hidden behind a UTF-16 byte-order mark', async () => {
    const bomb = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<rss><channel><title>&b;</title></channel></rss>';
    const { error } = await outcome(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bomb, 'utf16le')]));
    expect(error).toBe('hostile.xml line 2, column 1: the document type declares XML entities; refused (entity expansion is never done: it is how "billion laughs" entity bombs work)');
  });

  it('never expands undeclared entity references', async () => {
    const { items } = await outcome(Buffer.from(rss('<item><title>&lol9; &amp; &#x41; &eacute;</title><guid>e</guid></item>')));
    expect(items.map((i) => i.title)).toEqual(['&lol9; & A é']);
  });

  it('survives very deep nesting with a clear result', async () => {
    const deep = '<x>'.repeat(50_000) + '</x>'.repeat(50_000);
    const { items, error } = await outcome(Buffer.from(rss(`<item><title>Deep</title><guid>d</guid><description>${deep}</description></item>`)));
    expect(error === null ? items.map((i) => i.title) : error).toEqual(['Deep']);
  });

  it('keeps at most 10,000 items of one feed', async () => {
    const many = Array.from({ length: 12_000 }, (_, i) => `<item><title>n${i}</title><guid>g${i}</guid></item>`).join('');
    const { items } = await outcome(Buffer.from(rss(many)));
    expect(items.length).toBe(10_000);
  });

  it('reads invalid UTF-8 in a feed as replacement characters', async () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><guid>u</guid><title>a'), Buffer.from([0xe2, 0x82]), Buffer.from('b</title></item></channel></rss>')]);
    const { items } = await outcome(bytes);
    expect(items.map((i) => i.title)).toEqual(['a\uFFFDb']);
  });
});
