import { sortTime, type ItemHead } from '../items/item.js';

/** Reads a topic's newest heads (at most `limit`) from `since` on, up to `until` when given. */
export type CandidateReader = (topic: string, since: Date, until: Date | undefined, limit: number) => Promise<ItemHead[]>;

export interface CandidateCacheOptions {
  /** How long one read serves other channels (monotonic ms). */
  ttlMs?: number;
  /** How much earlier than asked a read starts, so channels whose windows start a little earlier share it. */
  marginMs?: number;
  maxEntries?: number;
  /** Monotonic clock in ms; tests inject one. */
  monotonicMs?: () => number;
  /** Changes whenever this process writes items (ItemRepository.writeCount): everything shared is dropped then. */
  version?: () => number;
}

interface Entry {
  at: number;
  since: number;
  heads: Promise<ItemHead[]>;
}

/**
 * Candidate items for scheduled digests, shared between channels for a few seconds. A fan-out
 * composes hundreds of digests for the same topics whose windows start and end within moments of
 * each other; without sharing, each re-read the same thousand heads per topic from the store, and
 * those reads were most of a delivery's CPU (bench/README.md).
 *
 * A read covers [since, ∞) newest first, at most `limit` heads. It answers a later window
 * [start, end] with start ≥ since exactly as a read of that window would, after cutting at both
 * ends, unless it was cut by the limit above `start` (then the window is read on its own). The
 * only difference from reading at the caller's moment is what another process stored in the last
 * few seconds (a write through this process's store drops everything shared).
 */
export class CandidateCache {
  private readonly entries = new Map<string, Entry[]>();
  private readonly stories = new Map<string, { at: number; heads: Promise<ItemHead[]> }>();
  private readonly ttlMs: number;
  private readonly marginMs: number;
  private readonly maxEntries: number;
  private readonly monotonicMs: () => number;
  private readonly version: () => number;
  private seenVersion: number;

  constructor(
    private readonly read: CandidateReader,
    options: CandidateCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.marginMs = options.marginMs ?? 3_600_000;
    this.maxEntries = options.maxEntries ?? 8;
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.version = options.version ?? (() => 0);
    this.seenVersion = this.version();
  }

  /** Drop every shared read if this process stored items since they were made. */
  private checkVersion(): void {
    const v = this.version();
    if (v === this.seenVersion) return;
    this.seenVersion = v;
    this.entries.clear();
    this.stories.clear();
  }

  /** Shared reads held now (each up to `limit` heads). */
  get size(): number {
    let n = 0;
    for (const list of this.entries.values()) n += list.length;
    return n;
  }

  /** Drop the reads older than the TTL, of every topic. */
  private sweep(now: number): void {
    for (const [key, list] of this.entries) {
      const fresh = list.filter((e) => now - e.at <= this.ttlMs);
      if (fresh.length === 0) this.entries.delete(key);
      else if (fresh.length !== list.length) this.entries.set(key, fresh);
    }
  }

  async heads(topic: string, windowStart: Date, windowEnd: Date, limit: number): Promise<ItemHead[]> {
    this.checkVersion();
    const key = `${topic}\u0000${limit}`;
    const now = this.monotonicMs();
    const start = windowStart.getTime();
    this.sweep(now);
    const fresh = this.entries.get(key) ?? [];
    for (const entry of fresh.filter((e) => e.since <= start)) {
      const heads = await entry.heads.catch(() => null);
      if (heads && reachesBack(heads, start, limit)) return cut(heads, start, windowEnd.getTime());
    }
    const entry: Entry = { at: now, since: start - this.marginMs, heads: this.read(topic, new Date(start - this.marginMs), undefined, limit) };
    fresh.push(entry);
    this.entries.set(key, fresh.slice(-this.maxEntries));
    // Up to 1,000 heads an entry: once stale they go even if no digest asks again (the last round of a fan-out).
    setTimeout(() => this.sweep(this.monotonicMs()), this.ttlMs + 1).unref();
    const heads = await entry.heads;
    if (reachesBack(heads, start, limit)) return cut(heads, start, windowEnd.getTime());
    return this.read(topic, windowStart, windowEnd, limit);
  }

  /** Every item of these stories (any order of ids), as read within the last few seconds. */
  async storyHeads(storyIds: string[], read: (storyIds: string[]) => Promise<ItemHead[]>): Promise<ItemHead[]> {
    this.checkVersion();
    const key = [...storyIds].sort().join('\u0000');
    const now = this.monotonicMs();
    for (const [k, e] of this.stories) if (now - e.at > this.ttlMs) this.stories.delete(k);
    let entry = this.stories.get(key);
    if (!entry) {
      entry = { at: now, heads: read(storyIds) };
      this.stories.set(key, entry);
      const kept = entry;
      entry.heads.catch(() => this.stories.get(key) === kept && this.stories.delete(key));
      while (this.stories.size > 64) this.stories.delete(this.stories.keys().next().value!);
    }
    return entry.heads;
  }
}

/** Whether a newest-first read of at most `limit` heads holds everything back to `start` (was not cut by the limit above it). */
function reachesBack(heads: ItemHead[], start: number, limit: number): boolean {
  return heads.length < limit || sortTime(heads[heads.length - 1]!).getTime() <= start;
}

function cut(heads: ItemHead[], start: number, end: number): ItemHead[] {
  return heads.filter((h) => {
    const t = sortTime(h).getTime();
    return t >= start && t <= end;
  });
}
