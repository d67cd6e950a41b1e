import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../../src/analysis/analyzer.js';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import { loadTaxonomy } from '../../src/analysis/taxonomy-loader.js';
import { NO_ENTITY_NAMES } from '../../src/i18n/entity-names.js';
import { formatDate } from '../../src/i18n/intl-format.js';
import { statedAmounts } from '../../src/i18n/stated-numbers.js';
import { t, uiLanguages } from '../../src/i18n/t.js';
import { loadSampleItems } from '../../src/ingest/sample-items.js';
import type { AnalyzedItem, Item } from '../../src/items/item.js';
import { formatAmount, keyFactsLine, keyFactsOf } from '../../src/replies/key-facts.js';
import { buildStoryViews, topicName } from '../../src/replies/story-view.js';
import { languageName } from '../../src/i18n/intl-format.js';

const written = (id: string, title: string, content: string, published: string | null): Item => ({
  id,
  sourceId: 'test:facts',
  url: null,
  title,
  content,
  published: published ? new Date(published) : null,
  fetchedAt: new Date('2026-11-20T00:00:00Z'),
  author: null,
  categories: [],
  lang: null,
});

// Items stating amounts with units in several languages (written for this test).
const WRITTEN: Item[] = [
  written(
    'fr-amounts',
    'La France finance le secrétariat de l’Appel de Paris',
    'La France a annoncé jeudi qu’elle consacrera 3 millions d’euros au secrétariat de l’Appel de Paris pour la confiance et la sécurité dans le cyberespace. Les signalements de rançongiciels ont augmenté de 40 % en un an, selon l’ANSSI. Emmanuel Macron a salué les 1 312 soutiens de l’Appel.',
    '2026-11-12T09:00:00Z',
  ),
  written(
    'ru-amounts',
    'Россия выделит 1,5 млрд рублей на защиту от программ-вымогателей',
    'Правительство выделит 1,5 млрд рублей на защиту больниц от программ-вымогателей, сообщила Лаборатория Касперского. Число атак на больницы выросло на 12,5 процента за год.',
    '2026-10-02T09:00:00Z',
  ),
];

const ASCII_DIGITS = (text: string) => text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
const fold = (text: string) => ASCII_DIGITS(text).replace(/[\s\u00A0\u202F\u200E\u200F]/g, '');

describe('key-facts line: every part comes from the item', () => {
  let analyzer: Analyzer;
  let items: AnalyzedItem[];
  const taxonomy = loadTaxonomy();

  beforeAll(async () => {
    analyzer = await createAnalyzer();
    const samples = (await loadSampleItems()).flatMap((s) => s.items);
    // The two real press items (Lithuanian, Arabic) and the written ones.
    const real = samples.filter((i) => i.sourceId.startsWith('file:'));
    expect(real.length).toBe(2);
    items = analyzer.analyze([...real, ...WRITTEN]);
  }, 120_000);

  it('for every item and every channel language, the line holds only the language, topics, entities, date and amounts of the item', () => {
    let checked = 0;
    for (const item of items) {
      for (const lang of uiLanguages()) {
        if (lang === item.analysis.lang) continue;
        const topics = item.analysis.topics.map((tp) => topicName(taxonomy, tp.slug, lang));
        const facts = keyFactsOf(item, topics, lang, analyzer.entityNames!);
        // Entities: each is one the analysis found, named as the gazetteer names it in this language.
        const mentioned = new Map(item.analysis.entities.map((e) => [e.id, e]));
        for (const entity of facts.entities) {
          const mention = mentioned.get(entity.id);
          expect(mention, `${item.id}/${lang}: ${entity.id}`).toBeDefined();
          expect([mention!.surface, analyzer.entityNames!.nameOf(entity.id, lang) ?? mention!.name]).toContain(entity.name);
        }
        // Amounts: the digits are written in the item's summary, with the value they state.
        const summary = fold(item.analysis.summary.join(' '));
        for (const amount of facts.amounts) expect(summary, `${item.id}/${lang}`).toContain(fold(amount.digits));
        expect(facts.amounts).toEqual(item.analysis.summary.flatMap((s) => statedAmounts(s)).slice(0, 3));
        expect(facts.topics).toEqual(topics.slice(0, 3));
        expect(facts.published).toEqual(item.published);
        // The line is those parts and separators, nothing else.
        const line = keyFactsLine(facts, lang);
        let rest = line.replace(t(lang, 'facts.from', { language: languageName(lang, item.analysis.lang) }), '');
        const date = facts.published ? [`${formatDate(lang, facts.published)}${facts.dateFromText ? ` (${t(lang, 'story.dateFromText')})` : ''}`] : [];
        for (const part of [...facts.topics, ...facts.entities.map((e) => e.name), ...date, ...facts.amounts.map((a) => formatAmount(lang, a))]) {
          rest = rest.replace(part, '');
        }
        // Separators: the middle dot between parts, and each language's list comma (", ", Arabic "، ", Chinese "、").
        expect(rest.replace(/[\s·,،、]/g, ''), `${item.id}/${lang}: ${line}`).toBe('');
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });

  it('English channel, Arabic press item: language, topic, entities in English, and only the date its text states (said so)', () => {
    const arabic = items.find((i) => i.analysis.lang === 'ar')!;
    const [view] = buildStoryViews([arabic], { taxonomy, uiLang: 'en', entityNames: analyzer.entityNames });
    expect(view!.facts).toMatch(/^From Arabic · Paris Call for Trust and Security in Cyberspace · Kaspersky, Emmanuel Macron/);
    expect(view!.facts).toContain('UNESCO');
    // The file has no publication date; its text says "12 نوفمبر/تشرين الثاني" and "13 نوفمبر 2018" (issue 15):
    // the line gives that date and says where it came from, never an invented one.
    expect([arabic.published?.toISOString(), arabic.publishedSource]).toEqual(['2018-11-12T00:00:00.000Z', 'text']);
    expect(view!.facts).toMatch(/ · 12 Nov 2018 \(date from text\)$/);
    // The verbatim summary stays as it was.
    expect(view!.summary).toEqual(arabic.analysis.summary.slice(0, 3));
  });

  it('amounts with their units, in the reader language', () => {
    const fr = items.find((i) => i.id === 'fr-amounts')!;
    const ru = items.find((i) => i.id === 'ru-amounts')!;
    const en = (item: AnalyzedItem) => buildStoryViews([item], { taxonomy, uiLang: 'en', entityNames: analyzer.entityNames })[0]!.facts!;
    // Topics are whatever the analysis found (the topic model may add some); the rest is exact.
    const topics = (item: AnalyzedItem, lang: string) => item.analysis.topics.slice(0, 3).map((tp) => topicName(taxonomy, tp.slug, lang)).join(', ');
    expect(en(fr)).toBe(`From French · ${topics(fr, 'en')} · France, ANSSI, Emmanuel Macron · 12 Nov 2026 · €3m`);
    expect(en(ru)).toBe(`From Russian · ${topics(ru, 'en')} · Russia, Kaspersky · 2 Oct 2026 · RUB\u00A01.5bn, 12.5%`);
    const de = buildStoryViews([ru], { taxonomy, uiLang: 'de', entityNames: analyzer.entityNames })[0]!.facts!;
    expect(de).toBe(`Originalsprache: Russisch · ${topics(ru, 'de')} · Russland, Kaspersky · 2. Okt. 2026 · 1,5\u00A0Mrd.\u00A0RUB, 12,5\u00A0%`);
  });

  it('no line for an item in the reader language or of unknown language, and the English names without a gazetteer', () => {
    const fr = items.find((i) => i.id === 'fr-amounts')!;
    expect(buildStoryViews([fr], { taxonomy, uiLang: 'fr' })[0]!.facts).toBeUndefined();
    expect(buildStoryViews([{ ...fr, analysis: { ...fr.analysis, lang: 'und' } }], { taxonomy, uiLang: 'en' })[0]!.facts).toBeUndefined();
    expect(buildStoryViews([fr], { taxonomy, uiLang: 'zh', entityNames: NO_ENTITY_NAMES })[0]!.facts).toMatch(/^原文语言：法语 · /);
  });
});
