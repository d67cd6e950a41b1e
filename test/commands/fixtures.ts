import { compileTaxonomy, type Taxonomy } from '../../src/analysis/taxonomy-loader.js';
import { entityToken } from '../../src/analysis/search-text.js';
import { TaxonomySchema } from '../../src/analysis/taxonomy.js';
import type { AnalyzedItem } from '../../src/items/item.js';
import { makeItem } from '../helpers/item-factory.js';

/** A small taxonomy in the real schema, so command tests do not depend on digests/topics.json edits. */
export function testTaxonomy(): Taxonomy {
  return compileTaxonomy(
    TaxonomySchema.parse({
      version: 1,
      topics: [
        {
          slug: 'paris-call',
          names: { en: 'Paris Call', fr: 'Appel de Paris', ar: 'نداء باريس', ru: 'Парижский призыв', lt: 'Paryžiaus kvietimas' },
          aliases: { en: ['Paris Call for Trust and Security in Cyberspace'], fr: ["Appel de Paris pour la confiance et la sécurité dans le cyberespace"] },
        },
        { slug: 'ransomware', names: { en: 'Ransomware', fr: 'Rançongiciels', de: 'Ransomware', ar: 'برامج الفدية' } },
        { slug: 'cyber-norms', names: { en: 'Cyber norms', fr: 'Normes cyber' }, aliases: { en: ['responsible state behaviour'] } },
        { slug: 'data-protection', names: { en: 'Data protection', fr: 'Protection des données', de: 'Datenschutz' }, aliases: { en: ['GDPR'] } },
      ],
    }),
  );
}

const DAY = 86_400_000;

/** Analysed items: Paris Call stories in three languages (one story told twice), ransomware, data protection. */
export function seedItems(now = new Date('2026-11-20T12:00:00Z')): AnalyzedItem[] {
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY);
  const paris = (id: string, daysAgo: number, lang: string, story: string, title: string, extra: Partial<AnalyzedItem['analysis']> = {}) =>
    makeItem(
      { id, sourceId: `src-${lang}`, url: `https://news-${lang}.example/${id}`, title, published: at(daysAgo), fetchedAt: at(daysAgo) },
      { lang, story, topics: [{ slug: 'paris-call', score: 3 }], summary: [`${title}.`], ...extra },
    );
  return [
    paris('pc-en-1', 1, 'en', 'story-pc-1', 'Paris Call gains ten new supporters'),
    paris('pc-fr-1', 2, 'fr', 'story-pc-1', "L'Appel de Paris gagne dix soutiens"),
    paris('pc-ar-1', 3, 'ar', 'story-pc-2', 'نداء باريس يحتفل بذكراه'),
    paris('pc-en-2', 40, 'en', 'story-pc-3', 'Paris Call working group meets in Geneva', {
      entities: [{ id: 'org:un', name: 'United Nations', type: 'organization', surface: 'UN' }],
    }),
    paris('pc-en-3', 200, 'en', 'story-pc-4', 'Paris Call anniversary: five years on'),
    paris('pc-en-4', 400, 'en', 'story-pc-5', 'Paris Call launched at the Internet Governance Forum'),
    paris('pc-en-5', 500, 'en', 'story-pc-6', 'Old Paris Call story six'),
    makeItem(
      { id: 'rw-en-1', sourceId: 'src-en', url: 'https://news-en.example/rw-en-1', title: 'Ransomware hits hospitals', published: at(5), fetchedAt: at(5) },
      {
        lang: 'en', story: 'story-rw-1', topics: [{ slug: 'ransomware', score: 3 }], summary: ['Ransomware hits hospitals.'],
        entities: [{ id: 'org:kaspersky', name: 'Kaspersky', type: 'organization', surface: 'Kaspersky' }], searchText: `ransomware hospital ${entityToken('org:kaspersky')}`,
      },
    ),
    makeItem(
      { id: 'rw-ar-1', sourceId: 'src-ar', url: 'https://news-ar.example/rw-ar-1', title: 'كاسبرسكي تحذر من برامج الفدية', published: at(6), fetchedAt: at(6) },
      {
        lang: 'ar', story: 'story-rw-2', topics: [{ slug: 'ransomware', score: 3 }], summary: ['كاسبرسكي تحذر من برامج الفدية.'],
        entities: [{ id: 'org:kaspersky', name: 'Kaspersky', type: 'organization', surface: 'كاسبرسكي' }], searchText: `كاسبرسكي ${entityToken('org:kaspersky')}`,
      },
    ),
    makeItem(
      { id: 'dp-de-1', sourceId: 'src-de', url: null, title: 'Datenschutz: neue Regeln', published: null, fetchedAt: at(8) },
      { lang: 'de', story: 'story-dp-1', topics: [{ slug: 'data-protection', score: 2 }, { slug: 'paris-call', score: 1.3 }], summary: [] },
    ),
  ];
}
