/**
 * Digest composition with machine translation (issue 16): `--channels` English channels follow one
 * topic whose stories are told in 8 other languages. The same digests are composed without a
 * translator, then with a fake provider that answers in 200 ms once its cache is warm (one digest
 * fills it). Reports both p99s and their ratio; the goal is translated <= 1.2 x untranslated.
 */
import { ManualClock } from '../../src/clock.js';
import { createDigestService } from '../../src/digests/create-digest-service.js';
import { silentLogger } from '../../src/logger.js';
import type { TopicNameSource } from '../../src/replies/story-view.js';
import { openStore } from '../../src/store/store.js';
import { demoTranslator } from '../../src/translate/demo-translator.js';
import { TranslationService } from '../../src/translate/translation-service.js';
import { makeItem } from '../../test/helpers/item-factory.js';
import { emit, flag, percentile, round } from '../bench-util.js';

const channels = Number(flag('--channels', '200'));
const NOW = new Date('2026-11-23T09:00:00Z');
const LANGS = ['ar', 'fr', 'de', 'ru', 'lt', 'pl', 'zh', 'es'];
const taxonomy: TopicNameSource = { topics: [{ slug: 'paris-call', names: { en: 'Paris Call' } }] };

const store = await openStore({ dataDir: 'memory://' });
const items = Array.from({ length: 40 }, (_, i) => {
  const lang = LANGS[i % LANGS.length]!;
  return makeItem(
    { id: `tr-${i}`, sourceId: `src-${lang}`, url: `https://news.example/${i}`, title: `Story ${i} title in ${lang}`, published: new Date(NOW.getTime() - (i + 1) * 3_600_000), lang },
    { lang, story: `S-${i}`, topics: [{ slug: 'paris-call', score: 2 }], summary: [`First sentence of story ${i}.`, `Second sentence, 3 million euros.`] },
  );
});
await store.items.upsert(items);
const ids = Array.from({ length: channels }, (_, i) => `demo:bench-tr-${i}`);
for (const id of ids) await store.channels.update(id, { topics: ['paris-call'] }, NOW);

const clock = new ManualClock(NOW);
const plain = createDigestService({ store, taxonomy, clock, logger: silentLogger });
const service = new TranslationService({ translator: demoTranslator({ delayMs: 200 }), store: store.translations, logger: silentLogger, budgetMs: 5000 });
const translated = createDigestService({ store, taxonomy, clock, logger: silentLogger, translations: service });

async function times(digests: typeof plain): Promise<number[]> {
  const out: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    const composed = await digests.composeForDelivery(id, NOW);
    out.push(performance.now() - t);
    if (!composed.doc) throw new Error(`no digest for ${id}`);
  }
  return out;
}

await times(plain); // warm the code paths and PGlite's caches alike for both runs
const cold = performance.now();
await translated.composeForDelivery(ids[0]!, NOW); // fills the translation cache (one call per source language)
const warmMs = performance.now() - cold;
const callsBefore = service.calls;
// Interleave repeated rounds so machine load falls on both alike.
const without: number[] = [];
const withTr: number[] = [];
for (let round = 0; round < 3; round++) {
  without.push(...(await times(plain)));
  withTr.push(...(await times(translated)));
}
const p99 = percentile(without, 99);
const p99Tr = percentile(withTr, 99);
emit({
  digest_compose_ms_p99: round(p99, 1),
  digest_compose_ms_p99_translated: round(p99Tr, 1),
  digest_compose_translated_ratio: round(p99Tr / p99, 2),
  digest_compose_ms_first_translated: round(warmMs, 0),
  translate_provider_calls_warm: service.calls - callsBefore,
  translate_channels: channels,
});
await store.close();
