/** Monotonic time and sleeping, injectable so tests and benchmarks control them. */
import { WorkspaceRate } from './workspace-rate.js';

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
  /**
   * Posts per second across one workspace: the first guess and the cap. Slack does not publish the
   * workspace rate, so each workspace's rate is learned below this from its answers (WorkspaceRate): a
   * 429 that is not a channel's own limit lowers it, and a while without 429s lets it climb back.
   */
  workspacePerSecond: number;
  timer?: LimiterTimer;
  /** Keeps each workspace's learned limit across fan-outs and restarts (LearnedWorkspaceRates). */
  memory?: WorkspaceRateMemory;
}

/** Where a workspace's learned limit is kept between runs. */
export interface WorkspaceRateMemory {
  /** The limit learned before, or null (never learned, or too old to trust): start from the configured rate. */
  recall(workspace: string): Promise<number | null>;
  /** The limit as the platform's answers now put it (called when it changes; must not throw). */
  remember(workspace: string, perSecond: number): void;
}

/**
 * Hands out posting slots: at most one post per channel per interval, and one post per workspace
 * slot (1/rate wide). A caller reserves the earliest free workspace slot at or after its channel is
 * free, so a channel waiting its second does not hold up other channels, and a fan-out to many
 * channels runs at the workspace rate without busy-waiting. A 429 holds the workspace back for its
 * Retry-After and lowers the workspace's rate to what Slack was seen to accept, so a guess above Slack's
 * real rate costs one or two 429s, not one every second.
 */
export class PostRateLimiter {
  private readonly channelNext = new Map<string, number>();
  private readonly takenSlots = new Map<string, Set<number>>();
  private readonly penaltyUntil = new Map<string, number>();
  private readonly theoreticalArrival = new Map<string, number>();
  private readonly recentSends = new Map<string, number[]>();
  private readonly channelLastSend = new Map<string, number>();
  /** When each channel's last accepted post was answered. */
  private readonly channelAnswered = new Map<string, number>();
  /** Per workspace: the rate learned from its answers (created at its first accepted post or 429). */
  private readonly learned = new Map<string, WorkspaceRate>();
  /** Per workspace: the recall of its kept limit, read once before its first post. */
  private readonly recalled = new Map<string, Promise<void>>();
  /** Per workspace: the limit last handed to the memory (or started from). */
  private readonly kept = new Map<string, number>();
  private readonly timer: LimiterTimer;

  constructor(private readonly options: PostRateLimiterOptions) {
    this.timer = options.timer ?? realTimer;
  }

  /** Posts per second this limiter now allows in `workspace`: the configured rate until a 429 lowered it. */
  workspaceRate(workspace: string): number {
    return this.learned.get(workspace)?.current ?? this.options.workspacePerSecond;
  }

  private learner(workspace: string): WorkspaceRate {
    let rate = this.learned.get(workspace);
    if (!rate) this.start(workspace, (rate = new WorkspaceRate(this.options.workspacePerSecond)));
    return rate;
  }

  private start(workspace: string, rate: WorkspaceRate): void {
    this.learned.set(workspace, rate);
    // Kept again only when the platform's answers move it.
    this.kept.set(workspace, rate.limit);
  }

  /** Before a workspace's first post: start it at the limit kept from an earlier run, if any. */
  private recall(workspace: string): Promise<void> | null {
    const memory = this.options.memory;
    if (!memory || this.learned.has(workspace)) return null;
    let pending = this.recalled.get(workspace);
    if (!pending) {
      pending = memory
        .recall(workspace)
        .catch(() => null)
        .then((kept) => {
          if (!this.learned.has(workspace)) this.start(workspace, new WorkspaceRate(this.options.workspacePerSecond, kept ?? undefined));
          this.recalled.delete(workspace);
        });
      this.recalled.set(workspace, pending);
    }
    return pending;
  }

  /** The limit moved (a 429's cut, or a probe above it): keep it for the next run. */
  private keep(workspace: string): void {
    const rate = this.learned.get(workspace);
    if (!rate || !this.options.memory) return;
    const limit = rate.limit;
    if (this.kept.get(workspace) === limit) return;
    this.kept.set(workspace, limit);
    this.options.memory.remember(workspace, limit);
  }

  private slotMs(workspace: string): number {
    return 1000 / this.workspaceRate(workspace);
  }

  /**
   * Deliveries worth having in flight to keep a workspace at its rate: a digest's thread replies wait
   * one channel interval each, so about rate x 2 intervals covers the waiting ones.
   */
  get suggestedInFlight(): number {
    return Math.max(4, Math.ceil(this.options.workspacePerSecond * Math.max(1, (2 * this.options.channelIntervalMs) / 1000)));
  }

  /** Waits for a slot to post in `channel` of `workspace`. */
  async acquire(workspace: string, channel: string): Promise<void> {
    const recalling = this.recall(workspace);
    if (recalling) await recalling;
    const channelKey = keyOf(workspace, channel);
    for (;;) {
      const now = this.timer.now();
      const penalty = this.penaltyUntil.get(workspace) ?? 0;
      const earliest = Math.max(now, this.channelNext.get(channelKey) ?? 0, penalty);
      const start = this.reserveSlot(workspace, earliest, now);
      // Other posts hold the slots up to `start`: demand is above the workspace rate until then.
      if (start > earliest) this.learner(workspace).onWaiting(earliest, start);
      this.channelNext.set(channelKey, start + this.options.channelIntervalMs);
      if (this.channelNext.size > 10_000) for (const [key, next] of this.channelNext) if (next < now) this.channelNext.delete(key);
      if (start > now) await this.timer.sleep(start - now);
      // A 429 that arrived while we slept voids our slot: take a fresh one after it, so the waiting
      // posts leave spaced at the workspace rate instead of all at once when the penalty ends.
      const newPenalty = this.penaltyUntil.get(workspace) ?? 0;
      if (newPenalty > start && newPenalty !== penalty) continue;
      await this.paceActualSend(workspace, channelKey);
      return;
    }
  }

  /**
   * Timers fire late on a busy machine, and late posts bunch up. Planned slots give the order; this
   * spaces the posts by the time they really leave: a GCRA with one slot of tolerance, no 1-second
   * window of actual sends over the workspace rate, and a channel's interval counted from its last
   * actual send.
   */
  private async paceActualSend(workspace: string, channelKey: string): Promise<void> {
    let sent = this.recentSends.get(workspace);
    if (!sent) this.recentSends.set(workspace, (sent = []));
    const perWindow = Math.max(1, Math.floor(this.workspaceRate(workspace)));
    const slotMs = this.slotMs(workspace);
    for (;;) {
      const t = this.timer.now();
      while (sent.length && t - sent[0]! >= 1000) sent.shift();
      const tat = this.theoreticalArrival.get(workspace) ?? 0;
      const channelFree = (this.channelLastSend.get(channelKey) ?? -Infinity) + this.options.channelIntervalMs;
      const windowFree = sent.length >= perWindow ? sent[0]! + 1000 : t;
      const otherwise = Math.max(t, channelFree, this.penaltyUntil.get(workspace) ?? 0);
      const at = Math.max(otherwise, tat - slotMs, windowFree);
      if (at > otherwise) this.learner(workspace).onWaiting(otherwise, at);
      if (at > t) {
        await this.timer.sleep(at - t);
        continue;
      }
      // Only a real send moves the schedule, so a stall never lets a backlog out in one burst.
      this.theoreticalArrival.set(workspace, Math.max(tat, t) + slotMs);
      sent.push(t);
      this.channelLastSend.set(channelKey, t);
      if (this.channelLastSend.size > 10_000) for (const [key, last] of this.channelLastSend) if (t - last > 60_000) this.channelLastSend.delete(key);
      const planned = this.channelNext.get(channelKey) ?? 0;
      this.channelNext.set(channelKey, Math.max(planned, t + this.options.channelIntervalMs));
      return;
    }
  }

  /**
   * A post to `channel` got its answer now. Slack counts the channel's second from when the post
   * reached it, which on a busy machine can be long after its slot (event-loop lag, the HTTP client's
   * queue): count the next post's interval from the answer, the latest moment Slack can have seen it.
   */
  posted(workspace: string, channel: string): void {
    const channelKey = keyOf(workspace, channel);
    const t = this.timer.now();
    this.channelLastSend.set(channelKey, Math.max(this.channelLastSend.get(channelKey) ?? -Infinity, t));
    this.channelNext.set(channelKey, Math.max(this.channelNext.get(channelKey) ?? 0, t + this.options.channelIntervalMs));
    this.channelAnswered.set(channelKey, t);
    // Slots were numbered at the old width: start afresh (the GCRA in paceActualSend keeps the spacing).
    if (this.learner(workspace).onAccepted(t)) {
      this.takenSlots.delete(workspace);
      this.keep(workspace);
    }
    if (this.channelAnswered.size > 10_000) for (const [key, at] of this.channelAnswered) if (t - at > 60_000) this.channelAnswered.delete(key);
  }

  /** Whether `channel` had a post accepted within the last 1.5 channel intervals. */
  postedRecently(workspace: string, channel: string): boolean {
    const last = this.channelAnswered.get(keyOf(workspace, channel));
    return last !== undefined && this.timer.now() - last < 1.5 * this.options.channelIntervalMs;
  }

  /** A 429 that is the channel's own limit: only this channel waits `retryAfterMs`. */
  penalizeChannel(workspace: string, channel: string, retryAfterMs: number): void {
    const channelKey = keyOf(workspace, channel);
    const until = this.timer.now() + retryAfterMs;
    this.channelNext.set(channelKey, Math.max(this.channelNext.get(channelKey) ?? 0, until));
    this.channelLastSend.set(channelKey, Math.max(this.channelLastSend.get(channelKey) ?? -Infinity, until - this.options.channelIntervalMs));
  }

  /**
   * Slack said 429 for the workspace: nothing more goes to it for `retryAfterMs`, and its rate drops
   * (once per penalty: the posts already in flight meet the same limit and say nothing new).
   */
  penalize(workspace: string, retryAfterMs: number): void {
    const now = this.timer.now();
    const held = this.penaltyUntil.get(workspace) ?? 0;
    // Slots were numbered at the old width: start afresh (waiters re-reserve after the penalty anyway).
    if (this.learner(workspace).onLimited(now, retryAfterMs)) {
      this.takenSlots.delete(workspace);
      this.keep(workspace);
    }
    this.penaltyUntil.set(workspace, Math.max(held, now + retryAfterMs));
  }

  private reserveSlot(workspace: string, earliest: number, now: number): number {
    let taken = this.takenSlots.get(workspace);
    if (!taken) this.takenSlots.set(workspace, (taken = new Set()));
    const slotMs = this.slotMs(workspace);
    let slot = Math.floor(earliest / slotMs);
    while (taken.has(slot)) slot++;
    taken.add(slot);
    // Past slots carry no information; drop them now and then so the set stays small.
    if (taken.size > 4096) {
      const current = Math.floor(now / slotMs);
      for (const s of taken) if (s < current) taken.delete(s);
    }
    return Math.max(earliest, slot * slotMs);
  }
}

/** One map key per (workspace, channel): channel ids are only unique within a workspace. */
function keyOf(workspace: string, channel: string): string {
  return `${workspace}\u0000${channel}`;
}
