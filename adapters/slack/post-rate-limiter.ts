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
 * Hands out posting slots: at most one post per channel per interval and a steady rate per workspace.
 * Slots are reserved in call order, so waiting callers never busy-loop and a fan-out to many channels
 * runs at the workspace rate. A 429 pushes the whole workspace back by its Retry-After.
 */
export class PostRateLimiter {
  private readonly channelNext = new Map<string, number>();
  private readonly workspaceNext = new Map<string, number>();
  private readonly penaltyUntil = new Map<string, number>();
  private readonly timer: LimiterTimer;
  private readonly workspaceIntervalMs: number;

  constructor(private readonly options: PostRateLimiterOptions) {
    this.timer = options.timer ?? realTimer;
    this.workspaceIntervalMs = 1000 / options.workspacePerSecond;
  }

  /** Waits for a slot to post in `channel` of `workspace`. */
  async acquire(workspace: string, channel: string): Promise<void> {
    const now = this.timer.now();
    const channelKey = `${workspace}:${channel}`;
    const start = Math.max(now, this.channelNext.get(channelKey) ?? 0, this.workspaceNext.get(workspace) ?? 0);
    this.channelNext.set(channelKey, start + this.options.channelIntervalMs);
    this.workspaceNext.set(workspace, start + this.workspaceIntervalMs);
    this.forgetOld(now);
    if (start > now) await this.timer.sleep(start - now);
    // A 429 that arrived while we slept holds back slots reserved before it.
    const penalty = this.penaltyUntil.get(workspace) ?? 0;
    const after = this.timer.now();
    if (penalty > after) await this.timer.sleep(penalty - after);
  }

  /** Slack said 429: nothing more goes to this workspace for `retryAfterMs`. */
  penalize(workspace: string, retryAfterMs: number): void {
    const until = this.timer.now() + retryAfterMs;
    this.penaltyUntil.set(workspace, Math.max(this.penaltyUntil.get(workspace) ?? 0, until));
    if ((this.workspaceNext.get(workspace) ?? 0) < until) this.workspaceNext.set(workspace, until);
  }

  /** Keeps the maps small on a long-running server: past slots carry no information. */
  private forgetOld(now: number): void {
    if (this.channelNext.size < 10_000) return;
    for (const [key, next] of this.channelNext) if (next < now) this.channelNext.delete(key);
  }
}
