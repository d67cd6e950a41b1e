import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractEntities } from '../../src/analysis/entity-extractor.js';
import { loadGazetteer, type Gazetteer } from '../../src/analysis/entity-gazetteer.js';
import { normalizeText, tokenize } from '../../src/analysis/normalize-text.js';
import { loadTaxonomy, type Taxonomy } from '../../src/analysis/taxonomy-loader.js';
import { matchTopics } from '../../src/analysis/topic-matcher.js';
import { resolveTopicWords } from '../../src/analysis/topic-resolver.js';

let taxonomy: Taxonomy;
let gazetteer: Gazetteer;

beforeAll(() => {
  taxonomy = loadTaxonomy();
  gazetteer = loadGazetteer();
});

// Text mixing real topic and entity words with arbitrary Unicode (marks, RTL, CJK, astral, lone surrogates).
const pieces = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('Paris Call', 'نداء باريس', 'Europos Tarybos', 'Совета Европы', '巴黎倡议', 'Kaspersky', 'U.S.', '„Kaspersky Lab“', 'ransomware', 'Christchurch Call',
    'والأمن', '. ', ', ', '\n', 'Jane Doe', 'NATO', 'Rada Europejska', 'ـــ', '\u0301', '\ud83d\ude00', 'İstanbul', 'ß', 'ǅ'),
);
const text = fc.array(pieces, { maxLength: 30 }).map((parts) => parts.join(' '));
const lang = fc.constantFrom('en', 'fr', 'de', 'ru', 'uk', 'ar', 'zh', 'lt', 'pl', 'bg', 'ja', 'und', 'xx');

describe('topic matching and entity extraction on arbitrary text', () => {
  it('never throw, rank topics best first with distinct slugs, and report entity surfaces as written', () => {
    fc.assert(
      fc.property(text, text, lang, (title, content, l) => {
        const entities = extractEntities({ title, content, lang: l }, gazetteer);
        expect(new Set(entities.map((e) => e.id)).size).toBe(entities.length);
        for (const e of entities) expect(title.includes(e.surface) || content.includes(e.surface)).toBe(true);
        const topics = matchTopics({ title, content, lang: l, entityIds: entities.map((e) => e.id) }, taxonomy);
        expect(new Set(topics.map((t) => t.slug)).size).toBe(topics.length);
        for (let i = 1; i < topics.length; i++) expect(topics[i].score).toBeLessThanOrEqual(topics[i - 1].score);
        for (const t of topics) expect(taxonomy.bySlug.has(t.slug)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('normalise, tokenize and resolve user words without throwing', () => {
    fc.assert(
      fc.property(text, lang, (t, l) => {
        expect(typeof normalizeText(t, l)).toBe('string');
        for (const token of tokenize(t, l)) expect(token.length).toBeGreaterThan(0);
        for (const r of resolveTopicWords(t, taxonomy)) expect(r.score).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });
});
