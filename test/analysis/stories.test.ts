import { describe, expect, it } from 'vitest';
import type { EntityMention } from '../../src/items/item.js';
import { hammingDistance, hashJaccard, simhash, tokenHashes } from '../../src/analysis/simhash.js';
import { canonicalUrl, extractLinks, extractNumbers } from '../../src/analysis/story-evidence.js';
import { StoryGrouper, storyIdFor, type StoryFacts } from '../../src/analysis/story-grouper.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-10T09:00:00Z');
const words = (s: string) => s.toLowerCase().split(/\W+/u).filter(Boolean);

function facts(id: string, over: Partial<Omit<StoryFacts, 'entities' | 'numbers' | 'links' | 'tokens' | 'titleTokens' | 'names' | 'words' | 'topics'>> & {
  names?: string[];
  text?: string;
  title?: string;
  entities?: [string, EntityMention['type']][];
  numbers?: string[];
  links?: string[];
} = {}): StoryFacts {
  const text = over.text ?? '';
  return {
    id,
    lang: over.lang ?? 'en',
    time: over.time ?? T0,
    url: over.url ?? null,
    simhash: text ? simhash(words(text)) : '0000000000000000',
    titleTokens: tokenHashes(words(over.title ?? '')),
    tokens: tokenHashes(words(text)),
    entities: new Map(over.entities ?? []),
    mainTopic: over.mainTopic ?? null,
    topics: new Set(over.mainTopic ? [over.mainTopic] : []),
    names: tokenHashes(over.names ?? []),
    words: tokenHashes([...words(text), ...(over.names ?? [])]),
    numbers: new Set(over.numbers ?? []),
    links: new Set(over.links ?? []),
    ...(over.concepts ? { concepts: over.concepts } : {}),
  };
}

const ARTICLE = 'The Council of Europe signed a partnership agreement with Kaspersky Lab and seven other technology companies in Strasbourg on Friday to protect human rights online, the organisation said in a statement released after the ceremony at the World Forum for Democracy.';

describe('simhash', () => {
  it('is 16 hex digits, stable, close for near-duplicates and far for different texts', () => {
    const a = simhash(words(ARTICLE));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash(words(ARTICLE))).toBe(a);
    const edited = simhash(words(ARTICLE.replace('on Friday', 'on Thursday')));
    const other = simhash(words('Ransomware gang claims attack on a hospital chain in Texas, demanding millions in bitcoin from the operator of twelve clinics across the state.'));
    expect(hammingDistance(a, edited)).toBeLessThanOrEqual(8);
    expect(hammingDistance(a, other)).toBeGreaterThan(16);
    expect(simhash([])).toBe('0000000000000000');
  });

  it('hash sets give the Jaccard similarity of token sets', () => {
    expect(hashJaccard(tokenHashes(['a', 'b', 'c']), tokenHashes(['b', 'c', 'd']))).toBeCloseTo(0.5);
    expect(hashJaccard(tokenHashes([]), tokenHashes(['a']))).toBe(0);
  });
});

describe('story evidence', () => {
  it('normalises dates across languages and scripts', () => {
    for (const text of ['On November 12, 2018 France launched it', '2018 m. lapkričio 12 d. Paryžiuje', 'بتاريخ ١٢ نوفمبر ٢٠١٨', 'Am 12. November 2018 unterzeichneten', 'le 12 novembre 2018', '12 de noviembre de 2018', '12 ноября 2018 года', '2018年11月12日', '12.11.2018', '12 listopada 2018 r.']) {
      expect(extractNumbers(text), text).toContain('2018-11-12');
    }
    expect(extractNumbers('بتاريخ 12 نوفمبر/تشرين الثاني')).toEqual(['11-12']);
    expect(extractNumbers('بتاريخ 12 نوفمبر/تشرين الثاني، بدءاً من 13 نوفمبر 2018')).toEqual(['11-12', '2018-11-13', '11-13', '2018']);
    expect(extractNumbers('On November 12, 2018 France launched it; 13 November 2018 too.')).toEqual(['2018-11-13', '11-13', '2018-11-12', '11-12', '2018']);
    expect(extractNumbers('1,500 firms and 67 states; 1 500 entreprises; 7 days')).toEqual(['1500', '67']);
    // Amounts read the same in every language and scale ("~" and three significant digits).
    expect(extractNumbers('up to 9.8 million customers')).toEqual(['~9.8e+6']);
    expect(extractNumbers('9,8 Millionen Kunden')).toEqual(['~9.8e+6']);
    expect(extractNumbers('9,8 млн клиентов, штраф 1,2 млрд рублей')).toEqual(['~9.8e+6', '~1.2e+9']);
    expect(extractNumbers('고객 980만 명')).toEqual(['~9.8e+6']);
    expect(extractNumbers('罚款80.26亿元')).toEqual(['~8.03e+9']);
    // A scale word must be one: "10 military bases" is ten.
    expect(extractNumbers('10 military bases')).toEqual(['10']);
    // Korean dates, and Chinese or Japanese ones without a year.
    expect(extractNumbers('2024년 7월 30일 가결')).toEqual(['2024-07-30', '07-30', '2024']);
    expect(extractNumbers('9月1日起正式施行')).toEqual(['09-01']);
  });

  it('canonicalises link targets and skips the item itself', () => {
    expect(canonicalUrl('https://www.Example.com/a/?utm_source=x&b=2#frag')).toBe('example.com/a?b=2');
    expect(canonicalUrl('mailto:x@example.com')).toBeNull();
    expect(extractLinks('See https://pariscall.international/en/ and https://example.com/self.', 'https://example.com/self')).toEqual(['pariscall.international/en']);
  });
});

describe('StoryGrouper', () => {
  const kaspersky: [string, EntityMention['type']] = ['kaspersky', 'organization'];

  it('groups near-duplicates within a language', () => {
    const a = facts('a', { text: ARTICLE, title: 'Council of Europe signs deal with tech firms' });
    const b = facts('b', { text: ARTICLE.replace('on Friday', 'on Thursday'), title: 'Tech firms sign deal with Council of Europe', time: T0 + DAY });
    expect(new StoryGrouper().group([a, b])).toEqual([storyIdFor('a'), storyIdFor('a')]);
  });

  it('groups across languages on shared entities, main topic and dates', () => {
    const en = facts('en1', { lang: 'en', entities: [kaspersky, ['paris-call', 'initiative'], ['emmanuel-macron', 'person']], mainTopic: 'paris-call', numbers: ['2018-11-12', '11-12'] });
    const ar = facts('ar1', { lang: 'ar', entities: [kaspersky, ['emmanuel-macron', 'person'], ['france', 'place']], mainTopic: 'paris-call', numbers: ['11-12'], time: T0 + 2 * DAY });
    expect(new StoryGrouper().group([en, ar])).toEqual([storyIdFor('en1'), storyIdFor('en1')]);
  });

  it('keeps the two seeds apart although both mention Kaspersky', () => {
    const lt = facts('lt', { lang: 'lt', entities: [kaspersky, ['council-of-europe', 'organization'], ['thorbjorn-jagland', 'person'], ['google', 'organization']], mainTopic: 'council-of-europe', numbers: ['2016', '2019'] });
    const ar = facts('ar', { lang: 'ar', entities: [kaspersky, ['emmanuel-macron', 'person'], ['eugene-kaspersky', 'person']], mainTopic: 'paris-call', numbers: ['11-12', '2018-11-13', '11-13', '2018'] });
    const [s1, s2] = new StoryGrouper().group([lt, ar]);
    expect(s1).not.toBe(s2);
  });

  it('does not group items outside the time window', () => {
    const a = facts('a', { text: ARTICLE });
    const b = facts('b', { text: ARTICLE, time: T0 + 8 * DAY });
    const [s1, s2] = new StoryGrouper({ windowDays: 7 }).group([a, b]);
    expect(s1).not.toBe(s2);
  });

  it('the same URL or a link to the item is the same story, whatever the language', () => {
    const a = facts('a', { lang: 'fr', url: 'example.org/news/1' });
    const b = facts('b', { lang: 'de', links: ['example.org/news/1'], time: T0 + DAY });
    expect(new StoryGrouper().group([a, b])).toEqual([storyIdFor('a'), storyIdFor('a')]);
  });

  it('guards against chaining: an item linked to only one member of a larger story starts its own', () => {
    // a, b, c share Kaspersky + Council of Europe + date; d shares only c's second person and topic.
    const base = { mainTopic: 'council-of-europe', numbers: ['2018-11-09', '11-09'] };
    const a = facts('a', { ...base, lang: 'en', entities: [kaspersky, ['council-of-europe', 'organization']] });
    const b = facts('b', { ...base, lang: 'lt', entities: [kaspersky, ['council-of-europe', 'organization']], time: T0 + 1 });
    const c = facts('c', { ...base, lang: 'fr', entities: [kaspersky, ['council-of-europe', 'organization'], ['thorbjorn-jagland', 'person'], ['marija-pejcinovic-buric', 'person']], time: T0 + 2 });
    const d = facts('d', { lang: 'de', mainTopic: 'council-of-europe', entities: [['thorbjorn-jagland', 'person'], ['marija-pejcinovic-buric', 'person']], time: T0 + 3 });
    const grouper = new StoryGrouper();
    expect(grouper.score(c, d)).toBeGreaterThanOrEqual(1);
    expect(grouper.score(a, d)).toBeLessThan(1);
    const stories = grouper.group([a, b, c, d]);
    expect(stories.slice(0, 3)).toEqual([storyIdFor('a'), storyIdFor('a'), storyIdFor('a')]);
    expect(stories[3]).toBe(storyIdFor('d'));
  });

  it('a new item joining a known story takes its id; order of the batch does not matter', () => {
    const known = facts('old', { text: ARTICLE, time: T0 - DAY });
    const fresh = [facts('n2', { lang: 'ru', text: 'Совершенно другая новость о выборах' }), facts('n1', { text: ARTICLE.replace('Friday', 'Saturday') })];
    expect(new StoryGrouper().group(fresh, [{ facts: known, story: 's_known' }])).toEqual([storyIdFor('n2'), 's_known']);
    expect(new StoryGrouper().group([...fresh].reverse(), [{ facts: known, story: 's_known' }])).toEqual(['s_known', storyIdFor('n2')]);
  });

  it('merges two halves of a story that started apart once a later item bridges them', () => {
    // a and b share only topic, number and time (not enough); c shares an entity with each.
    const a = facts('a', { lang: 'en', mainTopic: 'data-protection', entities: [['tunely', 'organization']], numbers: ['310'] });
    const b = facts('b', { lang: 'de', mainTopic: 'data-protection', entities: [['data-protection-commission', 'organization']], numbers: ['310'], time: T0 + 1000 });
    const c = facts('c', { lang: 'pl', mainTopic: 'data-protection', entities: [['tunely', 'organization'], ['data-protection-commission', 'organization']], numbers: ['310'], time: T0 + 2000 });
    const grouper = new StoryGrouper();
    expect(grouper.score(a, b)).toBeLessThan(1);
    expect(grouper.score(a, c)).toBeGreaterThanOrEqual(1);
    expect(grouper.score(b, c)).toBeGreaterThanOrEqual(1);
    expect(grouper.group([a, b, c])).toEqual([storyIdFor('a'), storyIdFor('a'), storyIdFor('a')]);
  });

  it('across languages, items telling alike things (concepts) tie on one organisation even when filed under neighbouring topics', () => {
    const org: [string, EntityMention['type']][] = [['sky-ecc', 'organization'], ['belgium', 'place']];
    const fr = facts('fr', { lang: 'fr', mainTopic: 'encryption', entities: org, concepts: new Set(['police', 'arrest', 'lawful-access']) });
    const nl = facts('nl', { lang: 'nl', mainTopic: 'cybercrime', time: T0 + DAY / 2, entities: org, concepts: new Set(['police', 'arrest', 'lawful-access', 'legislation']) });
    expect(new StoryGrouper().group([fr, nl])).toEqual([storyIdFor('fr'), storyIdFor('fr')]);
    // The same organisation in an item about something else (an election) is another story.
    const other = facts('other', { lang: 'nl', mainTopic: 'cybercrime', time: T0 + DAY / 2, entities: org, concepts: new Set(['election', 'disinformation', 'police']) });
    expect(new StoryGrouper().group([fr, other])).toEqual([storyIdFor('fr'), storyIdFor('other')]);
  });

  it('years other than the year of publication are evidence, the current year is not', () => {
    const base = { mainTopic: 'encryption', entities: [['european-union', 'organization']] as [string, EntityMention['type']][] };
    const a = facts('a', { ...base, lang: 'en', numbers: ['2026'] });
    const b = facts('b', { ...base, lang: 'es', numbers: ['2026'] });
    const c = facts('c', { ...base, lang: 'es', numbers: ['2028'] });
    const d = facts('d', { ...base, lang: 'en', numbers: ['2028'] });
    const grouper = new StoryGrouper();
    expect(grouper.score(c, d) - grouper.score(a, b)).toBeCloseTo(0.15);
  });
});
