import { describe, expect, it } from 'vitest';
import { skeleton, skeletonKeys } from '../../src/analysis/name-skeleton.js';
import { prepareText } from '../../src/analysis/prepared-text.js';
import { StoryGrouper, type StoryFacts } from '../../src/analysis/story-grouper.js';

const T0 = Date.parse('2026-10-01T10:00:00Z');

function facts(id: string, lang: string, text: string, extra: Partial<StoryFacts> = {}): StoryFacts {
  const p = prepareText(text);
  return {
    id, lang, time: T0, url: null, simhash: '0000000000000000', titleTokens: new Uint32Array(), tokens: new Uint32Array(),
    entities: new Map(), mainTopic: 'ransomware', topics: new Set(['ransomware']), names: new Uint32Array(), words: new Uint32Array(),
    numbers: new Set(), links: new Set(), skeletons: skeletonKeys(p.tokens, p.text), ...extra,
  };
}

describe('names across scripts (name-skeleton.ts)', () => {
  it('gives one skeleton to a name written in Latin, Cyrillic, Arabic, Greek and Katakana', () => {
    const k = skeleton('kaspersky');
    expect(k).not.toBe('');
    expect(skeleton('касперский')).toBe(k);
    expect(skeleton('كاسبرسكي')).toBe(k);
    expect(skeleton('mitsotakis')).toBe(skeleton('μητσοτακης'));
    expect(skeleton('kadokawa')).toBe(skeleton('카도카와'));
    // Short words give none: they collide across unrelated words.
    expect(skeleton('nato')).toBe('');
  });

  it('ties an unknown company across scripts, and never on topic and country alone', () => {
    const en = facts('en', 'en', 'Hospitals hit: Tunelyx Systems confirmed the Vorbanex ransomware attack.');
    const ru = facts('ru', 'ru', 'Больницы атакованы: компания Тюнеликс подтвердила атаку шифровальщика Ворбанекс.');
    const ar = facts('ar', 'ar', 'هجوم فدية جديد على المستشفيات في البلاد.', { entities: new Map([['russia', 'place']]) });
    const other = facts('other', 'ru', 'Другая атака на больницы.', { entities: new Map([['russia', 'place']]) });
    const grouper = new StoryGrouper();
    expect(grouper.score(en, ru)).toBeGreaterThanOrEqual(1);
    expect(grouper.score(ar, other)).toBeLessThan(1);
  });
});

describe('one shared organisation across scripts (story-grouper.ts)', () => {
  // Written for this test: a vendor's data centre news in Russian, and an Arabic report on a
  // norms working group that names the same vendor among its speakers.
  const kaspersky = (surface: string) => ({ entities: new Map([['kaspersky', 'organization' as const]]), entityMentions: [{ id: 'kaspersky', surface }] });
  const ru = facts('ru', 'ru', '«Лаборатория Касперского» перенесла обработку данных в Цюрих. Касперский открыл там центр прозрачности.', {
    ...kaspersky('Касперского'),
    mainTopic: 'supply-chain-security',
    topics: new Set(['supply-chain-security', 'un-cyber-norms']),
  });
  const ar = facts('ar', 'ar', 'فريق عمل نداء باريس يناقش حماية الانتخابات، وتحدث ممثل كاسبرسكي عن التهديدات.', {
    ...kaspersky('كاسبرسكي'),
    mainTopic: 'paris-call',
    topics: new Set(['paris-call', 'un-cyber-norms']),
  });

  it('does not count a gazetteer entity twice (as the entity and as its skeleton), so one company is not one event', () => {
    // The skeleton of the name is shared: without the rule it would add a second tie.
    expect(skeleton('касперского')).not.toBe('');
    expect(new StoryGrouper().score(ru, ar)).toBeLessThan(1);
  });

  it('groups the same event in two scripts when a second tie comes with the company (a date, the same topic)', () => {
    const ruSame = { ...ru, numbers: new Set(['2018-11-13', '11-13']) };
    const arSame = { ...ar, mainTopic: 'supply-chain-security', topics: new Set(['supply-chain-security']), numbers: new Set(['2018-11-13', '11-13']) };
    expect(new StoryGrouper().score(ruSame, arSame)).toBeGreaterThanOrEqual(1);
    // The same topic alone is a second tie too.
    expect(new StoryGrouper().score(ru, { ...arSame, numbers: new Set() })).toBeGreaterThanOrEqual(1);
  });
});

describe('a guessed main topic (story-grouper.ts: mainTopicSure)', () => {
  const en = facts('en', 'en', 'Hospitals hit: Tunelyx Systems confirmed the Vorbanex ransomware attack.');
  const ru = facts('ru', 'ru', 'Больницы атакованы: компания Тюнеликс подтвердила атаку шифровальщика Ворбанекс.', { mainTopic: 'data-protection', topics: new Set(['data-protection']) });

  it('counts against a pair when both topics are sure and they share none, never when one is a guess', () => {
    const grouper = new StoryGrouper();
    const sure = grouper.score(en, ru);
    const guessed = grouper.score(en, { ...ru, mainTopicSure: false });
    expect(guessed - sure).toBeCloseTo(0.3, 10);
    // Agreeing on a guessed topic still counts as agreement.
    expect(grouper.score(en, { ...ru, mainTopic: 'ransomware', topics: new Set(['ransomware']), mainTopicSure: false })).toBeCloseTo(grouper.score(en, { ...ru, mainTopic: 'ransomware', topics: new Set(['ransomware']) }), 10);
  });
});
