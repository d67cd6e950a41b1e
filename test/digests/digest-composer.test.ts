import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createDigestService, type FullDigestService } from '../../src/digests/create-digest-service.js';
import { selectStories } from '../../src/digests/rank-stories.js';
import { silentLogger } from '../../src/logger.js';
import type { ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import type { TopicNameSource } from '../../src/replies/story-view.js';
import { openStore, type Store } from '../../src/store/store.js';
import { makeItem } from '../helpers/item-factory.js';

const taxonomy: TopicNameSource = {
  topics: [
    { slug: 'paris-call', names: { en: 'Paris Call', fr: 'Appel de Paris' } },
    { slug: 'ransomware', names: { en: 'Ransomware' } },
    { slug: 'ai-safety', names: { en: 'AI safety' } },
  ],
};
const NOW = new Date('2026-11-23T09:00:00Z');
const CH = 'demo:digest';

const stories = (doc: ReplyDocument | null): StoryView[] => (doc?.blocks ?? []).flatMap((b) => (b.type === 'story' ? [b.story] : []));
const texts = (doc: ReplyDocument | null, type: 'text' | 'context' | 'header') =>
  (doc?.blocks ?? []).flatMap((b) => (b.type === type ? [b.type === 'context' ? b.items.join(' | ') : b.text] : []));

/** An item on `topic` in story `story`, `daysAgo` days before NOW. */
function item(id: string, story: string, topic: string, opts: { daysAgo?: number; source?: string; lang?: string; score?: number; url?: string } = {}) {
  return makeItem(
    { id, sourceId: opts.source ?? `src-${id}`, title: `Title ${id}`, url: opts.url ?? `https://${opts.source ?? 'news'}.example/${id}`, published: new Date(NOW.getTime() - (opts.daysAgo ?? 1) * 86_400_000), lang: opts.lang ?? 'en' },
    { story, lang: opts.lang ?? 'en', topics: [{ slug: topic, score: opts.score ?? 1 }], summary: [`Summary of ${id}.`] },
  );
}

describe('digest composition', () => {
  let store: Store;
  let digests: FullDigestService;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    digests = createDigestService({ store, taxonomy, clock: new ManualClock(NOW), logger: silentLogger });
  });
  beforeEach(async () => {
    await store.database.query('TRUNCATE items, channels, deliveries, sent_stories');
    await store.channels.update(CH, { topics: ['paris-call', 'ransomware'] }, NOW);
  });
  afterAll(() => store.close());

  it('ranks by number of sources, then recency (days), then topic score', () => {
    const items = [
      item('a1', 'A', 'paris-call', { daysAgo: 1, score: 0.9 }),
      item('b1', 'B', 'paris-call', { daysAgo: 3, source: 's1' }),
      item('b2', 'B', 'paris-call', { daysAgo: 3, source: 's2' }),
      item('c1', 'C', 'paris-call', { daysAgo: 1, score: 0.5 }),
      item('d1', 'D', 'paris-call', { daysAgo: 5, score: 2 }),
    ];
    const sel = selectStories(items, { topics: ['paris-call'], exclude: new Set(), maxStories: 10, perTopic: 10, now: NOW });
    expect(sel.storyIds).toEqual(['B', 'A', 'C', 'D']);
  });

  it('caps per topic and in total; the rest become "and N more" with the command that shows them', async () => {
    const batch = [];
    for (let i = 0; i < 5; i++) batch.push(item(`p${i}`, `P${i}`, 'paris-call', { daysAgo: i + 1 }));
    for (let i = 0; i < 4; i++) batch.push(item(`r${i}`, `R${i}`, 'ransomware', { daysAgo: i + 1 }));
    await store.items.upsert(batch);
    const composed = await digests.composeForDelivery(CH, NOW);
    expect(composed.storyIds).toEqual(['P0', 'P1', 'P2', 'R0', 'R1', 'R2']);
    expect(texts(composed.doc, 'text')).toEqual(['Paris Call', 'Ransomware']);
    expect(texts(composed.doc, 'context')).toEqual([
      'and 2 more on Paris Call: send `paris-call since 2026-11-16`',
      'and 1 more on Ransomware: send `ransomware since 2026-11-16`',
    ]);
    expect(texts(composed.doc, 'header')).toEqual(['Cyber-policy digest · 16 Nov 2026 – 23 Nov 2026']);
    expect(composed.doc!.fallbackText).toBe('Cyber-policy digest: 6 stories on Paris Call, Ransomware');

    await store.channels.update(CH, { maxStories: 4, perTopic: 3 }, NOW);
    const capped = await digests.composeForDelivery(CH, NOW);
    expect(capped.storyIds).toEqual(['P0', 'P1', 'R0', 'R1']);
    expect(texts(capped.doc, 'context')).toEqual([
      'and 3 more on Paris Call: send `paris-call since 2026-11-16`',
      'and 2 more on Ransomware: send `ransomware since 2026-11-16`',
    ]);
  });

  it('each story has its summary, language, sources with links and "also in" for other languages', async () => {
    await store.items.upsert([
      item('en1', 'S', 'paris-call', { source: 'wire', lang: 'en', daysAgo: 3 }),
      item('fr1', 'S', 'paris-call', { source: 'lemonde', lang: 'fr', daysAgo: 2 }),
      item('ar1', 'S', 'paris-call', { source: 'gulf', lang: 'ar', daysAgo: 2 }),
    ]);
    const [story] = stories((await digests.composeForDelivery(CH, NOW)).doc);
    expect(story!.id).toBe('S');
    expect(story!.lang).toBe('en');
    expect(story!.summary).toEqual(['Summary of en1.']);
    expect(story!.alsoIn).toEqual(['AR', 'FR']);
    expect(story!.sources.map((s) => s.url)).toEqual(['https://wire.example/en1', 'https://lemonde.example/fr1', 'https://gulf.example/ar1']);
  });

  it('covers the last 7 days first, then since the last digest; never resends a story; skips muted ones', async () => {
    await store.items.upsert([
      item('old', 'OLD', 'paris-call', { daysAgo: 8 }),
      item('new', 'NEW', 'paris-call', { daysAgo: 2 }),
      item('mut', 'MUTED', 'paris-call', { daysAgo: 2 }),
      item('other', 'OTHER', 'ai-safety', { daysAgo: 1 }),
    ]);
    await store.channels.update(CH, { mutedStories: ['MUTED'] }, NOW);
    const first = await digests.composeForDelivery(CH, NOW);
    expect(first.storyIds).toEqual(['NEW']);
    expect(first.windowStart.toISOString()).toBe('2026-11-16T09:00:00.000Z');

    // Deliver it through the outbox's own bookkeeping, then a story of the same id arrives again later.
    await store.deliveries.enqueueFrozen({ channelId: CH, periodKey: 'manual:1', kind: 'manual', windowStart: first.windowStart, windowEnd: first.windowEnd, storyIds: first.storyIds }, NOW);
    const [claimed] = await store.deliveries.claim('w', NOW, 60_000, 1);
    expect(await store.deliveries.complete(claimed!.id, 'w', { status: 'sent', messageId: 'm1' }, NOW)).toBe(true);
    const later = new Date(NOW.getTime() + 86_400_000);
    await store.items.upsert([item('new-follow-up', 'NEW', 'paris-call', { daysAgo: 0.5 })]);
    const second = await digests.composeForDelivery(CH, later);
    expect(second.windowStart.toISOString()).toBe(NOW.toISOString());
    expect(second.storyIds).toEqual([]);
    expect(second.doc).toBeNull();
  });

  it('an empty period posts nothing, or one short line when the channel asked for it', async () => {
    expect((await digests.composeForDelivery(CH, NOW)).doc).toBeNull();
    await store.channels.update(CH, { notifyEmpty: true }, NOW);
    const doc = (await digests.composeForDelivery(CH, NOW)).doc!;
    expect(doc.visibility).toBe('channel');
    expect(doc.blocks).toEqual([{ type: 'text', text: "No new cyber-policy stories on this channel's topics since 16 Nov 2026." }]);
  });

  it('preview is private and marks nothing; postNow queues once per request id', async () => {
    await store.items.upsert([item('x', 'X', 'ransomware', { daysAgo: 1 })]);
    const preview = await digests.preview(CH, NOW);
    expect(preview.visibility).toBe('private');
    expect(stories(preview).map((s) => s.id)).toEqual(['X']);
    expect(await store.deliveries.sentStoryIds(CH)).toEqual(new Set());
    expect(await digests.postNow(CH, NOW, 'req-1')).toEqual({ stories: 1, queued: true });
    expect(await digests.postNow(CH, NOW, 'req-1')).toEqual({ stories: 1, queued: false });
    const row = await store.deliveries.get(CH, 'manual:req-1');
    expect(row?.storyIds).toEqual(['X']);
    expect(await digests.postNow('demo:nobody', NOW, 'req-2')).toEqual({ stories: 0, queued: false });
    expect((await digests.preview('demo:nobody', NOW)).blocks).toEqual([
      { type: 'text', text: 'This channel follows no topics yet, so there is no digest. Try `subscribe paris-call`.' },
    ]);
  });
  it('channels composed together share their reads, and an item stored meanwhile is seen by the next one', async () => {
    const other = 'slack:T1:C-other';
    await store.channels.update(other, { topics: ['paris-call', 'ransomware'] }, NOW);
    await store.items.upsert([item('s1', 'S1', 'paris-call', { daysAgo: 1 })]);
    const a = await digests.composeForDelivery(CH, NOW, undefined, { shareReads: true });
    expect(a.storyIds).toEqual(['S1']);
    await store.items.upsert([item('s2', 'S2', 'ransomware', { daysAgo: 0.5 })]);
    const b = await digests.composeForDelivery(other, NOW, undefined, { shareReads: true });
    expect(b.storyIds.sort()).toEqual(['S1', 'S2']);
  });
});
