import { describe, expect, it } from 'vitest';
import { buildStoryViews, sourceName, webUrl } from '../../src/replies/story-view.js';
import { itemHead } from '../../src/items/item.js';
import { makeItem } from '../helpers/item-factory.js';
import { testTaxonomy } from '../commands/fixtures.js';

const taxonomy = testTaxonomy();

describe('buildStoryViews', () => {
  const items = [
    makeItem(
      { id: 'b-en', sourceId: 'feed:b', url: 'https://www.bnews.example/x', title: 'B in English', published: new Date('2026-11-10T00:00:00Z') },
      { lang: 'en', story: 's1', topics: [{ slug: 'ransomware', score: 2 }, { slug: 'paris-call', score: 1.5 }], summary: ['B.'] },
    ),
    makeItem(
      { id: 'a-ar', sourceId: 'feed:a', url: 'https://anews.example/y', title: 'أ بالعربية', published: new Date('2026-11-08T00:00:00Z') },
      { lang: 'ar', story: 's1', topics: [{ slug: 'paris-call', score: 3 }], summary: ['أ.'] },
    ),
    makeItem(
      { id: 'c-fr', sourceId: 'feed:c', url: null, title: '', published: new Date('2026-11-01T00:00:00Z') },
      { lang: 'fr', story: 's1', topics: [], summary: [] },
    ),
    makeItem({ id: 'd', sourceId: 'feed:d', url: 'ftp://files.example/d', title: 'Undated', published: null }, { lang: 'und', story: 's2' }),
  ];

  it('groups by story in order of first appearance, from the earliest complete item', () => {
    const views = buildStoryViews(items, { taxonomy, uiLang: 'fr' });
    expect(views.map((v) => v.id)).toEqual(['s1', 's2']);
    expect(views[0]).toEqual({
      id: 's1',
      title: 'أ بالعربية',
      summary: ['أ.'],
      lang: 'ar',
      dir: 'rtl',
      topics: [
        { slug: 'paris-call', name: 'Appel de Paris' },
        { slug: 'ransomware', name: 'Rançongiciels' },
      ],
      sources: [
        { name: 'anews.example', url: 'https://anews.example/y' },
        { name: 'feed:c', url: null },
        { name: 'bnews.example', url: 'https://www.bnews.example/x' },
      ],
      alsoIn: ['EN', 'FR'],
      published: '2026-11-10T00:00:00.000Z',
      // The Arabic item read in a French channel: key facts in French, from its analysis (its own date).
      facts: 'Langue d’origine : arabe · Appel de Paris, Rançongiciels · 8 nov. 2026',
      dateSource: 'feed',
      dateNote: null,
      actions: [
        // A French channel gets French buttons (digests/strings/fr.json).
        { id: 'subscribe_topic', label: 'S’abonner à ce thème', value: 'paris-call' },
        { id: 'mute_story', label: 'Masquer cet article', value: 's1' },
        { id: 'more_like_this', label: 'Articles similaires', value: 's1' },
        { id: 'why_story', label: 'Pourquoi ?', value: 's1' },
      ],
    });
    expect(views[1]).toMatchObject({ title: 'Undated', lang: 'und', dir: 'ltr', published: null, alsoIn: [], topics: [], sources: [{ name: 'feed:d', url: null }] });
    expect(views[1]!.actions.map((a) => a.id)).toEqual(['mute_story', 'more_like_this', 'why_story']);
  });

  it('takes the title of last resort from a head\'s lead (the start of its content), as from a whole item\'s content', () => {
    const bare = makeItem({ id: 'bare', title: '', content: '  Only body text here.  ' }, { story: 'sb', summary: [] });
    expect(buildStoryViews([bare], { taxonomy, uiLang: 'en' })[0]!.title).toBe('Only body text here.');
    expect(buildStoryViews([itemHead(bare)], { taxonomy, uiLang: 'en' })[0]!.title).toBe('Only body text here.');
    expect(itemHead(makeItem({ id: 'summed' }, { summary: ['S.'] })).lead).toBeNull();
  });

  it('honours the limit and leaves out actions whose value would exceed 200 characters', () => {
    expect(buildStoryViews(items, { taxonomy, uiLang: 'en', limit: 1 })).toHaveLength(1);
    const long = makeItem({ id: 'x' }, { story: 'y'.repeat(201) });
    expect(buildStoryViews([long], { taxonomy, uiLang: 'en' })[0]!.actions).toEqual([]);
  });
});

describe('links', () => {
  it('keeps only http(s) URLs without credentials and encodes markup characters', () => {
    expect(webUrl('https://e.example/a b?q=<x>&r=[1]#f')).toBe('https://e.example/a%20b?q=%3Cx%3E&r=%5B1%5D#f');
    expect(webUrl('javascript:alert(1)')).toBeNull();
    expect(webUrl('https://u:p@e.example/')).toBeNull();
    expect(webUrl('not a url')).toBeNull();
    expect(sourceName('feed:x', 'https://www.lemonde.example/a')).toBe('lemonde.example');
    expect(sourceName('feed:x', null)).toBe('feed:x');
  });
});
