import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../../src/analysis/analyzer.js';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import { createLanguageDetector, type LanguageDetector } from '../../src/analysis/detect-language.js';
import { cleanWhitespace } from '../../src/analysis/summarize.js';
import type { AnalyzedItem, Item } from '../../src/items/item.js';
import { packageRoot } from '../../src/package-root.js';
import { storeBackends } from '../helpers/store-backends.js';

/** A seed file: first line is the title, the rest the content. */
function seedItem(file: string, over: Partial<Item> = {}): Item {
  const raw = readFileSync(join(packageRoot(), 'digests/samples', file), 'utf8');
  const nl = raw.indexOf('\n');
  return {
    id: file.replace(/\.txt$/, ''),
    sourceId: 'seed',
    url: null,
    title: (nl < 0 ? raw : raw.slice(0, nl)).trim(),
    content: nl < 0 ? '' : raw.slice(nl + 1).trim(),
    published: null,
    fetchedAt: new Date('2018-11-14T08:00:00Z'),
    author: null,
    categories: [],
    lang: null,
    ...over,
  };
}

let analyzer: Analyzer;
let detector: LanguageDetector;
let lt: AnalyzedItem;
let ar: AnalyzedItem;

beforeAll(async () => {
  [analyzer, detector] = await Promise.all([createAnalyzer(), createLanguageDetector()]);
  [lt, ar] = analyzer.analyze([seedItem('000_9d3fa56a83e923b6.txt'), seedItem('003_6a0df7d2b21cfab0.txt')]);
});

function expectVerbatimSummary(item: AnalyzedItem, lang: string): void {
  const source = cleanWhitespace(`${item.title}\n${item.content}`);
  expect(item.analysis.summary.length).toBeGreaterThanOrEqual(1);
  expect(item.analysis.summary.length).toBeLessThanOrEqual(3);
  expect(item.analysis.summary.join(' ').length).toBeLessThanOrEqual(400);
  for (const s of item.analysis.summary) expect(source.includes(s.replace(/…$/, ''))).toBe(true);
  expect(detector.detect(item.analysis.summary.join(' '))).toBe(lang);
}

describe('createAnalyzer on the seeds', () => {
  it('Lithuanian seed: lt, main topic council-of-europe, Kaspersky, Council of Europe, Jagland', () => {
    expect(lt.analysis.lang).toBe('lt');
    expect(lt.analysis.topics[0]?.slug).toBe('council-of-europe');
    const ids = lt.analysis.entities.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['kaspersky', 'council-of-europe', 'thorbjorn-jagland']));
    expectVerbatimSummary(lt, 'lt');
  });

  it('Arabic seed: ar, main topic paris-call, Kaspersky and Emmanuel Macron', () => {
    expect(ar.analysis.lang).toBe('ar');
    expect(ar.analysis.topics[0]?.slug).toBe('paris-call');
    const ids = ar.analysis.entities.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['kaspersky', 'emmanuel-macron']));
    expectVerbatimSummary(ar, 'ar');
  });

  it('the two seeds are different stories, with stable ids', () => {
    expect(lt.analysis.story).not.toBe(ar.analysis.story);
    expect(lt.analysis.story).toMatch(/^s_[0-9a-f]{16}$/);
    const again = analyzer.analyze([seedItem('003_6a0df7d2b21cfab0.txt'), seedItem('000_9d3fa56a83e923b6.txt')]);
    expect(again.map((i) => i.analysis.story)).toEqual([ar.analysis.story, lt.analysis.story]);
  });

  it('fills the fingerprint: simhash, dates and numbers', () => {
    expect(ar.analysis.fingerprint.simhash).toMatch(/^[0-9a-f]{16}$/);
    expect(ar.analysis.fingerprint.numbers).toEqual(expect.arrayContaining(['11-12', '2018-11-13', '2018']));
    expect(lt.analysis.fingerprint.numbers).toEqual(expect.arrayContaining(['2016', '2019']));
  });

  it('a re-published copy joins the known story and takes its id', () => {
    const copy = seedItem('003_6a0df7d2b21cfab0.txt', { id: 'copy-of-ar', sourceId: 'other', fetchedAt: new Date('2018-11-15T08:00:00Z') });
    copy.content = copy.content.replace('بتاريخ 12 نوفمبر', 'في 12 نوفمبر');
    const [joined] = analyzer.analyze([copy], { known: [lt, ar] });
    expect(joined!.analysis.story).toBe(ar.analysis.story);
  });

  it('a known item given by reference (id, story, simhash) counts when its facts are cached, and only then', async () => {
    const ref = { id: ar.id, story: ar.analysis.story, simhash: ar.analysis.fingerprint.simhash };
    expect(analyzer.uncachedKnown([ref])).toEqual([]);
    expect(analyzer.uncachedKnown([{ ...ref, simhash: '0123456789abcdef' }, { id: 'never-seen', story: 's_x', simhash: ref.simhash }])).toEqual([ar.id, 'never-seen']);
    const copy = seedItem('003_6a0df7d2b21cfab0.txt', { id: 'copy-by-ref', sourceId: 'other', fetchedAt: new Date('2018-11-15T08:00:00Z') });
    copy.content = copy.content.replace('بتاريخ 12 نوفمبر', 'في 12 نوفمبر');
    const [joined] = analyzer.analyze([copy], { known: [ref] });
    expect(joined!.analysis.story).toBe(ar.analysis.story);
    // A fresh analyser has cached nothing: the same reference is skipped, and the copy starts its own story.
    const fresh = await createAnalyzer();
    expect(fresh.uncachedKnown([ref])).toEqual([ar.id]);
    const [alone] = fresh.analyze([{ ...copy, id: 'copy-by-ref-2' }], { known: [ref] });
    expect(alone!.analysis.story).not.toBe(ar.analysis.story);
  });

  it('searchText carries canonical entity and topic tokens', () => {
    for (const item of [lt, ar]) {
      expect(item.analysis.searchText.split(' ')).toEqual(expect.arrayContaining(['e_kaspersky', `t_${item.analysis.topics[0]!.slug.replace(/-/g, '_')}`]));
    }
  });
});

describe('edge cases', () => {
  it('an empty item gets und, no summary, an empty fingerprint and its own story', () => {
    const [item] = analyzer.analyze([{ ...seedItem('000_9d3fa56a83e923b6.txt'), id: 'empty', title: '', content: '' }]);
    expect(item!.analysis).toMatchObject({ lang: 'und', topics: [], entities: [], summary: [], fingerprint: { simhash: '0000000000000000', numbers: [], links: [] } });
    expect(item!.analysis.story).toMatch(/^s_/);
  });

  it('a Bulgarian item is analysed even where a stemmer trips over a word ("хакерите")', () => {
    const [item] = analyzer.analyze([
      { ...seedItem('000_9d3fa56a83e923b6.txt'), id: 'bg-1', title: 'Хакерите атакуваха болница в София', content: 'Хакерите поискаха откуп от болницата. Данните на пациентите са засегнати, съобщиха от болницата.' },
    ]);
    expect(item!.analysis.lang).toBe('bg');
    expect(item!.analysis.summary.length).toBeGreaterThanOrEqual(1);
  });

  it('an empty batch gives nothing', () => {
    expect(analyzer.analyze([])).toEqual([]);
  });
});

describe('searchQuery', () => {
  it('maps a word naming an entity to its canonical token', () => {
    const q = analyzer.searchQuery('Kaspersky');
    expect(q.entityIds).toEqual(['kaspersky']);
    expect(q.tsquery).toContain("'e0kaspersky'");
  });

  it('maps names in other scripts too', () => {
    expect(analyzer.searchQuery('كاسبرسكي').entityIds).toEqual(['kaspersky']);
    expect(analyzer.searchQuery('Касперский').entityIds).toEqual(['kaspersky']);
  });

  it('strips tsquery operators and returns null when nothing is left', () => {
    expect(analyzer.searchQuery("  & | ! ( ) <-> :* ' \\ ").tsquery).toBeNull();
    expect(analyzer.searchQuery('').tsquery).toBeNull();
    const q = analyzer.searchQuery("ransomware' & !(x) | y:*");
    expect(q.tsquery).not.toMatch(/!|<->|\(x\)/);
  });

  describe.each(storeBackends)('against the store ($name)', (backend) => {
    let opened: Awaited<ReturnType<typeof backend.open>>;
    let zh: AnalyzedItem;
    let ru: AnalyzedItem;
    beforeAll(async () => {
      opened = await backend.open();
      [zh, ru] = analyzer.analyze([
        { ...seedItem('000_9d3fa56a83e923b6.txt'), id: 'zh-1', title: '巴黎倡议呼吁加强网络空间的信任与安全', content: '法国总统马克龙在巴黎和平论坛上发起巴黎倡议，卡巴斯基实验室表示支持。' },
        { ...seedItem('000_9d3fa56a83e923b6.txt'), id: 'ru-1', title: 'Совет Европы подписал соглашение с технологическими компаниями', content: 'Соглашение направлено на защиту прав человека в интернете. Среди подписавших — «Лаборатория Касперского».' },
      ]) as [AnalyzedItem, AnalyzedItem];
      await opened.store.items.upsert([lt, ar, zh, ru]);
    });
    afterAll(async () => opened?.cleanup());

    const find = async (words: string) => {
      const { tsquery } = analyzer.searchQuery(words);
      return (await opened.store.items.find({ tsquery: tsquery ?? undefined })).map((i) => i.id).sort();
    };

    it('"Kaspersky" finds the Lithuanian and the Arabic item (and every other that names it)', async () => {
      expect(await find('Kaspersky')).toEqual([ar.id, lt.id, ...(zh.analysis.entities.some((e) => e.id === 'kaspersky') ? [zh.id] : []), ru.id].sort());
    });

    it('Chinese words match without word spaces; Russian inflected forms match their stem', async () => {
      // 巴黎倡议 names the Paris Call: the Arabic item about it is found too.
      expect(await find('巴黎倡议')).toEqual([ar.id, zh.id].sort());
      expect(await find('网络空间')).toEqual([zh.id]);
      expect(await find('соглашения')).toEqual([ru.id]);
      expect(await find('технологических компаний')).toEqual([ru.id]);
    });

    it('folded and inflected words find their item, and the last word matches as a prefix', async () => {
      // The Council of Europe, named in Lithuanian and inflected: the Russian item about it too.
      expect(await find('Europos Tarybos')).toEqual([lt.id, ru.id].sort());
      expect(await find('generalinis sekretorius')).toEqual([lt.id]);
      expect(await find('نداء باريس')).toEqual([ar.id, zh.id].sort());
      expect(await find('المبادرات')).toEqual([ar.id]);
      expect(await find('Jagland')).toEqual([lt.id]);
      // Entity tokens index their words too (e_emmanuel_macron): the Chinese item names 马克龙.
      expect(await find('Macr')).toEqual([ar.id, zh.id].sort());
      expect(await find('Kaspersky Jagland')).toEqual([lt.id]);
      expect(await find('zzzunknownword')).toEqual([]);
    });

    it('survives hostile input', async () => {
      expect(await find("Jagland') | (:* & ! <-> \\")).toEqual([lt.id]);
    });
  });
});
