import { describe, expect, it } from 'vitest';
import { PostRateLimiter, type LimiterTimer } from '../../adapters/slack/post-rate-limiter.js';
import { WorkspaceRate } from '../../adapters/slack/workspace-rate.js';

/** Virtual time for concurrent sleepers: run(until) wakes them in time order, never waiting for real. */
class VirtualTimer implements LimiterTimer {
  t = 0;
  private waiters: { at: number; wake: () => void }[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.waiters.push({ at: this.t + ms, wake }));
  }
  async run(until: number): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      this.waiters.sort((a, b) => a.at - b.at);
      const next = this.waiters[0];
      if (!next || next.at > until) return;
      this.waiters.shift();
      this.t = Math.max(this.t, next.at);
      next.wake();
    }
  }
}

/** Slack's workspace limit as the fake server models it: a token bucket of `rate` a second holding `burst` posts; 429 with Retry-After 1 s beyond. */
class WorkspaceBucket {
  private tokens: number;
  private at = 0;
  readonly accepted: number[] = [];
  readonly limited: number[] = [];
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  take(now: number): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
    if (this.tokens < 1) {
      this.limited.push(now);
      return false;
    }
    this.tokens -= 1;
    this.accepted.push(now);
    return true;
  }
}

/** A backlog of posts to distinct channels (so only the workspace limit binds), `senders` at a time, for `seconds` of virtual time. */
async function fanOut(limiter: PostRateLimiter, timer: VirtualTimer, slack: WorkspaceBucket, seconds: number, rates: number[]): Promise<void> {
  let channel = 0;
  let stop = false;
  const sender = async () => {
    while (!stop) {
      const name = `C${channel++}`;
      await limiter.acquire('T', name);
      if (stop) return;
      if (slack.take(timer.now())) limiter.posted('T', name);
      else limiter.penalize('T', 1000);
    }
  };
  const senders = Array.from({ length: 20 }, sender);
  for (let s = 1; s <= seconds; s++) {
    await timer.run(s * 1000);
    rates.push(limiter.workspaceRate('T'));
  }
  stop = true;
  await timer.run(Infinity);
  await Promise.all(senders);
}

/** 429s that began a hold: the ones a second or more after the previous hold's start. */
function holds(times: number[]): number[] {
  const out: number[] = [];
  for (const t of times) if (!out.length || t >= out.at(-1)! + 1000) out.push(t);
  return out;
}

describe('WorkspaceRate', () => {
  it('cuts by 20 % on a 429 with nothing measured, once per hold', () => {
    const rate = new WorkspaceRate(150);
    expect(rate.onLimited(0, 1000)).toBe(true);
    expect(rate.onLimited(10, 1000)).toBe(false);
    expect(rate.current).toBeCloseTo(120, 10);
  });

  it('cuts to 95 % of what Slack accepted over the run when the run is long enough to measure', () => {
    const rate = new WorkspaceRate(110);
    // Posting resumed at 0 (its first post): 199 more accepted over the 2 s since, 99.5 a second.
    for (let i = 0; i < 200; i++) rate.onAccepted(i * 10);
    rate.onLimited(2000, 1000);
    expect(rate.current).toBeCloseTo(0.95 * 99.5, 10);
  });

  it('cuts at least 3 % and at most 20 % however the measure comes out', () => {
    const busy = new WorkspaceRate(100);
    for (let i = 0; i < 300; i++) busy.onAccepted(i * 6.67);
    busy.onLimited(2000, 1000);
    expect(busy.current).toBeCloseTo(97, 10);
    const quiet = new WorkspaceRate(100);
    // Few posts over the run (little demand): the measure says little about the limit.
    for (let i = 0; i < 20; i++) quiet.onAccepted(i * 100);
    quiet.onLimited(2000, 1000);
    expect(quiet.current).toBeCloseTo(80, 10);
  });

  it('holds 30 s of posting after a cut, then climbs by 1 % of the cut rate a second, up to the configured rate', () => {
    const rate = new WorkspaceRate(110);
    rate.onLimited(0, 1000);
    expect(rate.current).toBeCloseTo(88, 10);
    const seen: number[] = [];
    for (let t = 1000; t <= 100_000; t += 10) {
      rate.onAccepted(t);
      if (t % 10_000 === 0) seen.push(Math.round(rate.current * 100) / 100);
    }
    // Held until 31 s (1 s Retry-After + 30 s); +0.88 a second from then on (10 steps by 40 s); capped at 110 from 55 s.
    expect(seen).toEqual([88, 88, 88, 96.8, 105.6, 110, 110, 110, 110, 110]);
  });

  it('climbs only as posts are accepted, one step a second at most: an idle minute is not a minute of probing', () => {
    const rate = new WorkspaceRate(100);
    rate.onLimited(0, 1000);
    rate.onAccepted(100_000);
    rate.onAccepted(100_500);
    expect(rate.current).toBeCloseTo(80.8, 10);
    rate.onAccepted(101_000);
    expect(rate.current).toBeCloseTo(81.6, 10);
  });
});

describe('PostRateLimiter learning a workspace limit it was not told', () => {
  it('starting 50 % above a 100/s limit: two 429 holds, then 95–100 a second with no more 429s', async () => {
    const timer = new VirtualTimer();
    const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 150, timer });
    const slack = new WorkspaceBucket(100, 10);
    const rates: number[] = [];
    await fanOut(limiter, timer, slack, 30, rates);
    const starts = holds(slack.limited);
    expect(starts.length).toBe(2);
    expect(starts.at(-1)!).toBeLessThan(5_000);
    const learned = rates.slice(5);
    expect(Math.min(...learned)).toBeGreaterThanOrEqual(95);
    expect(Math.max(...learned)).toBeLessThanOrEqual(100);
    // Accepted over the last 25 s: within 5 % of what Slack allows.
    const late = slack.accepted.filter((t) => t > 5_000 && t <= 30_000).length;
    expect(late).toBeGreaterThanOrEqual(0.95 * 25 * 100);
  });

  it('over minutes of backlog it keeps probing: a 429 hold at most every 30 s, and at least 95 % of the limit accepted', async () => {
    const timer = new VirtualTimer();
    const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 150, timer });
    const slack = new WorkspaceBucket(100, 10);
    const rates: number[] = [];
    await fanOut(limiter, timer, slack, 150, rates);
    const starts = holds(slack.limited);
    expect(starts.length).toBeGreaterThanOrEqual(4);
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(30_000);
    expect(slack.accepted.filter((t) => t > 5_000).length).toBeGreaterThanOrEqual(0.95 * 145 * 100);
    expect(Math.max(...rates.slice(5))).toBeLessThanOrEqual(110);
  });

  it('finds a limit raised while it posts, by probing upward', async () => {
    const timer = new VirtualTimer();
    const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 200, timer });
    let slack = new WorkspaceBucket(50, 5);
    const rates: number[] = [];
    await fanOut(limiter, timer, slack, 20, rates);
    expect(rates.at(-1)!).toBeLessThanOrEqual(50);
    slack = new WorkspaceBucket(100, 10);
    const later: number[] = [];
    await fanOut(limiter, timer, slack, 120, later);
    expect(later.at(-1)!).toBeGreaterThanOrEqual(80);
  });
});
