import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createCore } from '../../src/core/create-core.js';
import { ingestItems } from '../../src/ingest/ingest-items.js';
import { loadSampleItems } from '../../src/ingest/sample-items.js';
import type { Item } from '../../src/items/item.js';
import type { Logger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';

/** When the adapter suites pretend to have ingested everything (the samples' undated seeds take this date). */
export const INGEST_TIME = '2026-11-28T12:00:00Z';
export const HOSTILE_TITLE = 'Hostile <!channel> <@U12345> <https://evil.example|click> ransomware';

/** A ransomware item whose title and body carry platform markup that must never render as markup. */
export function hostileItem(content: string): Item {
  return {
    id: 'hostile-1',
    sourceId: 'hostile-feed',
    url: 'https://news.example/hostile',
    title: HOSTILE_TITLE,
    content,
    published: new Date('2026-11-27T08:00:00Z'),
    fetchedAt: new Date(INGEST_TIME),
    author: null,
    categories: ['ransomware'],
    lang: 'en',
  };
}

/**
 * One store per test file, seeded once through the real pipeline with the bundled samples plus the
 * given extra items (PGlite start-up and analysis are the slow part).
 */
export function seededStoreCache(extra: Item[], logger: Logger) {
  let shared: Promise<Store> | null = null;
  return {
    get(): Promise<Store> {
      shared ??= (async () => {
        const store = await openStore({ dataDir: 'memory://' });
        const clock = new ManualClock(INGEST_TIME);
        const core = await createCore({ store, clock, logger, env: {} });
        const files = await loadSampleItems({ clock });
        await ingestItems([...files.flatMap((f) => f.items), ...extra], { store, analyzer: core.analyzer });
        return store;
      })();
      return shared;
    },
    async close(): Promise<void> {
      if (shared) await (await shared).close();
      shared = null;
    },
  };
}

/**
 * The lifecycle most adapter test files share: seed the store once per file (the slow part, with room
 * for a loaded machine), start a fresh harness on it for every test and close it after, close the store
 * at the end. `set` hands each test's harness to the file's `let h`.
 */
export function useSeededHarness<H extends { close(): Promise<unknown> }>(
  seeded: { get(): Promise<unknown>; close(): Promise<void> },
  start: () => Promise<H>,
  set: (h: H) => void,
): void {
  let current: H | undefined;
  beforeAll(() => seeded.get().then(() => undefined), 180_000);
  beforeEach(async () => {
    current = await start();
    set(current);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(() => seeded.close());
}
