/**
 * One workspace's posting rate, learned from Slack's answers. Slack does not publish a workspace's
 * limit, and every 429 costs the whole workspace its Retry-After (a second or more of no posts), so the
 * aim is few 429s: learn the limit in one or two, then stay just under it.
 *
 * What Slack accepted says something about its limit only while we offered more than it: posts
 * waiting on this rate (the limiter reports those periods, `onWaiting`). When composition, not the
 * rate, sets the pace, the accepted rate is our own pace; cutting to it after a 429 ratcheted the rate
 * down run after run (a bench run learned 43.5/s against a 100/s limit). So a 429 is read by what led
 * to it:
 * - Demand above the rate for most of the last MEASURE_MS ("saturated"): Slack accepted that many, so
 *   the rate goes a little under that measure (never below CUT_DEEPEST of the rate, always at least a
 *   few per cent down). This sets the ceiling the rate recovers to.
 * - Demand above the rate, but for too short a run to measure (a burst that met the limit at once, as
 *   at the start of a fan-out): the rate drops by a fifth, and so does the ceiling.
 * - Our own pace was below the rate: the posts bunched (an event-loop stall let several leave
 *   together) or Slack's limit is below our pace. The rate drops a little (CUT_LEAST) and, with no
 *   other 429 for QUICK_HOLD_MS past the Retry-After, climbs back to the ceiling within a few seconds.
 *   A second such 429 within REPEAT_MS means the limit, not a stall: the rate and the ceiling go down
 *   to our accepted pace (at most a fifth off).
 * - After a cut of the ceiling the rate holds for HOLD_MS past the Retry-After, then creeps back up
 *   additively (PROBE_SHARE of the rate it was cut to, at most once a second and only as posts are
 *   accepted, so an idle workspace does not drift up), so a limit that was raised is found again, at
 *   the cost of about one 429 per probe.
 * - Never above `maxRate` (the configured rate): the operator's cap, and what a replicas' shared pacer
 *   keeps to anyway.
 * Time comes in as a parameter (milliseconds, any monotonic origin), so tests drive it.
 */
export class WorkspaceRate {
  private rate: number;
  /** The rate as the last cut of the limit (or the probe above it) left it: quick recovery stops here. */
  private ceiling: number;
  /** Answer times of accepted posts within the last MEASURE_MS. */
  private readonly accepted: number[] = [];
  /** Periods when posts waited on this rate (demand above it), merged and in order, within MEASURE_MS. */
  private readonly waiting: [number, number][] = [];
  /** When the current run of posting began: the first post after a pause, or the end of a hold. */
  private runStart: number | null = null;
  private lastAccepted = -Infinity;
  private heldUntil = -Infinity;
  /** The rate of the last cut of the ceiling (the base of the additive probe) and when probing may start. */
  private cutTo: number | null = null;
  private growFrom = -Infinity;
  private lastStep = -Infinity;
  /** When a cut for a 429 at our own pace may start climbing back, and when that 429 came. */
  private quickFrom = -Infinity;
  private lastPaceLimited = -Infinity;

  /** A rate learned before (kept in the store): hold it for HOLD_MS from the first post, then probe as after a cut. */
  private holdFromFirstPost = false;

  /** `learned`: the limit as an earlier run learned it (LearnedWorkspaceRates); the workspace starts there. */
  constructor(
    private readonly maxRate: number,
    learned?: number,
  ) {
    this.rate = maxRate;
    this.ceiling = maxRate;
    if (learned !== undefined && learned > 0 && learned < maxRate) {
      this.rate = this.ceiling = this.cutTo = Math.max(MIN_RATE, learned);
      this.holdFromFirstPost = true;
    }
  }

  /** Posts per second allowed now. */
  get current(): number {
    return this.rate;
  }

  /**
   * The limit as learned so far: the rate the last cut or probe left, which a 429 at our own pace
   * (likely a stall) does not move. This is what is worth keeping across restarts.
   */
  get limit(): number {
    return this.ceiling;
  }

  /** A post waits on this rate from `from` (now) to `until` (demand is above it then). */
  onWaiting(from: number, until: number): void {
    if (until <= from) return;
    const last = this.waiting.at(-1);
    if (last && from <= last[1] + JOIN_MS) last[1] = Math.max(last[1], until);
    else this.waiting.push([from, until]);
    while (this.waiting.length && this.waiting[0]![1] < from - MEASURE_MS) this.waiting.shift();
  }

  /** A post was accepted at `now`. Returns true when the rate changed (slots must be re-planned). */
  onAccepted(now: number): boolean {
    if (this.holdFromFirstPost) {
      this.holdFromFirstPost = false;
      this.growFrom = now + HOLD_MS;
      this.lastStep = this.growFrom - STEP_MS;
    }
    if (this.runStart === null || now - Math.max(this.lastAccepted, this.runStart) > RUN_GAP_MS) this.runStart = now;
    this.lastAccepted = now;
    this.accepted.push(now);
    while (this.accepted.length && now - this.accepted[0]! > MEASURE_MS) this.accepted.shift();
    if (now - this.lastStep < STEP_MS) return false;
    if (this.rate < this.ceiling) {
      // Back to the ceiling after a cut for a 429 at our own pace: the limit was not what it showed.
      if (now < this.quickFrom) return false;
      this.lastStep = now;
      this.rate = Math.min(this.ceiling, this.rate + QUICK_SHARE * this.ceiling);
      return true;
    }
    if (this.cutTo === null || this.rate >= this.maxRate || now < this.growFrom) return false;
    // Additive: the same step each second, whatever the rate has reached, so the probe stays gentle.
    this.lastStep = now;
    this.rate = Math.min(this.maxRate, this.rate + PROBE_SHARE * this.cutTo);
    this.ceiling = this.rate;
    return true;
  }

  /**
   * Slack answered 429 for the workspace at `now`, asking for `retryAfterMs`. Returns true when this
   * cut the rate (the first 429 of a hold), false when it only extended the hold.
   */
  onLimited(now: number, retryAfterMs: number): boolean {
    const fresh = this.heldUntil <= now;
    this.heldUntil = Math.max(this.heldUntil, now + retryAfterMs);
    if (!fresh) return false;
    const seen = this.measure(now);
    if (seen.kind === 'pace' && now - this.lastPaceLimited > REPEAT_MS) {
      // Most likely a bunch of posts after a stall: a small cut, soon undone.
      this.lastPaceLimited = now;
      this.rate = Math.max(MIN_RATE, this.rate * CUT_LEAST);
      this.quickFrom = this.heldUntil + QUICK_HOLD_MS;
      this.lastStep = this.quickFrom - STEP_MS;
    } else {
      let cut: number;
      if (seen.kind === 'pace') {
        // The second 429 at our own pace within REPEAT_MS: Slack's limit is below that pace.
        this.lastPaceLimited = now;
        cut = Math.min(this.rate * CUT_LEAST, Math.max(this.rate * CUT_DEEPEST, seen.perSecond ?? 0));
      } else if (seen.kind === 'saturated') {
        cut = Math.min(this.rate * CUT_LEAST, Math.max(this.rate * CUT_DEEPEST, seen.perSecond * UNDER_MEASURE));
      } else {
        cut = this.rate * BLIND_CUT;
      }
      this.rate = Math.max(MIN_RATE, cut);
      this.ceiling = this.rate;
      this.cutTo = this.rate;
      // The hold counts from the end of the Retry-After: the rate is judged by posting at it.
      this.growFrom = this.heldUntil + HOLD_MS;
      this.lastStep = this.growFrom - STEP_MS;
      this.quickFrom = -Infinity;
    }
    this.runStart = this.heldUntil;
    this.accepted.length = 0;
    this.waiting.length = 0;
    return true;
  }

  /**
   * What the posts since posting resumed (at most MEASURE_MS back) say: 'saturated' with Slack's
   * accepted rate when posts waited on this rate for most of that time; 'burst' when they waited but
   * the run is too short to measure; 'pace' when our own pace was below the rate (with that pace, when
   * the run is long enough to measure it).
   */
  private measure(now: number): { kind: 'saturated'; perSecond: number } | { kind: 'burst' } | { kind: 'pace'; perSecond: number | null } {
    const span = this.runStart === null ? 0 : Math.min(MEASURE_MS, now - this.runStart);
    const from = now - span;
    let waited = 0;
    for (const [a, b] of this.waiting) waited += Math.max(0, Math.min(b, now) - Math.max(a, from));
    const perSecond = span > 0 ? (this.accepted.filter((t) => t > from).length * 1000) / span : 0;
    if (span < MIN_MEASURE_MS) return this.waiting.some(([, b]) => b > now - MIN_MEASURE_MS) ? { kind: 'burst' } : { kind: 'pace', perSecond: null };
    return waited >= SATURATED_SHARE * span ? { kind: 'saturated', perSecond } : { kind: 'pace', perSecond };
  }
}

/** Posts accepted over this long measure the limit; a short burst (Slack allows some) would overstate it. */
const MEASURE_MS = 3_000;
const MIN_MEASURE_MS = 1_500;
/** A pause between posts longer than this starts a new run (idle time is not a measure of the limit). */
const RUN_GAP_MS = 1_000;
/** Waits this close together count as one period of demand above the rate (a post between two slots). */
const JOIN_MS = 50;
/** Posts must have waited on the rate for this share of the measured run for it to measure Slack's limit. */
const SATURATED_SHARE = 0.75;
/** The cut goes this far under the measured rate: a burst allowance inflates the measure a little. */
const UNDER_MEASURE = 0.95;
/**
 * Every cut takes at least 3 % off and at most 20 %. A measure can be far below the limit on a starved
 * machine (posts that could not leave, then left bunched and met a 429): trusting it fully ratcheted a
 * bench run under load down to 37/s.
 */
const CUT_LEAST = 0.97;
const CUT_DEEPEST = 0.8;
/** With nothing measured, 20 % off. */
const BLIND_CUT = 0.8;
/** Time at the cut rate before probing upward, and the probe's step. */
const HOLD_MS = 30_000;
const STEP_MS = 1_000;
const PROBE_SHARE = 0.01;
/** After a 429 at our own pace: this long past the Retry-After, then back to the ceiling in steps of this share of it. */
const QUICK_HOLD_MS = 2_000;
const QUICK_SHARE = 0.05;
/**
 * A second 429 at our own pace within this long is Slack's limit, not a stall: a limit below our pace
 * refuses posts again within a few seconds of each hold (Slack's burst allowance over the excess rate).
 * Longer, and stalls every few seconds on a loaded machine would ratchet the rate down again.
 */
const REPEAT_MS = 5_000;
const MIN_RATE = 1;
