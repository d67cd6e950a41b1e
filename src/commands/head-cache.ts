import type { ItemHead } from '../items/item.js';
import type { ShortLivedCacheOptions } from './short-lived-cache-options.js';

/** Reads heads by id (in the order of `ids`; unknown ids left out), as ItemRepository.headsByIds. */
export type HeadsReader = (ids: readonly string[]) => Promise<ItemHead[]>;

/** `version` moves with writes of items or source names. */
export interface HeadCacheOptions extends ShortLivedCacheOptions {
  /** Heads kept (~3 KB of heap each). */
  maxEntries: number;
}

interface Entry {
  at: number;
  head: ItemHead;
}

/**
 * Heads shared by the commands of a few seconds. A topic or search listing reads the heads of every
 * item of the five stories it shows (66 on average at 100k items, up to 300): on PGlite that read and
 * inflating the bodies were about a third of a command's CPU, and 94 % of the heads the serve bench's
 * commands read had been read by an earlier command (the same stories answer many topics, windows and
 * words). A head is what the item row and its source's name say, so it stays right until this process
 * writes either (the version) or, for what other processes write, for `ttlMs`: an embedded store has
 * no other writer; on PostgreSQL that is the TopicRefsCache's delay. Heads are frozen: every command
 * gets the same objects.
 */
export class HeadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly monotonicMs: () => number;
  private seenVersion: number;

  constructor(
    private readonly read: HeadsReader,
    private readonly options: HeadCacheOptions,
  ) {
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.seenVersion = options.version();
  }

  async heads(ids: readonly string[]): Promise<ItemHead[]> {
    const version = this.options.version();
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.entries.clear();
    }
    const now = this.monotonicMs();
    const found = new Map<string, ItemHead>();
    const missing = new Set<string>();
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry && now - entry.at <= this.options.ttlMs) {
        found.set(id, entry.head);
        // Most recently used last: the Map's order is the eviction order.
        this.entries.delete(id);
        this.entries.set(id, entry);
      } else {
        missing.add(id);
      }
    }
    if (missing.size > 0) {
      const read = await this.read([...missing]);
      // A write during the read may or may not be in it: used for this answer, not kept.
      const keep = this.options.version() === version;
      for (const head of read) {
        freezeDeep(head);
        found.set(head.id, head);
        if (keep) this.entries.set(head.id, { at: now, head });
      }
      while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }
}

/** Freezes plain objects and arrays all the way down (dates are left as they are). */
function freezeDeep(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || value instanceof Date) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) freezeDeep(inner);
}
