import type { ItemRef } from '../store/item-repository.js';
import type { ShortLivedCacheOptions } from './short-lived-cache-options.js';

/** Reads a topic's newest refs (at most `limit`, newest first, whatever their age). */
export type TopicRefsReader = (slug: string, limit: number) => Promise<ItemRef[]>;

/** `version` is ItemRepository.writeCount; `maxEntries` counts topics (the taxonomy has a few dozen). */
export type TopicRefsCacheOptions = ShortLivedCacheOptions;

interface Entry {
  at: number;
  limit: number;
  refs: Promise<ItemRef[]>;
}

/**
 * The newest refs of each topic, shared by topic commands for a few seconds. Every `<topic>` and
 * `<topic> <window>` command reads the same newest page of the topic: the newest `limit` items since
 * a moment are exactly the newest `limit` items of the topic cut at that moment (whatever is newer
 * than the cut is in the page, or the page is full of newer ones). So one read per topic answers
 * every window, and commands on the same topic from many users share it. Before item_topics
 * (migration 0014) reading a page walked the time index and filtered rows by topic (thousands of
 * wide rows at 100k items: most of a topic command's cost); it is now a short read down that key,
 * and sharing it still saves a query on PGlite's one connection per command (bench/README.md).
 *
 * What another process stored in the last `ttlMs` is not seen yet (PostgreSQL with replicas, or
 * `cyberpolicy ingest` against PostgreSQL); a write through this process drops everything, so an
 * embedded store (one process) is always exact.
 */
export class TopicRefsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly monotonicMs: () => number;
  private seenVersion: number;

  constructor(
    private readonly read: TopicRefsReader,
    private readonly options: TopicRefsCacheOptions,
  ) {
    this.maxEntries = options.maxEntries ?? 200;
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.seenVersion = options.version();
  }

  /** The topic's newest `limit` refs from `since` on (all of them without `since`), newest first. */
  async refs(slug: string, since: Date | undefined, limit: number): Promise<ItemRef[]> {
    const version = this.options.version();
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.entries.clear();
    }
    const now = this.monotonicMs();
    let entry = this.entries.get(slug);
    if (!entry || now - entry.at > this.options.ttlMs || entry.limit < limit) {
      const made: Entry = { at: now, limit, refs: this.read(slug, limit) };
      entry = made;
      this.entries.delete(slug);
      this.entries.set(slug, made);
      // A failed read is not kept for the next command.
      made.refs.catch(() => this.entries.get(slug) === made && this.entries.delete(slug));
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    const refs = (await entry.refs).slice(0, limit);
    if (!since) return refs;
    const from = since.getTime();
    return refs.filter((r) => r.sortTime.getTime() >= from);
  }
}
