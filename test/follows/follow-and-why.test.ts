import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { ingestItems } from '../../src/ingest/ingest-items.js';
import { loadSamplesIfEmpty } from '../../src/ingest/load-samples.js';
import type { Item } from '../../src/items/item.js';
import { silentLogger } from '../../src/logger.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import { openStore, type Store } from '../../src/store/store.js';
import { textOf } from '../commands/harness.js';

// The real core (gazetteer, analyzer, digest service) on the bundled samples, as `npm start` has it.
const NOW = '2026-12-07T11:00:00Z';
let store: Store;
let core: Core;
const clock = new ManualClock(NOW);
/** Story ids of the two real seeds (Lithuanian and Arabic press items that name Kaspersky). */
let seedStories: string[];

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  core = await createCore({ store, clock, logger: silentLogger, env: {} });
  await loadSamplesIfEmpty(store, core.analyzer, silentLogger, clock);
  // The two .txt seeds are the only Lithuanian and Arabic sample items naming Kaspersky.
  seedStories = (await store.items.find({ limit: 500 })).filter((i) => /^(lt|ar)$/.test(i.analysis.lang) && i.analysis.entities.some((e) => e.id === 'kaspersky')).map((i) => i.analysis.story);
}, 300_000);
afterAll(async () => {
  await store.close();
});

// One user per channel: the per-user limit of 20 commands a minute would otherwise stop the later tests.
const ask = (channelId: string, text: string) => core.sink.processCommand({ channelId, userId: `user-${channelId}` }, text);
const stories = (doc: ReplyDocument) => doc.blocks.flatMap((b) => (b.type === 'story' ? [b.story] : []));

function item(id: string, title: string, content: string, published: string): Item {
  return { id, sourceId: 'test-feed', url: `https://news.example/${id}`, title, content, published: new Date(published), fetchedAt: new Date(NOW), author: null, categories: [], lang: null };
}

describe('follow', () => {
  it('finds both real seeds that name Kaspersky (Lithuanian and Arabic)', () => {
    expect(new Set(seedStories).size).toBe(2);
  });

  it('follows Kaspersky as the gazetteer entity and shows the older stories naming it in any script, seeds included', async () => {
    const doc = await ask('demo:follow-1', 'follow Kaspersky');
    expect(doc.isError).toBeUndefined();
    expect(doc.blocks[0]).toEqual({ type: 'text', text: 'This channel now follows Kaspersky, in every language.' });
    expect(doc.blocks[1]).toEqual({ type: 'header', text: 'Kaspersky: newest stories' });
    const ids = stories(doc).map((s) => s.id);
    for (const seed of seedStories) expect(ids).toContain(seed);
    expect((await store.channels.get('demo:follow-1'))!.follows).toEqual([{ kind: 'entity', id: 'kaspersky', name: 'Kaspersky' }]);
    // The same name in another script is the same follow.
    expect((await ask('demo:follow-1', 'follow Касперский')).blocks[0]).toEqual({ type: 'text', text: 'This channel already follows Kaspersky.' });
  });

  it('suggests the entity for a near spelling, and follows a quoted phrase as words', async () => {
    const doc = await ask('demo:follow-2', 'follow Kasperski');
    expect(doc.isError).toBe(true);
    expect(textOf(doc).split('\n').slice(0, 3)).toEqual([
      'I don\'t know the name “Kasperski”.',
      'Did you mean `follow Kaspersky`?',
      'To follow the words as written: `follow "Kasperski"`.',
    ]);
    expect((await store.channels.get('demo:follow-2'))!.follows).toEqual([]);
    const quoted = await ask('demo:follow-2', 'follow "zero trust"');
    expect(quoted.blocks[0]).toEqual({ type: 'text', text: 'This channel now follows the words “zero trust”.' });
    const [follow] = (await store.channels.get('demo:follow-2'))!.follows;
    expect(follow).toMatchObject({ kind: 'keyword', phrase: 'zero trust' });
  });

  it('lists follows beside topics, and unfollows by a name in another language', async () => {
    await ask('demo:follow-3', 'subscribe ransomware');
    await ask('demo:follow-3', 'follow Kaspersky');
    // A quoted phrase that is exactly a known name is that entity; other words are a keyword.
    await ask('demo:follow-3', 'follow "Budapest Convention"');
    await ask('demo:follow-3', 'follow "zero trust"');
    const list = textOf(await ask('demo:follow-3', 'list'));
    expect(list).toContain('Topics: Ransomware (ransomware)\nFollows: Kaspersky, Budapest Convention, “zero trust”\n');
    const gone = await ask('demo:follow-3', 'unfollow كاسبرسكي');
    expect(textOf(gone)).toBe('This channel no longer follows Kaspersky.\nFollows: Budapest Convention, “zero trust”');
    const absent = await ask('demo:follow-3', 'unfollow NIS2');
    expect(absent.isError).toBe(true);
    expect(textOf(absent)).toBe('This channel does not follow “NIS2”.\nFollows: Budapest Convention, “zero trust”');
    expect(textOf(await ask('demo:follow-3', 'unfollow "Zero Trust"'))).toBe('This channel no longer follows “zero trust”.\nFollows: Budapest Convention');
  });

  it('puts this week\'s items naming Kaspersky only in Russian or Arabic script under the follow heading, each once', async () => {
    const channel = 'demo:follow-digest';
    await ask(channel, 'subscribe paris-call');
    await ask(channel, 'follow Kaspersky');
    await ingestItems(
      [
        item(
          'ru-kaspersky-1',
          'Касперский открыл центр прозрачности в Сингапуре',
          'Компания Касперский открыла новый центр прозрачности в Сингапуре. Там эксперты и регуляторы смогут проверить исходный код продуктов компании. Центр начал работу в пятницу.',
          '2026-12-04T09:00:00Z',
        ),
        item(
          'ar-kaspersky-1',
          'كاسبرسكي تنضم إلى فريق عمل نداء باريس',
          'أعلنت شركة كاسبرسكي انضمامها إلى فريق عمل جديد ضمن نداء باريس للثقة والأمن في الفضاء الإلكتروني. وسيعمل الفريق على حماية النواة العامة للإنترنت. وجاء الإعلان يوم السبت.',
          '2026-12-05T09:00:00Z',
        ),
      ],
      { store, analyzer: core.analyzer },
    );
    const [ru, ar] = await store.items.getMany(['ru-kaspersky-1', 'ar-kaspersky-1']).then((rows) => ['ru-kaspersky-1', 'ar-kaspersky-1'].map((id) => rows.find((r) => r.id === id)!));
    expect([ru!.analysis.lang, ar!.analysis.lang]).toEqual(['ru', 'ar']);
    expect(ru!.analysis.entities.map((e) => e.id)).toContain('kaspersky');
    expect(ar!.analysis.entities.map((e) => e.id)).toContain('kaspersky');
    // The Arabic item is on the Paris Call too: it must still show once, under the follow.
    expect(ar!.analysis.topics.map((t) => t.slug)).toContain('paris-call');

    const digest = await ask(channel, 'digest');
    expect(digest.isError).toBeFalsy();
    const followAt = digest.blocks.findIndex((b) => b.type === 'text' && b.text === 'Following: Kaspersky');
    expect(followAt).toBe(1);
    const nextHeading = digest.blocks.findIndex((b, i) => i > followAt && b.type !== 'story');
    const followed = digest.blocks.slice(followAt + 1, nextHeading === -1 ? undefined : nextHeading).flatMap((b) => (b.type === 'story' ? [b.story.id] : []));
    expect(followed).toContain(ru!.analysis.story);
    expect(followed).toContain(ar!.analysis.story);
    const all = stories(digest).map((s) => s.id);
    expect(all.filter((id) => id === ru!.analysis.story)).toHaveLength(1);
    expect(all.filter((id) => id === ar!.analysis.story)).toHaveLength(1);
    expect(new Set(all).size).toBe(all.length);
    // Each story offers to follow its main entity.
    const arView = stories(digest).find((s) => s.id === ar!.analysis.story)!;
    expect(arView.actions).toContainEqual({ id: 'follow_entity', label: 'Follow Kaspersky', value: 'kaspersky' });
  });

  it('follows an entity from its story button', async () => {
    const doc = await core.sink.processAction({ channelId: 'demo:follow-button', userId: 'demo:you' }, { id: 'follow_entity', value: 'kaspersky' });
    expect(doc.blocks[0]).toEqual({ type: 'text', text: 'This channel now follows Kaspersky, in every language.' });
    const bad = await core.sink.processAction({ channelId: 'demo:follow-button', userId: 'demo:you' }, { id: 'follow_entity', value: 'no-such-entity' });
    expect(bad.isError).toBe(true);
  });
});

describe('why', () => {
  it('`why <n>` after `paris-call` names the phrase that matched in the Arabic seed, in the channel language', async () => {
    const channel = 'demo:why';
    const listing = await ask(channel, 'paris-call');
    const arabic = (await store.items.find({ limit: 500 })).find((i) => i.analysis.lang === 'ar' && seedStories.includes(i.analysis.story))!;
    const n = stories(listing).findIndex((s) => s.id === arabic.analysis.story) + 1;
    expect(n).toBeGreaterThan(0);
    const doc = await ask(channel, `why ${n}`);
    expect(doc.isError).toBeUndefined();
    const text = textOf(doc);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Why: ${arabic.title}`);
    const paris = lines.find((l) => l.startsWith('• Paris Call '))!;
    expect(paris).toContain('“نداء باريس”');
    // The same story by id, in French.
    await ask(channel, 'language fr');
    const fr = textOf(await ask(channel, `why ${arabic.analysis.story}`));
    expect(fr.split('\n')[0]).toBe(`Pourquoi : ${arabic.title}`);
    expect(fr).toMatch(/\n• Appel de Paris[^\n]* [\d.]+ \(règles [\d.]+\) : [^\n]*“نداء باريس”/);
  });

  it('says what to do when there is no such story', async () => {
    const doc = await ask('demo:why-none', 'why 3');
    expect(doc.isError).toBe(true);
    expect(textOf(doc)).toBe('I can\'t find story “3”: list some stories first (e.g. `paris-call`), then `why 1`.');
  });
});
