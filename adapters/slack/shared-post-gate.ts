import type { SharedLimits, SharedPacer, SharedPenalty, SharedWindow } from '../../src/limits/shared-limits.js';
import type { Logger } from '../../src/logger.js';

/** Added to the shared per-channel interval and to each second of the workspace rate: see the constructor. */
const MARGIN_MS = 50;

/**
 * Slack's posting limits across every replica. Each process keeps its own PostRateLimiter (fine-grained
 * pacing of its own posts); this gate then makes all replicas together keep to the limits one alone
 * would: a workspace's posting slots (one per 1/rate) are handed out from the shared store, a channel
 * takes one post per interval whoever posts, and a 429's Retry-After holds the workspace back in every
 * replica. A shared store that does not answer never stops a post: the local limiter still applies.
 */
export class SharedPostGate {
  private readonly slots: SharedPacer;
  private readonly channels: SharedWindow;
  private readonly held: SharedPenalty;
  private warned = false;
  private readonly intervalMs: number;
  private readonly channelIntervalMs: number;

  constructor(
    limits: SharedLimits,
    options: { channelIntervalMs: number; workspacePerSecond: number },
    private readonly deps: { logger: Logger; sleep?: (ms: number) => Promise<void> },
  ) {
    // Slots a little sparser than the rate (one per 1,050 ms / rate): posts reach Slack some milliseconds
    // after their slot, by a different delay in each replica, and at exactly the rate Slack's allowance never
    // refills, so any such bunching was a 429 (two replicas met 3 at 50/s on a loaded machine; one alone, 0).
    this.intervalMs = (1000 + MARGIN_MS) / options.workspacePerSecond;
    this.slots = limits.pacer('slack-workspace', this.intervalMs);
    // The window opens when a replica takes it; the post reaches Slack a store answer and a request later.
    // The margin covers the difference between two such delays, so the posts arrive an interval apart.
    this.channelIntervalMs = options.channelIntervalMs + MARGIN_MS;
    this.channels = limits.window('slack-channel', 1, this.channelIntervalMs);
    this.held = limits.penalty('slack-workspace');
  }

  private sleep(ms: number): Promise<void> {
    return this.deps.sleep ? this.deps.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Waits until this replica may post in `channel` of `workspace`. */
  async pass(workspace: string, channel: string): Promise<void> {
    try {
      for (let round = 0; round < 100; round++) {
        const held = await this.held.remaining(workspace);
        if (held > 0) {
          await this.sleep(held);
          continue;
        }
        // A slot is only good near its time: a post that wakes late (a busy event loop, a slow store)
        // takes a fresh slot rather than leave together with the posts of the next slots.
        for (let late = 0; late < 5; late++) {
          const at = await this.slots.reserve(workspace, Date.now());
          if (at > Date.now()) await this.sleep(at - Date.now());
          if (Date.now() - at <= this.intervalMs) break;
        }
        // The channel's interval is taken last, just before the post leaves: taken before the wait for a
        // workspace slot, two replicas' posts to one channel could leave much closer than the interval.
        const verdict = await this.channels.take(`${workspace}:${channel}`);
        if (!verdict.allowed) {
          await this.sleep(verdict.retryAfterMs);
          continue;
        }
        return;
      }
    } catch (err) {
      if (!this.warned) this.deps.logger.warn({ err: (err as Error).message }, 'slack: shared rate limits unavailable; pacing this replica alone');
      this.warned = true;
    }
  }

  /**
   * Slack answered a post in `channel`: its interval restarts now, in every replica. The window taken in
   * pass() opened before the post left; a post that then waited on a busy event loop or a slow store could
   * reach Slack late, and another replica's next post, timed from the window, less than an interval after it.
   * Counted from the answer, which comes after the post reached Slack, the next post cannot arrive sooner.
   */
  async posted(workspace: string, channel: string): Promise<void> {
    await this.channels.closeFor(`${workspace}:${channel}`, this.channelIntervalMs).catch(() => undefined);
  }

  /** Slack answered 429 for `workspace`: every replica holds back for `retryAfterMs`. */
  async penalize(workspace: string, retryAfterMs: number): Promise<void> {
    await this.held.hold(workspace, retryAfterMs).catch(() => undefined);
  }
}
