/**
 * One workspace's posting rate, learned from Slack's answers. Slack does not publish a workspace's
 * limit, and every 429 costs the whole workspace its Retry-After (a second or more of no posts), so the
 * aim is few 429s: learn the limit in one or two, then stay just under it.
 *
 * - A 429 cuts the rate once per hold (the posts already in flight meet the same limit and say nothing
 *   new). When the posts accepted since sending resumed cover at least MIN_MEASURE_MS, they measure the
 *   limit: Slack accepted that many, so the rate goes to a little under that measure (never below
 *   CUT_DEEPEST of the rate, and always at least a few per cent down). Without such a measure (a burst
 *   that met the limit at once), the rate drops by a fifth.
 * - After a cut the rate holds for HOLD_MS past the Retry-After, then creeps back up additively
 *   (PROBE_SHARE of the rate it was cut to, at most once a second and only as posts are accepted, so an
 *   idle workspace does not drift up), so a limit that was raised is found again, at the cost of about
 *   one 429 per probe.
 * - Never above `maxRate` (the configured rate): the operator's cap, and what a replicas' shared pacer
 *   keeps to anyway.
 * Time comes in as a parameter (milliseconds, any monotonic origin), so tests drive it.
 */
export class WorkspaceRate {
  private rate: number;
  /** Answer times of accepted posts within the last MEASURE_MS. */
  private readonly accepted: number[] = [];
  /** When the current run of posting began: the first post after a pause, or the end of a hold. */
  private runStart: number | null = null;
  private lastAccepted = -Infinity;
  private heldUntil = -Infinity;
  /** The rate of the last cut (the base of the additive probe) and when growth may start. */
  private cutTo: number | null = null;
  private growFrom = -Infinity;
  private lastStep = -Infinity;

  constructor(private readonly maxRate: number) {
    this.rate = maxRate;
  }

  /** Posts per second allowed now. */
  get current(): number {
    return this.rate;
  }

  /** A post was accepted at `now`. Returns true when the rate changed (slots must be re-planned). */
  onAccepted(now: number): boolean {
    if (this.runStart === null || now - Math.max(this.lastAccepted, this.runStart) > RUN_GAP_MS) this.runStart = now;
    this.lastAccepted = now;
    this.accepted.push(now);
    while (this.accepted.length && now - this.accepted[0]! > MEASURE_MS) this.accepted.shift();
    if (this.cutTo === null || this.rate >= this.maxRate || now < this.growFrom) return false;
    if (now - this.lastStep < STEP_MS) return false;
    // Additive: the same step each second, whatever the rate has reached, so the probe stays gentle.
    this.lastStep = now;
    this.rate = Math.min(this.maxRate, this.rate + PROBE_SHARE * this.cutTo);
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
    const measured = this.measuredRate(now);
    const cut =
      measured === null
        ? this.rate * BLIND_CUT
        : Math.min(this.rate * CUT_LEAST, Math.max(this.rate * CUT_DEEPEST, measured * UNDER_MEASURE));
    this.rate = Math.max(MIN_RATE, cut);
    this.cutTo = this.rate;
    // The hold counts from the end of the Retry-After: the rate is judged by posting at it.
    this.growFrom = this.heldUntil + HOLD_MS;
    this.lastStep = this.growFrom - STEP_MS;
    this.runStart = this.heldUntil;
    this.accepted.length = 0;
    return true;
  }

  /** Accepted posts per second since posting resumed (at most MEASURE_MS back), or null when too short to tell. */
  private measuredRate(now: number): number | null {
    if (this.runStart === null) return null;
    const span = Math.min(MEASURE_MS, now - this.runStart);
    if (span < MIN_MEASURE_MS) return null;
    const count = this.accepted.filter((t) => t > now - span).length;
    return (count * 1000) / span;
  }
}

/** Posts accepted over this long measure the limit; a short burst (Slack allows some) would overstate it. */
const MEASURE_MS = 3_000;
const MIN_MEASURE_MS = 1_500;
/** A pause between posts longer than this starts a new run (idle time is not a measure of the limit). */
const RUN_GAP_MS = 1_000;
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
const MIN_RATE = 1;
