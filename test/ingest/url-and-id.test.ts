import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/items/canonical-url.js';
import { contentId, itemId } from '../../src/items/item-id.js';

describe('canonicalUrl', () => {
  it.each([
    ['https://Example.ORG/a/b?utm_source=rss&utm_medium=feed&id=3#section', 'https://example.org/a/b?id=3'],
    ['http://example.org:80/x?fbclid=abc', 'http://example.org/x'],
    ['https://example.org:443/x?gclid=1&mc_cid=2&mc_eid=3&q=cyber&page=2', 'https://example.org/x?q=cyber&page=2'],
    ['https://example.org/x?b=2&a=1', 'https://example.org/x?b=2&a=1'],
    ['https://user:pw@example.org/x', 'https://example.org/x'],
    ['https://example.org./x', 'https://example.org/x'],
    ['  https://example.org/path with space  ', 'https://example.org/path%20with%20space'],
  ])('%s -> %s', (raw, expected) => {
    expect(canonicalUrl(raw)).toBe(expected);
  });

  it('resolves relative links against a base and refuses non-http schemes', () => {
    expect(canonicalUrl('../b.html', 'https://example.org/news/a/')).toBe('https://example.org/news/b.html');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('mailto:a@b.c')).toBeNull();
    expect(canonicalUrl('/relative/only')).toBeNull();
    expect(canonicalUrl('')).toBeNull();
  });
});

describe('itemId', () => {
  const base = { title: 'T', content: 'C', sourceId: 'feed:a' };

  it('prefers the guid, scoping bare guids by source', () => {
    expect(itemId({ ...base, guid: '12345', url: 'https://e.org/x' })).toBe('feed:a#12345');
    expect(itemId({ ...base, guid: 'tag:e.org,2025:1' })).toBe('tag:e.org,2025:1');
    expect(itemId({ ...base, guid: 'https://E.org/x?utm_source=a#c' })).toBe('https://e.org/x');
  });

  it('falls back to the canonical URL, then to the content hash', () => {
    expect(itemId({ ...base, url: 'https://e.org/x?utm_campaign=z' })).toBe('https://e.org/x');
    expect(itemId({ ...base })).toBe(contentId('T', 'C'));
    expect(contentId('T', 'C')).toMatch(/^sha256:[0-9a-f]{24}$/);
  });

  it('hashes are stable across whitespace, case and Unicode form', () => {
    expect(contentId('  Café  News ', 'Body\ntext')).toBe(contentId('cafe\u0301 news', 'body text'));
    expect(contentId('A', 'B')).not.toBe(contentId('A', 'C'));
  });

  it('bounds very long ids', () => {
    const id = itemId({ ...base, guid: 'urn:' + 'x'.repeat(600) });
    expect(id).toMatch(/^sha256:[0-9a-f]{24}$/);
  });
});
