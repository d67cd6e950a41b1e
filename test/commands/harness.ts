import { ManualClock } from '../../src/clock.js';
import { createCommandCenter, type CommandCenterDeps } from '../../src/commands/command-center.js';
import { createTokenBucketLimiter, unlimited, type RateLimiter } from '../../src/commands/rate-limiter.js';
import type { DigestService } from '../../src/digests/digest-service.js';
import { AllowList } from '../../src/ingest/address-policy.js';
import { createFeedChecker } from '../../src/ingest/check-feed.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { textReply } from '../../src/replies/reply-document.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { TranslationService } from '../../src/translate/translation-service.js';
import { seedItems, testTaxonomy } from './fixtures.js';

export const NOW = '2026-11-20T12:00:00Z';

/** A DigestService that records which channel each call was for. */
export function recordingDigests(): DigestService & { calls: { method: string; channelId: string; requestId?: string }[] } {
  const calls: { method: string; channelId: string; requestId?: string }[] = [];
  return {
    calls,
    async preview(channelId) {
      calls.push({ method: 'preview', channelId });
      return { ...textReply(`preview for ${channelId}`, 'channel') };
    },
    async postNow(channelId, _now, requestId) {
      calls.push({ method: 'postNow', channelId, requestId });
      return { stories: 3, queued: true };
    },
  };
}

/** Search words -> tsquery over the seeded searchText, and Kaspersky in any script -> its entity id. */
export const fakeAnalyzer: CommandCenterDeps['analyzer'] = {
  searchQuery(words) {
    const terms = words.toLowerCase().split(/\s+/).filter((w) => /^[\p{L}\p{N}]+$/u.test(w));
    return { tsquery: terms.length > 0 ? terms.join(' & ') : null, entityIds: /kaspersky|كاسبرسكي/i.test(words) ? ['org:kaspersky'] : [] };
  },
};

export interface Harness {
  store: Store;
  sink: CommandSink;
  clock: ManualClock;
  digests: ReturnType<typeof recordingDigests>;
  ask(channelId: string, text: string, origin?: Partial<CommandOrigin>): ReturnType<CommandSink['processCommand']>;
  press(channelId: string, id: Parameters<CommandSink['processAction']>[1]['id'], value: string, origin?: Partial<CommandOrigin>): ReturnType<CommandSink['processAction']>;
}

/** One seeded in-memory store per test file (opening PGlite is slow on a busy machine). */
export async function openSeededStore(): Promise<Store> {
  const store = await openStore({ dataDir: 'memory://' });
  await store.items.upsert(seedItems(new Date(NOW)));
  return store;
}

/** Forget every channel and source setting between tests; the seeded items stay. */
export async function resetSettings(store: Store): Promise<void> {
  await store.database.query('DELETE FROM channels');
  await store.database.query('DELETE FROM sources');
}

export function createHarness(
  store: Store,
  options: { rateLimiter?: (clock: ManualClock) => RateLimiter; admins?: string[]; digests?: DigestService; translations?: TranslationService; feedAllow?: string } = {},
): Harness {
  const clock = new ManualClock(NOW);
  const digests = recordingDigests();
  const sink = createCommandCenter({
    store,
    taxonomy: testTaxonomy(),
    analyzer: fakeAnalyzer,
    digests: options.digests ?? digests,
    translations: options.translations,
    clock,
    logger: silentLogger,
    admins: options.admins ?? ['slack:UADMIN'],
    rateLimiter: options.rateLimiter ? options.rateLimiter(clock) : unlimited,
    // No DNS and no internet in tests: `sources add` fetches, so every host name resolves to a documentation
    // address (192.0.2.1) the guard refuses; IP literals are checked as typed. `feedAllow` lets a test's
    // feed server on 127.0.0.1 through, as FETCH_ALLOW does.
    checkFeed: createFeedChecker({
      allow: new AllowList(options.feedAllow ?? ''),
      lookup: async () => [{ address: '192.0.2.1', family: 4 }],
      timeoutMs: 5_000,
      detectLanguage: (item) => item.lang ?? 'und',
    }),
  });
  return {
    store,
    sink,
    clock,
    digests,
    ask: (channelId, text, origin = {}) => sink.processCommand({ channelId, userId: 'slack:U1', ...origin }, text),
    press: (channelId, id, value, origin = {}) => sink.processAction({ channelId, userId: 'slack:U1', ...origin }, { id, value }),
  };
}

export { createTokenBucketLimiter };

/** All the text of a reply, for assertions. */
export function textOf(doc: Awaited<ReturnType<CommandSink['processCommand']>>): string {
  return doc.blocks
    .map((b) => {
      if (b.type === 'header' || b.type === 'text') return b.text;
      if (b.type === 'context') return b.items.join('\n');
      if (b.type === 'story') return b.story.title;
      if (b.type === 'actions') return b.actions.map((a) => `[${a.label}]`).join(' ');
      return '---';
    })
    .join('\n');
}

export function storyIds(doc: Awaited<ReturnType<CommandSink['processCommand']>>): string[] {
  return doc.blocks.flatMap((b) => (b.type === 'story' ? [b.story.id] : []));
}
