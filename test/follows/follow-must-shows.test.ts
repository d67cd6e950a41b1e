import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { ingestItems } from '../../src/ingest/ingest-items.js';
import { loadSamplesIfEmpty } from '../../src/ingest/load-samples.js';
import { parseInput } from '../../src/ingest/parse-input.js';
import { sourceIdForFile } from '../../src/ingest/source-id.js';
import type { Item } from '../../src/items/item.js';
import { silentLogger } from '../../src/logger.js';
import { fromRoot } from '../../src/package-root.js';
import type { ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import { openStore, type Store } from '../../src/store/store.js';
import { textOf } from '../commands/harness.js';

// Issue 17's "what it must show" for follows, each on the real core and a real store (PGlite),
// with exact assertions. The two real seeds (digests/samples/000_….txt, Lithuanian, and 003_….txt,
// Arabic, copied unchanged from ../shared/seeds) are found by their files, not by their contents.
const NOW = '2026-12-07T11:00:00Z'; // a Monday: items of "this week" are dated today
const SEED_LT = '000_9d3fa56a83e923b6.txt';
const SEED_AR = '003_6a0df7d2b21cfab0.txt';

const stories = (doc: ReplyDocument): StoryView[] => doc.blocks.flatMap((b) => (b.type === 'story' ? [b.story] : []));

function item(id: string, title: string, content: string, published: string): Item {
  return { id, sourceId: 'feed:news.example', url: `https://news.example/${id}`, title, content, published: new Date(published), fetchedAt: new Date(NOW), author: null, categories: [], lang: null };
}

describe('with the bundled samples (as `npm start` has them)', () => {
  let store: Store;
  let core: Core;
  /** Story id of each seed, by file. */
  const seedStory: Record<string, string> = {};
  const ask = (channelId: string, text: string) => core.sink.processCommand({ channelId, userId: `user-${channelId}` }, text);

  beforeAll(async () => {
    const clock = new ManualClock(NOW);
    store = await openStore({ dataDir: 'memory://' });
    core = await createCore({ store, clock, logger: silentLogger, env: {} });
    await loadSamplesIfEmpty(store, core.analyzer, silentLogger, clock);
    for (const i of await store.items.find({ limit: 1000 })) {
      for (const seed of [SEED_LT, SEED_AR]) if (i.sourceId === sourceIdForFile(seed)) seedStory[seed] = i.analysis.story;
    }
  }, 300_000);
  afterAll(async () => {
    await store.close();
  });

  it('`follow Kaspersky` answers with the older stories naming it as a lookup shaped like `<topic>`: exactly the two seeds, newest first', async () => {
    expect(Object.keys(seedStory).sort()).toEqual([SEED_LT, SEED_AR]);
    const doc = await ask('demo:must-lookup', 'follow Kaspersky');
    expect(doc.isError).toBeUndefined();
    expect(doc.blocks.map((b) => b.type)).toEqual(['text', 'header', 'story', 'story', 'context']);
    expect(doc.blocks[0]).toEqual({ type: 'text', text: 'This channel now follows Kaspersky, in every language.' });
    expect(doc.blocks[1]).toEqual({ type: 'header', text: 'Kaspersky: newest stories' });
    // The Arabic seed states its date (2018-11-12); the Lithuanian one states none and ranks below dated stories.
    expect(stories(doc).map((s) => s.id)).toEqual([seedStory[SEED_AR], seedStory[SEED_LT]]);
    expect(doc.blocks[4]).toEqual({ type: 'context', items: ['Showing 2 of 2 · newest first'] });
    // The same shape as a topic lookup: header, stories, "Showing N of M".
    const topic = await ask('demo:must-lookup', 'council-of-europe');
    expect(topic.blocks[0]).toEqual({ type: 'header', text: 'Council of Europe: newest stories' });
    const topicContext = topic.blocks.find((b) => b.type === 'context');
    expect(topicContext?.type === 'context' ? topicContext.items[0] : '').toMatch(/^Showing \d+ of \d+ · newest first$/);
  });

  it('`follow Kasperski` suggests Kaspersky and follows nothing', async () => {
    const doc = await ask('demo:must-typo', 'follow Kasperski');
    expect(doc.isError).toBe(true);
    expect(textOf(doc)).toBe(
      'I don\'t know the name “Kasperski”.\nDid you mean `follow Kaspersky`?\nTo follow the words as written: `follow "Kasperski"`.\nUsage: follow <name | "phrase">',
    );
    expect((await store.channels.get('demo:must-typo'))!.follows).toEqual([]);
  });

  it('the next `digest` lists two new items of this week naming Kaspersky only in Cyrillic and Arabic script under the follow heading, each once', async () => {
    const channel = 'demo:must-digest';
    await ask(channel, 'subscribe paris-call');
    await ask(channel, 'follow Kaspersky');
    const ru = item(
      'must-ru-1',
      'Касперский представил отчёт о кибератаках на промышленность',
      'Компания Касперский опубликовала в понедельник отчёт о кибератаках на промышленные предприятия в Европе. По данным отчёта, число атак на заводы выросло за год.',
      '2026-12-07T06:00:00Z',
    );
    const ar = item(
      'must-ar-1',
      'كاسبرسكي تنضم إلى فريق عمل نداء باريس',
      'أعلنت شركة كاسبرسكي يوم الاثنين انضمامها إلى فريق عمل جديد ضمن نداء باريس للثقة والأمن في الفضاء الإلكتروني.',
      '2026-12-07T08:00:00Z',
    );
    // Only their own script: no Latin "Kaspersky" in either.
    for (const i of [ru, ar]) expect(/kaspersky/i.test(`${i.title} ${i.content}`)).toBe(false);
    await ingestItems([ru, ar], { store, analyzer: core.analyzer });
    const stored = await store.items.getMany([ru.id, ar.id]);
    const analysed = [ru.id, ar.id].map((id) => stored.find((s) => s.id === id)!);
    expect(analysed.map((s) => s.analysis.lang)).toEqual(['ru', 'ar']);
    for (const s of analysed) expect(s.analysis.entities.map((e) => e.id)).toContain('kaspersky');
    // The Arabic item is on a topic the channel follows too: it must still be listed once, under the follow.
    expect(analysed[1]!.analysis.topics.map((t) => t.slug)).toContain('paris-call');

    const digest = await ask(channel, 'digest');
    expect(digest.isError).toBeFalsy();
    expect(digest.blocks[1]).toEqual({ type: 'text', text: 'Following: Kaspersky' });
    const end = digest.blocks.findIndex((b, i) => i > 1 && b.type !== 'story');
    const followed = digest.blocks.slice(2, end).flatMap((b) => (b.type === 'story' ? [b.story] : []));
    const urlsUnderFollow = followed.flatMap((s) => s.sources.map((src) => src.url));
    // Both items, each once, under the follow heading (as their own stories, or as one story's two sources).
    expect(urlsUnderFollow.filter((u) => u === ru.url || u === ar.url).sort()).toEqual([ar.url, ru.url]);
    const everywhere = stories(digest).flatMap((s) => s.sources.map((src) => src.url));
    expect(everywhere.filter((u) => u === ru.url)).toHaveLength(1);
    expect(everywhere.filter((u) => u === ar.url)).toHaveLength(1);
    const ids = stories(digest).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('with only the two real seeds in the store', () => {
  let store: Store;
  let core: Core;
  const ask = (text: string) => core.sink.processCommand({ channelId: 'demo:seeds', userId: 'demo:you' }, text);

  beforeAll(async () => {
    const clock = new ManualClock(NOW);
    store = await openStore({ dataDir: 'memory://' });
    core = await createCore({ store, clock, logger: silentLogger, env: {} });
    for (const seed of [SEED_LT, SEED_AR]) {
      const path = join(fromRoot('digests', 'samples'), seed);
      const parsed = await parseInput(await readFile(path), { name: path, sourceId: sourceIdForFile(path), fetchedAt: new Date(NOW) });
      await ingestItems(parsed.items, { store, analyzer: core.analyzer });
    }
  }, 300_000);
  afterAll(async () => {
    await store.close();
  });

  it('`why 1` after `paris-call` names the phrases that matched in the Arabic seed', async () => {
    const [arabic] = (await store.items.find({ limit: 10 })).filter((i) => i.sourceId === sourceIdForFile(SEED_AR));
    const listing = await ask('paris-call');
    expect(stories(listing)[0]!.id).toBe(arabic!.analysis.story);
    const doc = await ask('why 1');
    expect(doc.isError).toBeUndefined();
    const lines = textOf(doc).split('\n');
    expect(lines[0]).toBe(`Why: ${arabic!.title}`);
    const paris = lines.find((l) => l.startsWith('• Paris Call for Trust and Security in Cyberspace '));
    expect(paris).toMatch(/^• Paris Call for Trust and Security in Cyberspace [\d.]+ \(rules [\d.]+\): .*“نداء باريس”/);
  });
});
