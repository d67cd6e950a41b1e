/**
 * What the commands' short-lived caches (topic refs, heads, composed listings) are given: each keeps
 * what one command read or composed for the next commands of a few seconds, and drops everything when
 * this process writes what it holds, so an embedded store (one process) is always exact.
 */
export interface ShortLivedCacheOptions {
  /** How long an entry answers later commands (monotonic ms): what another process changed shows after this. */
  ttlMs: number;
  /** Changes whenever this process writes what the cache holds: every entry is dropped then. */
  version: () => number;
  /** Entries kept, least recently used dropped first. */
  maxEntries?: number;
  /** Monotonic clock in ms; tests inject one. */
  monotonicMs?: () => number;
}
