import type { ReplyDocument } from '../replies/reply-document.js';
import type { ItemRef } from '../store/item-repository.js';
import type { ShortLivedCacheOptions } from './short-lived-cache-options.js';

/** `ttlMs` at most the HeadCache's; `version` moves with writes of items or source names; listings are a few KB each. */
export type ListingCacheOptions = ShortLivedCacheOptions;

interface Entry {
  at: number;
  refs: readonly ItemRef[];
  doc: ReplyDocument;
}

/**
 * Composed topic listings shared for a few seconds. Once the topic's refs are shared (TopicRefsCache)
 * and its heads too (HeadCache), every `<topic>` command of a minute in the same language composed
 * the same stories again: story views, key facts, dates and numbers per locale (about half a topic
 * command's CPU on the serve bench). A listing is kept under what decides its words (header, limit,
 * "Show more" command, language: the caller's key) with the refs it was made from, and answers a
 * later command only when that command's refs are the very same objects in the same order: the same
 * read of the TopicRefsCache, cut at the same place. A new read (a write through this process, or
 * the refs' time to live) therefore composes again, as does a write through this process between
 * (the version), so a new item shows at once. Listings are frozen: every command gets the same objects.
 */
export class ListingCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly monotonicMs: () => number;
  private seenVersion: number;

  constructor(private readonly options: ListingCacheOptions) {
    this.maxEntries = options.maxEntries ?? 400;
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.seenVersion = options.version();
  }

  /** The version to hand back to `set`: a listing composed while it moved is not kept. */
  version(): number {
    return this.options.version();
  }

  /** The listing kept under `key` when it was made from exactly these refs, within the time to live. */
  get(key: string, refs: readonly ItemRef[]): ReplyDocument | undefined {
    this.dropIfWritten();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.monotonicMs() - entry.at > this.options.ttlMs || !sameRefs(entry.refs, refs)) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last: the Map's order is the eviction order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.doc;
  }

  /** Keeps `doc`, made from `refs` with the store at `versionBefore` (see `version`); returns it frozen. */
  set(key: string, refs: readonly ItemRef[], doc: ReplyDocument, versionBefore: number): ReplyDocument {
    freezeDeep(doc);
    this.dropIfWritten();
    if (this.seenVersion !== versionBefore) return doc;
    this.entries.delete(key);
    this.entries.set(key, { at: this.monotonicMs(), refs: [...refs], doc });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return doc;
  }

  private dropIfWritten(): void {
    const version = this.options.version();
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.entries.clear();
    }
  }
}

/** The same ref objects in the same order (a cut of the same shared read). */
function sameRefs(a: readonly ItemRef[], b: readonly ItemRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Freezes plain objects and arrays all the way down (dates are left as they are). */
function freezeDeep(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || value instanceof Date) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) freezeDeep(inner);
}
