import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import type { Analyzer } from '../../src/analysis/analyzer.js';
import type { Item } from '../../src/items/item.js';

// Written for this test: two different events that both name Kaspersky (Russian, Arabic), and one
// event told in English and Ukrainian. All four are published within two days.
function item(id: string, lang: string, published: string, title: string, content: string): Item {
  const at = new Date(published);
  return { id, sourceId: 'test', url: `https://example.org/${id}`, title, content, published: at, fetchedAt: at, author: null, categories: [], lang };
}

const RU_CENTRE = item(
  'ru-centre',
  'ru',
  '2019-03-05T09:00:00Z',
  '«Лаборатория Касперского» переносит обработку данных европейских клиентов в Цюрих',
  '«Лаборатория Касперского» начала переносить в Цюрих хранение и обработку данных, которые присылают её защитные продукты у клиентов в Европе. Компания рассчитывает развеять опасения европейских регуляторов и открывает там же центр, где партнёры могут изучать её исходный код.',
);

const AR_NORMS = item(
  'ar-norms',
  'ar',
  '2019-03-06T11:00:00Z',
  'الفريق العامل المفتوح العضوية في الأمم المتحدة يناقش قواعد السلوك المسؤول للدول في الفضاء السيبراني',
  'عقد الفريق العامل المفتوح العضوية التابع للأمم المتحدة جلسة تشاورية مع القطاع الخاص والمجتمع المدني حول قواعد السلوك المسؤول للدول في الفضاء السيبراني. وتحدث ممثلون عن عدة شركات، منها كاسبرسكي، عن حماية البنية الأساسية للإنترنت من الهجمات التي ترعاها الدول.',
);

const EN_GRID = item(
  'en-grid',
  'en',
  '2022-04-12T08:00:00Z',
  'Ukraine stops Sandworm attempt to black out an energy company',
  'CERT-UA said the Sandworm group tried to switch off high-voltage substations of a Ukrainian energy company with Industroyer2, a new version of the Industroyer malware, together with data-wiping programs. The attack was set for the evening of 8 April and was stopped with the help of ESET.',
);

const UK_GRID = item(
  'uk-grid',
  'uk',
  '2022-04-12T12:30:00Z',
  'Sandworm намагалася знеструмити енергокомпанію: CERT-UA зупинила атаку',
  'Урядова команда CERT-UA повідомила, що угруповання Sandworm намагалося вивести з ладу високовольтні підстанції однієї з українських енергокомпаній за допомогою Industroyer2, нової версії шкідливої програми Industroyer, та програм для знищення даних. Атаку планували на вечір 8 квітня, її вдалося зупинити разом з ESET.',
);

let analyzer: Analyzer;
beforeAll(async () => {
  analyzer = await createAnalyzer();
}, 60_000);

describe('stories across scripts need more than one shared organisation (story-grouper.ts)', () => {
  it('keeps apart two events in two scripts that only share a company, however the batch is ordered', () => {
    for (const batch of [[RU_CENTRE, AR_NORMS], [AR_NORMS, RU_CENTRE]]) {
      const [a, b] = analyzer.analyze(batch);
      // Both name Kaspersky (the gazetteer entity and its transliterated skeleton are one tie, not two).
      expect(a!.analysis.entities.map((e) => e.id)).toContain('kaspersky');
      expect(b!.analysis.entities.map((e) => e.id)).toContain('kaspersky');
      expect(a!.analysis.story).not.toBe(b!.analysis.story);
    }
  });

  it('groups one event told in two scripts (a CERT, a threat group, malware, a company and a date in common)', () => {
    const [en, uk] = analyzer.analyze([EN_GRID, UK_GRID]);
    expect(uk!.analysis.story).toBe(en!.analysis.story);
  });

  it('keeps the four apart as two events and one story in one batch', () => {
    const out = analyzer.analyze([RU_CENTRE, EN_GRID, AR_NORMS, UK_GRID]);
    const story = new Map(out.map((r) => [r.id, r.analysis.story]));
    expect(story.get('en-grid')).toBe(story.get('uk-grid'));
    expect(new Set(story.values()).size).toBe(3);
  });
});
