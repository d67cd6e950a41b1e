import { describe, expect, it } from 'vitest';
import { renderAdaptiveCards } from '../../adapters/teams/adaptive-card-renderer.js';
import { originOf } from '../../adapters/teams/teams-message.js';
import type { ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import { dominantDirection } from '../../src/i18n/intl-format.js';

const story = (lang: string, dir: 'ltr' | 'rtl'): StoryView => ({
  id: `s-${lang}`,
  title: lang === 'ar' ? 'نداء باريس' : 'Paris Call',
  summary: ['x'],
  lang,
  dir,
  topics: [],
  sources: [],
  alsoIn: [],
  published: '2018-11-12T10:00:00.000Z',
  actions: [],
});

describe('Arabic channels in Teams', () => {
  it('lays the card out right to left, keeps each story in its own direction, and dates in Arabic', () => {
    const doc: ReplyDocument = {
      visibility: 'private',
      fallbackText: 'x',
      lang: 'ar',
      blocks: [{ type: 'header', text: 'نداء باريس' }, { type: 'story', story: story('en', 'ltr') }, { type: 'story', story: story('ar', 'rtl') }],
    };
    const card = renderAdaptiveCards(doc)[0] as { rtl?: boolean; body: { items?: { rtl?: boolean; items?: unknown[] }[]; text?: string }[] };
    expect(card.rtl).toBe(true);
    const [, en, ar] = card.body;
    expect(en!.items![0]!.rtl).toBe(false);
    expect(ar!.items![0]!.rtl).toBe(true);
    expect(JSON.stringify(en!.items![1])).toContain('12 نوفمبر 2018');
  });

  it('an English card sets no direction, and a right-to-left story is marked', () => {
    const card = renderAdaptiveCards({ visibility: 'private', fallbackText: 'x', blocks: [{ type: 'story', story: story('ar', 'rtl') }, { type: 'story', story: story('en', 'ltr') }] })[0] as {
      rtl?: boolean;
      body: { items?: { rtl?: boolean }[] }[];
    };
    expect(card.rtl).toBeUndefined();
    expect(card.body[0]!.items![0]!.rtl).toBe(true);
    expect(card.body[1]!.items![0]!.rtl).toBeUndefined();
  });
});

describe('machine translations in an Arabic card', () => {
  it('read in the direction of their letters: Arabic right to left (a Latin name first or not), the demo\'s tagged English left to right', () => {
    const translated = (title: string, summary: string): StoryView => ({ ...story('en', 'ltr'), translation: { title, summary: [summary], mark: 'm' } });
    const doc: ReplyDocument = {
      visibility: 'private',
      fallbackText: 'x',
      lang: 'ar',
      blocks: [
        { type: 'story', story: translated('SAP تقود مجموعة عمل جديدة', 'قالت الحكومة إنها ستقود المجموعة مع SAP.') },
        { type: 'story', story: translated('[en→ar] Paris Call adds 64 supporters', '[en→ar] The Paris Call gained 64 new supporters.') },
      ],
    };
    const card = renderAdaptiveCards(doc)[0] as { rtl?: boolean; body: { items?: { rtl?: boolean }[] }[] };
    expect(card.rtl).toBe(true);
    expect(card.body.map((b) => b.items![0]!.rtl)).toEqual([true, false]);
  });

  it('a translated story keeps all its buttons, "Show original" too: sets of at most 6, as Teams draws them', () => {
    const ids = ['subscribe_topic', 'mute_story', 'more_like_this', 'why_story', 'follow_entity', 'follow_entity', 'show_original'] as const;
    const actions = ids.map((id, i) => ({ id, label: `b${i}`, value: 'v' }));
    const card = renderAdaptiveCards({ visibility: 'private', fallbackText: 'x', lang: 'ar', blocks: [{ type: 'story', story: { ...story('en', 'ltr'), actions } }] })[0] as {
      body: { items: { type: string; actions?: { title: string }[] }[] }[];
    };
    const sets = card.body[0]!.items.filter((e) => e.type === 'ActionSet').map((e) => e.actions!.map((a) => a.title));
    expect(sets).toEqual([['b0', 'b1', 'b2', 'b3', 'b4', 'b5'], ['b6']]);
  });

  it('dominantDirection counts letters, and keeps the fallback without any', () => {
    expect(dominantDirection('SAP تقود مجموعة عمل', 'ltr')).toBe('rtl');
    expect(dominantDirection('[en→ar] Paris Call', 'rtl')).toBe('ltr');
    expect(dominantDirection('2026 · 64', 'rtl')).toBe('rtl');
  });
});

describe('platform locale', () => {
  it('Teams passes the sender locale to the core', () => {
    expect(originOf({ type: 'message', locale: 'fr-FR', from: { id: '29:u', aadObjectId: 'aad-1' } }, 'teams:t:c')).toEqual({
      channelId: 'teams:t:c',
      userId: 'teams:aad-1',
      locale: 'fr-FR',
    });
  });
});
