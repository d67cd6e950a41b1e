import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadCoreConfig } from '../../src/config.js';
import { createDigestService, type FullDigestService } from '../../src/digests/create-digest-service.js';
import { silentLogger } from '../../src/logger.js';
import { ACTION } from '../../src/replies/action-ids.js';
import type { ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createTranslator } from '../../src/translate/create-translator.js';
import { deeplEndpoint } from '../../src/translate/deepl.js';
import { TranslationService } from '../../src/translate/translation-service.js';
import { testTaxonomy } from '../commands/fixtures.js';
import { createHarness, openSeededStore, resetSettings, textOf } from '../commands/harness.js';
import { makeItem } from '../helpers/item-factory.js';
import { fakeDeepL, fakeLibreTranslate, fakeOpenAiChat, fakeTranslation, type FakeProvider } from './fake-translate-servers.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const CH = 'demo:translated';
const BUDGET_MS = 400;
// "On time": the budget plus room for a loaded 2-core machine, still under the slow provider's 2,500 ms.
const ON_TIME_MS = BUDGET_MS + 1600;

const stories = (doc: ReplyDocument | null): StoryView[] => (doc?.blocks ?? []).flatMap((b) => (b.type === 'story' ? [b.story] : []));

function seed() {
  const at = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
  const item = (id: string, lang: string, story: string, title: string, summary: string[]) =>
    makeItem({ id, sourceId: `src-${id}`, url: `https://news.example/${id}`, title, published: at(24), lang }, { lang, story, topics: [{ slug: 'paris-call', score: 3 }], summary });
  return [
    item('ar-1', 'ar', 'S-ar', 'كاسبرسكي تدعم نداء باريس', ['قالت الشركة إنها تدعم نداء باريس.', 'ووقعت على المبادرة في 2018.']),
    item('fr-1', 'fr', 'S-fr', "L'Appel de Paris gagne dix soutiens", ["L'Appel de Paris gagne dix soutiens."]),
    item('en-1', 'en', 'S-en', 'Paris Call working group meets', ['The working group met in Geneva.']),
  ];
}

interface Setup {
  name: string;
  provider: string;
  start(): Promise<FakeProvider>;
  env(fake: FakeProvider): NodeJS.ProcessEnv;
}

const SETUPS: Setup[] = [
  {
    name: 'libretranslate',
    provider: 'LibreTranslate',
    start: () => fakeLibreTranslate('lt-secret-key-1234'),
    env: (fake) => ({ TRANSLATE_PROVIDER: 'libretranslate', TRANSLATE_URL: fake.url, TRANSLATE_API_KEY: 'lt-secret-key-1234' }),
  },
  {
    name: 'deepl',
    provider: 'DeepL',
    start: () => fakeDeepL('0c6e1f4b-deepl-secret:fx'),
    env: (fake) => ({ TRANSLATE_PROVIDER: 'deepl', DEEPL_API_KEY: '0c6e1f4b-deepl-secret:fx', DEEPL_API_URL: `${fake.url}/v2/translate` }),
  },
  {
    name: 'openai',
    provider: 'qwen2.5:7b',
    start: () => fakeOpenAiChat('qwen2.5:7b', 'sk-local-secret-5678'),
    env: (fake) => ({ TRANSLATE_PROVIDER: 'openai', TRANSLATE_URL: `${fake.url}/v1`, TRANSLATE_MODEL: 'qwen2.5:7b', TRANSLATE_API_KEY: 'sk-local-secret-5678' }),
  },
];

describe.each(SETUPS)('machine translation through $name (fake server on 127.0.0.1, documented request and response shapes)', (setup) => {
  let store: Store;
  let fake: FakeProvider;
  let nowMs: number;
  let service: TranslationService;
  let digests: FullDigestService;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    fake = await setup.start();
  }, 120_000);
  afterAll(async () => {
    await fake.close();
    await store.close();
  });
  beforeEach(async () => {
    await store.database.query('TRUNCATE items, channels, deliveries, sent_stories, translations');
    await store.items.upsert(seed());
    await store.channels.update(CH, { topics: ['paris-call'] }, NOW);
    fake.mode = { kind: 'ok' };
    fake.requests.length = 0;
    nowMs = NOW.getTime();
    const translator = createTranslator(loadCoreConfig(setup.env(fake)))!;
    service = new TranslationService({ translator, store: store.translations, logger: silentLogger, budgetMs: BUDGET_MS, now: () => nowMs });
    digests = createDigestService({ store, taxonomy: testTaxonomy(), clock: new ManualClock(NOW), logger: silentLogger, translations: service });
  });

  async function compose(): Promise<{ views: StoryView[]; ms: number }> {
    const started = performance.now();
    const composed = await digests.composeForDelivery(CH, NOW);
    return { views: stories(composed.doc), ms: performance.now() - started };
  }
  const byLang = (views: StoryView[], lang: string) => views.find((v) => v.lang === lang)!;

  it('shows translations, marked, with "Show original"; the second digest makes 0 provider calls', async () => {
    // A budget no loaded machine misses: this test is about what is shown and cached, not about time.
    const translator = createTranslator(loadCoreConfig(setup.env(fake)))!;
    service = new TranslationService({ translator, store: store.translations, logger: silentLogger, budgetMs: 10_000, now: () => nowMs });
    digests = createDigestService({ store, taxonomy: testTaxonomy(), clock: new ManualClock(NOW), logger: silentLogger, translations: service });
    const first = await compose();
    const ar = byLang(first.views, 'ar');
    expect(ar.translation).toEqual({
      title: fakeTranslation('en', 'كاسبرسكي تدعم نداء باريس'),
      summary: [fakeTranslation('en', 'قالت الشركة إنها تدعم نداء باريس.'), fakeTranslation('en', 'ووقعت على المبادرة في 2018.')],
      mark: `machine translation (${setup.provider})`,
    });
    // The verbatim text stays in the view, the key facts too, and the button that shows it.
    expect(ar.summary).toEqual(['قالت الشركة إنها تدعم نداء باريس.', 'ووقعت على المبادرة في 2018.']);
    expect(ar.facts).toBe('From Arabic · Paris Call · 22 Nov 2026');
    expect(ar.actions.at(-1)).toEqual({ id: ACTION.showOriginal, label: 'Show original', value: 'S-ar' });
    expect(byLang(first.views, 'fr').translation!.title).toBe(fakeTranslation('en', "L'Appel de Paris gagne dix soutiens"));
    expect(byLang(first.views, 'en').translation).toBeUndefined();
    const calls = fake.requests.length;
    // One request per source language (each within the provider's batch limits).
    expect(calls).toBe(2);
    expect((await store.translations.find(['ar-1', 'fr-1'], 'en')).length).toBe(5);

    const second = await compose();
    expect(fake.requests.length - calls).toBe(0);
    expect(byLang(second.views, 'ar').translation).toEqual(ar.translation);
  });

  it('a provider that times out leaves the digest on time with key-facts lines; a later digest gets the translation', async () => {
    fake.mode = { kind: 'slow', delayMs: 2500 };
    const first = await compose();
    expect(first.ms).toBeLessThan(ON_TIME_MS);
    expect(byLang(first.views, 'ar').translation).toBeUndefined();
    expect(byLang(first.views, 'ar').facts).toBe('From Arabic · Paris Call · 22 Nov 2026');
    // The request goes on in the background and fills the cache.
    await waitFor(async () => (await store.translations.find(['ar-1', 'fr-1'], 'en')).length === 5, 10_000);
    const calls = fake.requests.length;
    const later = await compose();
    expect(byLang(later.views, 'ar').translation?.mark).toBe(`machine translation (${setup.provider})`);
    expect(fake.requests.length).toBe(calls);
  }, 30_000);

  it('429 with Retry-After: on time with key-facts lines, no call until Retry-After has passed, then translated', async () => {
    fake.mode = { kind: '429', retryAfter: '120' };
    const first = await compose();
    expect(first.ms).toBeLessThan(ON_TIME_MS);
    expect(first.views.every((v) => v.translation === undefined)).toBe(true);
    const asked = fake.requests.length;
    expect(asked).toBeGreaterThan(0);
    fake.mode = { kind: 'ok' };
    nowMs += 60_000;
    expect(stories((await digests.composeForDelivery(CH, NOW)).doc).every((v) => v.translation === undefined)).toBe(true);
    expect(fake.requests.length).toBe(asked);
    nowMs += 61_000;
    const later = await compose();
    expect(byLang(later.views, 'ar').translation).toBeDefined();
  });

  it('500: on time with key-facts lines, and a later digest gets the translation', async () => {
    fake.mode = { kind: '500' };
    const first = await compose();
    expect(first.ms).toBeLessThan(ON_TIME_MS);
    expect(byLang(first.views, 'fr').translation).toBeUndefined();
    expect(byLang(first.views, 'fr').facts).toBe('From French · Paris Call · 22 Nov 2026');
    fake.mode = { kind: 'ok' };
    nowMs += 31_000;
    const later = await compose();
    expect(byLang(later.views, 'fr').translation).toBeDefined();
  });
});

describe('provider endpoints', () => {
  it('DeepL: API Free keys (":fx") use the free endpoint, others the pro one', () => {
    expect(deeplEndpoint('abc:fx')).toBe('https://api-free.deepl.com/v2/translate');
    expect(deeplEndpoint('abc')).toBe('https://api.deepl.com/v2/translate');
  });

  it('names the missing variable for a provider that needs one; none means off', () => {
    expect(createTranslator(loadCoreConfig({}))).toBeNull();
    expect(() => createTranslator(loadCoreConfig({ TRANSLATE_PROVIDER: 'deepl' }))).toThrow('environment variable DEEPL_API_KEY');
    expect(() => createTranslator(loadCoreConfig({ TRANSLATE_PROVIDER: 'openai', TRANSLATE_URL: 'http://127.0.0.1:1/v1' }))).toThrow('environment variable TRANSLATE_MODEL');
    expect(createTranslator(loadCoreConfig({ TRANSLATE_PROVIDER: 'demo' }))!.demo).toBe(true);
  });
});

describe('through the commands', () => {
  let store: Store;
  let fake: FakeProvider;
  beforeAll(async () => {
    store = await openSeededStore();
    fake = await fakeLibreTranslate();
  }, 120_000);
  afterAll(async () => {
    await fake.close();
    await store.close();
  });
  afterEach(async () => {
    await resetSettings(store);
    await store.database.query('DELETE FROM translations');
  });

  it('"Show original" shows the verbatim text; search stays on the original text', async () => {
    const translator = createTranslator(loadCoreConfig({ TRANSLATE_PROVIDER: 'libretranslate', TRANSLATE_URL: fake.url }))!;
    const translations = new TranslationService({ translator, store: store.translations, logger: silentLogger, budgetMs: 2000 });
    const h = createHarness(store, { translations });
    const reply = await h.ask('demo:en', 'paris-call');
    const arabic = stories(reply).find((s) => s.lang === 'ar')!;
    expect(arabic.translation!.title).toBe(fakeTranslation('en', 'نداء باريس يحتفل بذكراه'));
    const original = await h.press('demo:en', ACTION.showOriginal, arabic.id);
    expect(original.visibility).toBe('private');
    expect(textOf(original).split('\n')).toEqual(['Original (Arabic)', 'نداء باريس يحتفل بذكراه']);
    expect(stories(original)[0]!.summary).toEqual(['نداء باريس يحتفل بذكراه.']);
    expect(stories(original)[0]!.translation).toBeUndefined();
    // The translations are cached, never indexed: a word only they contain finds nothing.
    expect(textOf(await h.ask('demo:en', 'search zzyzx'))).toContain('No stories found.');
  });

  it('the demo provider is labelled as a demonstration that tags text', async () => {
    const translator = createTranslator(loadCoreConfig({ TRANSLATE_PROVIDER: 'demo' }))!;
    const translations = new TranslationService({ translator, store: store.translations, logger: silentLogger, budgetMs: 2000 });
    const h = createHarness(store, { translations });
    const arabic = stories(await h.ask('demo:fr', 'paris-call')).find((s) => s.lang === 'ar')!;
    // A French channel that follows nothing yet still reads in English until `language fr`.
    expect(arabic.translation!.mark).toBe('demonstration: text tagged, not translated (demo translator)');
    expect(arabic.translation!.title).toBe('[ar→en] نداء باريس يحتفل بذكراه');
    await h.ask('demo:fr', 'language fr');
    const fr = stories(await h.ask('demo:fr', 'paris-call')).find((s) => s.lang === 'ar')!;
    expect(fr.translation!.mark).toBe('démonstration : texte marqué, non traduit (demo translator)');
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
