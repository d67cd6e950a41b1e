import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderText } from '../../src/replies/render-text.js';
import type { Store } from '../../src/store/store.js';
import { createHarness, openSeededStore, resetSettings, textOf, type Harness } from '../commands/harness.js';

const AVAILABLE_EN =
  'Available languages: en (English), ar (العربية), de (Deutsch), es (español), fr (français), lt (lietuvių), pl (polski), ru (русский), uk (українська), zh (中文).';

describe('language: the channel reading language', () => {
  let store: Store;
  let h: Harness;
  beforeAll(async () => {
    store = await openSeededStore();
  }, 120_000);
  afterAll(async () => store.close());
  beforeEach(async () => {
    await resetSettings(store);
    h = createHarness(store);
  });

  it('`language` alone shows English at first, with the available languages', async () => {
    const doc = await h.ask('demo:1', 'language');
    expect(doc.isError).toBeUndefined();
    expect(textOf(doc)).toBe(`This channel reads in English (en).\n${AVAILABLE_EN}`);
    expect(doc.lang).toBe('en');
  });

  it('`language lt` stores Lithuanian for this channel only and answers in Lithuanian', async () => {
    const doc = await h.ask('demo:lt', 'language lt');
    expect(doc.lang).toBe('lt');
    expect(textOf(doc).split('\n')[0]).toBe('Šio kanalo kalba dabar: lietuvių (lt).');
    expect((await store.channels.get('demo:lt'))!.uiLang).toBe('lt');
    expect((await store.channels.get('demo:other'))?.uiLang ?? 'en').toBe('en');
    expect(textOf(await h.ask('demo:other', 'list'))).toContain('Topics: none yet.');
    // Everything after is in Lithuanian: headings, buttons, dates, "Also in", "Showing N of M".
    const reply = await h.ask('demo:lt', 'paris-call');
    expect(reply.lang).toBe('lt');
    const text = renderText(reply);
    expect(text).toContain('Paryžiaus kvietimas: naujausios naujienos');
    expect(text).toContain('Taip pat kalbomis: ');
    expect(text).toMatch(/Paskelbta 2026 m\. lapkričio \d+ d\./);
    expect(text).toMatch(/Rodoma \d+ iš \d+ · naujausios pirmiau/);
    const labels = reply.blocks.flatMap((b) => (b.type === 'story' ? b.story.actions.map((a) => a.label) : []));
    expect(new Set(labels)).toEqual(new Set(['Prenumeruoti šią temą', 'Nutildyti šią naujieną', 'Daugiau panašių', 'Kodėl?']));
  });

  it('accepts a locale or a language name, and refuses others with the list of languages', async () => {
    expect((await h.ask('demo:a', 'language fr-FR')).lang).toBe('fr');
    expect((await h.ask('demo:b', 'language Deutsch')).lang).toBe('de');
    expect((await h.ask('demo:c', 'language russian')).lang).toBe('ru');
    const bad = await h.ask('demo:d', 'language xx');
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toBe(`"xx" is not one of the languages I speak.\n${AVAILABLE_EN}\nUsage: language [code]`);
    expect((await store.channels.get('demo:d'))!.uiLang).toBe('en');
  });

  it('an unknown language in a French channel is refused in French', async () => {
    await h.ask('demo:fr', 'language fr');
    const bad = await h.ask('demo:fr', 'language klingon');
    expect(textOf(bad).split('\n')[0]).toBe('« klingon » ne fait pas partie des langues que je parle.');
    expect(textOf(bad).split('\n').at(-1)).toBe('Utilisation : language [code]');
  });

  it('help language explains it, in the channel language', async () => {
    expect(textOf(await h.ask('demo:1', 'help language'))).toBe(
      'Usage: language [code]\nShow or set the language this channel reads in.\n`language fr` makes the bot answer and write digests in French in this channel; `language` alone shows the current one. Items in other languages keep their original summary, with a line of key facts in this language under it.\nExample: language fr',
    );
    await h.ask('demo:1', 'language de');
    expect(textOf(await h.ask('demo:1', 'help')).split('\n')[0]).toBe('cyberpolicy: Nachrichten zur Cyberpolitik in diesem Kanal');
  });

  it('a channel first used by someone whose platform locale the bot speaks starts in it; otherwise English', async () => {
    expect((await h.ask('teams:t1:c1', 'list', { locale: 'uk-UA' })).lang).toBe('uk');
    expect((await store.channels.get('teams:t1:c1'))!.uiLang).toBe('uk');
    // Only on creation: a later user's locale does not change it.
    expect((await h.ask('teams:t1:c1', 'list', { locale: 'pl-PL' })).lang).toBe('uk');
    expect((await h.ask('teams:t1:c2', 'list', { locale: 'pt-BR' })).lang).toBe('en');
  });
});
