/** Monotonic time and sleeping, injectable so tests and benchmarks control them. */
export interface LimiterTimer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: LimiterTimer = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface PostRateLimiterOptions {
  /** Minimum gap between two posts in one channel (Slack: about 1 message per second). */
  channelIntervalMs: number;
  /** Posts per second across one workspace. */
  workspacePerSecond: number;
  timer?: LimiterTimer;
}

/**
 * Hands out posting slots: at most one post per channel per interval, and one post per workspace
 * slot (1/rate wide). A caller reserves the earliest free workspace slot at or after its channel is
 * free, so a channel waiting its second does not hold up other channels, and a fan-out to many
 * channels runs at the workspace rate without busy-waiting. A 429 holds the workspace back.
 */
export class PostRateLimiter {
  private readonly channelNext = new Map<string, number>();
  private readonly takenSlots = new Map<string, Set<number>>();
  private readonly penaltyUntil = new Map<string, number>();
  private readonly timer: LimiterTimer;
  private readonly slotMs: number;

  constructor(private readonly options: PostRateLimiterOptions) {
    this.timer = options.timer ?? realTimer;
    this.slotMs = 1000 / options.workspacePerSecond;
  }

  /** Waits for a slot to post in `channel` of `workspace`. */
  async acquire(workspace: string, channel: string): Promise<void> {
    const now = this.timer.now();
    const channelKey = `${workspace}\u0000${channel}`;
    const earliest = Math.max(now, this.channelNext.get(channelKey) ?? 0, this.penaltyUntil.get(workspace) ?? 0);
    const start = this.reserveSlot(workspace, earliest, now);
    this.channelNext.set(channelKey, start + this.options.channelIntervalMs);
    if (this.channelNext.size > 10_000) for (const [key, next] of this.channelNext) if (next < now) this.channelNext.delete(key);
    if (start > now) await this.timer.sleep(start - now);
    // A 429 that arrived while we slept holds back slots reserved before it.
    const penalty = this.penaltyUntil.get(workspace) ?? 0;
    const after = this.timer.now();
    if (penalty > start && penalty > after) await this.timer.sleep(penalty - after);
  }

  /** Slack said 429: nothing more goes to this workspace for `retryAfterMs`. */
  penalize(workspace: string, retryAfterMs: number): void {
    const until = this.timer.now() + retryAfterMs;
    this.penaltyUntil.set(workspace, Math.max(this.penaltyUntil.get(workspace) ?? 0, until));
  }

  private reserveSlot(workspace: string, earliest: number, now: number): number {
    let taken = this.takenSlots.get(workspace);
    if (!taken) this.takenSlots.set(workspace, (taken = new Set()));
    let slot = Math.floor(earliest / this.slotMs);
    while (taken.has(slot)) slot++;
    taken.add(slot);
    // Past slots carry no information; drop them now and then so the set stays small.
    if (taken.size > 4096) {
      const current = Math.floor(now / this.slotMs);
      for (const s of taken) if (s < current) taken.delete(s);
    }
    return Math.max(earliest, slot * this.slotMs);
  }
}
