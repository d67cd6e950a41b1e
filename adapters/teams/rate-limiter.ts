import type { Clock } from '../../src/clock.js';

/** One sliding window: at most `max` messages in any `windowMs`. */
export interface RateWindow {
  max: number;
  windowMs: number;
}

/** Teams' per-conversation limits for bots sending messages. */
export const TEAMS_CONVERSATION_LIMITS: RateWindow[] = [
  { max: 7, windowMs: 1_000 },
  { max: 8, windowMs: 2_000 },
  { max: 60, windowMs: 30_000 },
  { max: 1_800, windowMs: 3_600_000 },
];

/**
 * How much longer the bot's own windows are than Teams': a post reaches the connector some milliseconds
 * after its slot was booked, one later than another, and the connector counts arrivals. 50 ms covers that
 * difference on a busy machine (without it one process met 11 429s posting 20 digests to each of 4
 * conversations in test/serve/replicas.test.ts; with it, none).
 */
export const WINDOW_MARGIN_MS = 50;

/** `windows`, each `marginMs` longer. */
export function withMargin(windows: RateWindow[], marginMs = WINDOW_MARGIN_MS): RateWindow[] {
  return windows.map((w) => ({ max: w.max, windowMs: w.windowMs + marginMs }));
}

/**
 * With replicas, the per-conversation limits are kept in the shared store as one post per conversation
 * every this many ms (60 per 30 s, and so within 8 per 2 s and 7 per 1 s whoever posts)…
 */
export const TEAMS_SHARED_CONVERSATION_INTERVAL_MS = Math.ceil((30_000 + WINDOW_MARGIN_MS) / 60);

/** …and at most 900 per fixed hour: any sliding hour overlaps two fixed ones, so it holds at most 1,800. */
export const TEAMS_SHARED_CONVERSATION_HOUR: RateWindow = { max: 900, windowMs: 3_600_000 };

/** Teams' documented limit per app per tenant. */
const TEAMS_TENANT_SECOND: RateWindow = { max: 50, windowMs: 1_000 };

/**
 * The tenant's second `marginMs` longer, so that a post reaching the connector a little earlier than
 * its neighbour does not make 51 inside the connector's own second, and spread over that window: at
 * most a tenth of it in any tenth of it (5 per 105 ms with a 50 ms margin). Alone, the window lets 50
 * posts leave in one burst and then none for a second; a burst reaches the connector smeared over as
 * long as the event loop takes to send it, and when the next burst is smeared less, its first posts
 * land inside the connector's second with the last of the previous one (the 429s of the fan-out
 * bench). Spread, a post meets a 429 only if it is delayed the margin more than the post 50 before it.
 * Five at a time still lets a post that woke late catch up. The first entry stays the tenant's rate.
 */
function tenantWindows(marginMs: number): RateWindow[] {
  const [second] = withMargin([TEAMS_TENANT_SECOND], marginMs);
  return [second!, { max: second!.max / 10, windowMs: second!.windowMs / 10 }];
}

/**
 * The tenant's windows as replicas share them (their shared pacer hands out slots at windowMs / max of
 * the first; one process alone uses TenantMargin's learned margin instead): the same fixed margin as
 * the conversations'. (A 20 ms margin let two replicas meet one 429 on a loaded CI machine.)
 */
export const TEAMS_TENANT_LIMITS: RateWindow[] = tenantWindows(WINDOW_MARGIN_MS);

/**
 * The tenant's 50 a second as this process keeps it alone: its windows longer than Teams' by a margin
 * learned from the connector's answers rather than fixed. A post reaches the connector between the
 * moment its slot was booked and its answer, so the longest recent booking-to-answer time bounds how
 * much later than its slot a post can land, and a window that much longer than Teams' keeps any 50
 * arrivals at least Teams' second apart. On an idle machine that is a few milliseconds (a fixed 50 ms
 * margin alone held the tenant to 47.6 a second, 95 % of its limit); on a busy one it grows with the
 * delays. A 429 widens it further for a while (Teams does not say which limit was met).
 */
export class TenantMargin {
  /** Booking-to-answer times of the last posts (ms), oldest first. */
  private readonly delays: number[] = [];
  private floor = 0;
  private floorAt = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The margin now (ms): the longest recent delay, at least MIN_TENANT_MARGIN_MS, at most MAX_TENANT_MARGIN_MS. */
  get ms(): number {
    let longest = 0;
    for (const d of this.delays) if (d > longest) longest = d;
    // A 429's widening fades by a millisecond a second of posting without one.
    const floor = Math.max(0, this.floor - (this.now() - this.floorAt) / 1000);
    return Math.min(MAX_TENANT_MARGIN_MS, Math.ceil(Math.max(MIN_TENANT_MARGIN_MS, longest, floor)));
  }

  /** This margin's clock (ms), to stamp a booking. */
  stamp(): number {
    return this.now();
  }

  /** A post booked at `bookedAt` (stamp()) was answered now. */
  answered(bookedAt: number): void {
    this.delays.push(this.now() - bookedAt);
    if (this.delays.length > MARGIN_SAMPLES) this.delays.shift();
  }

  /** Teams answered 429: widen the margin by TENANT_MARGIN_STEP_MS over what it was. */
  limited(): void {
    this.floor = Math.min(MAX_TENANT_MARGIN_MS, this.ms + TENANT_MARGIN_STEP_MS);
    this.floorAt = this.now();
  }

  /** The tenant's windows with this margin: 50 per (1 s + margin), spread as 5 per a tenth of that. */
  windows(): RateWindow[] {
    return tenantWindows(this.ms);
  }
}

const MIN_TENANT_MARGIN_MS = 5;
const MAX_TENANT_MARGIN_MS = 150;
const TENANT_MARGIN_STEP_MS = 25;
/** Two seconds of posts at the tenant's rate. */
const MARGIN_SAMPLES = 100;

/**
 * Sliding-window limiter per key (a conversation). `reserve` books a slot when one is free and returns
 * 0, or returns how long to wait before asking again; time comes from the injected clock.
 */
export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly windowsNow: () => RateWindow[];

  /** `windows`: fixed, or read at each check (a TenantMargin's, which moves with what the connector answers). */
  constructor(
    private readonly clock: Clock,
    windows: RateWindow[] | (() => RateWindow[]) = TEAMS_CONVERSATION_LIMITS,
  ) {
    this.windowsNow = typeof windows === 'function' ? windows : () => windows;
  }

  /** 0 and a booked slot, or the milliseconds until a slot frees up (nothing booked). */
  reserve(key: string): number {
    return this.check(key, true);
  }

  /** The milliseconds until `key` has a free slot (0: free now); books nothing. */
  peek(key: string): number {
    return this.check(key, false);
  }

  private check(key: string, book: boolean): number {
    const now = this.clock.now().getTime();
    const windows = this.windowsNow();
    let longest = 0;
    for (const w of windows) longest = Math.max(longest, w.windowMs);
    // Times are booked in clock order, so each list stays sorted: drop the expired head, count by binary search.
    const kept = this.sent.get(key) ?? [];
    // A second longer than the longest window: a TenantMargin's windows grow back after shrinking.
    const times = kept.slice(firstAfter(kept, now - longest - 1_000));
    let wait = 0;
    for (const { max, windowMs } of windows) {
      const start = firstAfter(times, now - windowMs);
      if (times.length - start >= max) wait = Math.max(wait, times[times.length - max]! + windowMs - now);
    }
    if (wait === 0 && book) times.push(now);
    if (times.length > 0) this.sent.set(key, times);
    else this.sent.delete(key);
    return wait;
  }
}

/** Index of the first time strictly after `t` in a sorted list. */
function firstAfter(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
