import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate-items.js';
import { minimumSpanMs } from '../../bench/rate-limited-connector.js';
import { commandMix, searchVocabulary } from '../../bench/serve-commands.js';

describe('the serve part\'s command mix', () => {
  const vocabulary = searchVocabulary(generateRecords({ count: 1500, seed: 42 }));

  it('draws search words from the items, common and rare, in Arabic, Cyrillic and Chinese script too', () => {
    expect(vocabulary.common.length).toBe(300);
    expect(vocabulary.rare.length).toBe(500);
    expect(vocabulary.arabic.every((w) => /^\p{Script=Arabic}+$/u.test(w))).toBe(true);
    expect(vocabulary.cyrillic.every((w) => /^\p{Script=Cyrillic}+$/u.test(w))).toBe(true);
    expect(vocabulary.chinese.every((w) => /^\p{Script=Han}{2}$/u.test(w))).toBe(true);
    expect([vocabulary.arabic.length > 100, vocabulary.cyrillic.length > 100, vocabulary.chinese.length > 100]).toEqual([true, true, true]);
  });

  it('has the issue\'s proportions, exactly `count` commands, and reproduces from its seed', () => {
    const mix = commandMix(2000, vocabulary);
    const counts = { topic: 0, search: 0, manage: 0, digest: 0 };
    for (const c of mix) counts[c.kind]++;
    expect(counts).toEqual({ topic: 1200, search: 500, manage: 200, digest: 100 });
    expect(commandMix(2000, vocabulary)).toEqual(mix);
  });

  it('repeats no search, and cycles through every topic name and window before a topic command repeats', () => {
    const mix = commandMix(2000, vocabulary);
    const searches = mix.filter((c) => c.kind === 'search').map((c) => c.text);
    // Entity names (5 %) may come back; every search drawn from the vocabulary is new.
    const fromVocabulary = searches.filter((s) => !/^search (Kaspersky|Macron|NATO|Europol|Council of Europe|Paris Call|Budapest Convention|Pegasus|Interpol|Microsoft|AI Act)$/.test(s));
    expect(new Set(fromVocabulary).size).toBe(fromVocabulary.length);
    const topics = mix.filter((c) => c.kind === 'topic').map((c) => c.text);
    expect(new Set(topics).size).toBeGreaterThan(400);
    expect(topics.some((t) => / 7d$/.test(t)) && topics.some((t) => / since 2026-09-01$/.test(t)) && topics.some((t) => !/\d/.test(t))).toBe(true);
    expect(searches.some((s) => /\p{Script=Arabic}/u.test(s)) && searches.some((s) => /\p{Script=Cyrillic}/u.test(s)) && searches.some((s) => /\p{Script=Han}/u.test(s))).toBe(true);
  });
});

describe('the Teams fan-out minimum per conversation', () => {
  it('follows Teams\' windows: 7 cards in the first second, 8 in two, then about 4 a second', () => {
    expect([1, 7, 8, 9, 16, 17].map((k) => minimumSpanMs(k))).toEqual([0, 0, 1000, 2000, 3000, 4000]);
  });
});
