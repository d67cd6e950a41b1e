import type { Cadence } from './schema.js';
import type { Database } from './database.js';

/**
 * The transactional outbox. Every state change is ONE SQL statement (data-modifying CTEs), so it is
 * atomic on PostgreSQL and on PGlite alike without holding a connection across awaits.
 *
 * Life of a row: pending -> sending (claimed under a lease) -> sent | empty, or back to pending
 * (retry later / released), or failed (retries exhausted) / dead (permanent: the channel is disabled).
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'empty' | 'failed' | 'dead';

export interface Delivery {
  id: number;
  channelId: string;
  periodKey: string;
  kind: 'scheduled' | 'manual';
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  workerId: string | null;
  windowStart: Date | null;
  /** Set once the digest's stories are chosen; a retry re-sends exactly those stories. */
  windowEnd: Date | null;
  storyIds: string[];
  messageId: string | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** When the first attempt began posting (bounds the recovery probe's history read). */
  firstPostAt: Date | null;
  /** When the latest attempt began posting; null when it certainly did not post. */
  lastPostAt: Date | null;
  /** The guarantee the channel had when the digest was sent. */
  guarantee: string | null;
}

/** A claimed row, and the status it had before the claim ('sending' means a lease expired mid-send). */
export type ClaimedDelivery = Delivery & { previousStatus: DeliveryStatus };

export interface DueChannel {
  id: string;
  cadence: Cadence;
  timeZone: string;
  nextDueAt: Date | null;
  topicCount: number;
}

/** One channel's tick decision: advance next_due_at from `oldDue` to `nextDue`; enqueue `periodKey` if set. */
export interface ScheduleAdvance {
  channelId: string;
  oldDue: Date | null;
  nextDue: Date | null;
  periodKey: string | null;
}

const FIELDS = ['channel_id', 'period_key', 'kind', 'status', 'attempts', 'next_attempt_at', 'lease_until', 'worker_id',
  'window_start', 'window_end', 'story_ids', 'message_id', 'last_error', 'created_at', 'sent_at', 'first_post_at', 'last_post_at', 'guarantee'];
/** The select list of a delivery row, optionally qualified by a table alias. */
const columns = (alias = '') => [`${alias}id::text AS id`, ...FIELDS.map((f) => alias + f)].join(', ');

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export class DeliveryRepository {
  constructor(private readonly database: Database) {}

  private q<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return this.database.query<T>(text, params);
  }

  /** Channels whose due time has come (or that have none yet), oldest first. */
  async dueChannels(now: Date, limit = 500): Promise<DueChannel[]> {
    const rows = await this.q(
      `SELECT id, cadence, time_zone, next_due_at, cardinality(topics) + jsonb_array_length(follows) AS topic_count FROM channels
        WHERE disabled_reason IS NULL
          AND ((next_due_at IS NULL AND cadence->>'kind' <> 'off') OR next_due_at <= $1::timestamptz)
        ORDER BY next_due_at NULLS FIRST, id LIMIT $2`,
      [iso(now), limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      cadence: (typeof r.cadence === 'string' ? JSON.parse(r.cadence) : r.cadence) as Cadence,
      timeZone: String(r.time_zone),
      nextDueAt: toDate(r.next_due_at),
      topicCount: Number(r.topic_count),
    }));
  }

  /**
   * Advance each channel's next_due_at and enqueue its period, in one statement. A channel whose
   * next_due_at another process already moved is left alone, and (channel, period) is unique, so
   * concurrent ticks enqueue each period once. Returns the number of deliveries created.
   */
  async advanceSchedules(advances: ScheduleAdvance[], now: Date): Promise<number> {
    if (advances.length === 0) return 0;
    const input = JSON.stringify(
      advances.map((a) => ({ channel_id: a.channelId, old_due: iso(a.oldDue), next_due: iso(a.nextDue), period_key: a.periodKey })),
    );
    const rows = await this.q(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(channel_id text, old_due timestamptz, next_due timestamptz, period_key text)
       ), advanced AS (
         UPDATE channels c SET next_due_at = i.next_due
           FROM input i
          WHERE c.id = i.channel_id AND c.next_due_at IS NOT DISTINCT FROM i.old_due AND c.disabled_reason IS NULL
         RETURNING c.id, i.period_key
       )
       INSERT INTO deliveries (channel_id, period_key, kind, status, next_attempt_at, created_at)
       SELECT id, period_key, 'scheduled', 'pending', $2::timestamptz, $2::timestamptz FROM advanced WHERE period_key IS NOT NULL
       ON CONFLICT (channel_id, period_key) DO NOTHING
       RETURNING id`,
      [input, iso(now)],
    );
    return rows.length;
  }

  /** Stop scheduling a channel and say why (shown by `cyberpolicy deliveries`). */
  async disableChannel(channelId: string, reason: string, now: Date): Promise<void> {
    await this.q(`UPDATE channels SET disabled_reason = $2, updated_at = $3::timestamptz WHERE id = $1`, [channelId, reason, iso(now)]);
  }

  /**
   * Queue a digest whose stories are already chosen (`digest post`). Exactly once per period key:
   * returns inserted=false when that key was queued before.
   */
  async enqueueFrozen(
    entry: { channelId: string; periodKey: string; kind: Delivery['kind']; windowStart: Date; windowEnd: Date; storyIds: string[] },
    now: Date,
  ): Promise<{ id: number; inserted: boolean }> {
    const inserted = await this.q<{ id: string }>(
      `INSERT INTO deliveries (channel_id, period_key, kind, status, next_attempt_at, created_at, window_start, window_end, story_ids)
       SELECT $1, $2, $3, 'pending', $4::timestamptz, $4::timestamptz, $5::timestamptz, $6::timestamptz, ARRAY(SELECT jsonb_array_elements_text($7::jsonb))
       ON CONFLICT (channel_id, period_key) DO NOTHING RETURNING id::text AS id`,
      [entry.channelId, entry.periodKey, entry.kind, iso(now), iso(entry.windowStart), iso(entry.windowEnd), JSON.stringify(entry.storyIds)],
    );
    if (inserted[0]) return { id: Number(inserted[0].id), inserted: true };
    const existing = await this.get(entry.channelId, entry.periodKey);
    return { id: existing?.id ?? 0, inserted: false };
  }

  /**
   * Claim up to `limit` rows for `workerId`: pending rows whose time has come, and 'sending' rows whose
   * lease expired (their worker died). FOR UPDATE SKIP LOCKED lets many workers claim in parallel
   * without waiting on or taking each other's rows.
   */
  async claim(workerId: string, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
    const rows = await this.q(
      `WITH picked AS (
         SELECT id, status AS previous_status FROM deliveries
          WHERE (status = 'pending' AND next_attempt_at <= $2::timestamptz)
             OR (status = 'sending' AND lease_until <= $2::timestamptz)
          ORDER BY next_attempt_at, id
          LIMIT $4
          FOR UPDATE SKIP LOCKED
       )
       UPDATE deliveries d
          SET status = 'sending', worker_id = $1, lease_until = $3::timestamptz, attempts = d.attempts + 1
         FROM picked
        WHERE d.id = picked.id
       RETURNING ${columns('d.')}, picked.previous_status`,
      [workerId, iso(now), iso(new Date(now.getTime() + leaseMs)), limit],
    );
    return rows.map((r) => ({ ...toDelivery(r), previousStatus: String(r.previous_status) as DeliveryStatus }));
  }

  /** Record the stories chosen for a claimed row, so a retry sends the same digest. False if the lease was lost. */
  async freeze(id: number, workerId: string, window: { start: Date; end: Date }, storyIds: string[]): Promise<boolean> {
    const rows = await this.q(
      `UPDATE deliveries SET window_start = $3::timestamptz, window_end = $4::timestamptz, story_ids = ARRAY(SELECT jsonb_array_elements_text($5::jsonb))
        WHERE id = $1 AND worker_id = $2 AND status = 'sending' RETURNING id`,
      [id, workerId, iso(window.start), iso(window.end), JSON.stringify(storyIds)],
    );
    return rows.length === 1;
  }

  /**
   * Keep the lease while a slow post is in flight. With `postingAt`, also record that an attempt begins
   * posting now (first_post_at, last_post_at), in the same statement. False if the lease was lost.
   */
  async extendLease(id: number, workerId: string, until: Date, postingAt?: Date): Promise<boolean> {
    const rows = await this.q(
      `UPDATE deliveries SET lease_until = $3::timestamptz,
              first_post_at = CASE WHEN $4::timestamptz IS NULL THEN first_post_at ELSE COALESCE(first_post_at, $4::timestamptz) END,
              last_post_at = COALESCE($4::timestamptz, last_post_at)
        WHERE id = $1 AND worker_id = $2 AND status = 'sending' RETURNING id`,
      [id, workerId, iso(until), iso(postingAt)],
    );
    return rows.length === 1;
  }

  /**
   * Mark sent, remember its stories as sent to the channel and move the channel's last digest time,
   * in one statement. `status` is 'empty' when nothing was posted. False if the lease was lost.
   */
  async complete(id: number, workerId: string, outcome: { status: 'sent' | 'empty'; messageId: string | null; guarantee?: string }, now: Date): Promise<boolean> {
    const rows = await this.q(
      `WITH done AS (
         UPDATE deliveries SET status = $3, message_id = $4, sent_at = $5::timestamptz, lease_until = NULL, last_error = NULL, guarantee = $6
          WHERE id = $1 AND worker_id = $2 AND status = 'sending'
         RETURNING channel_id, story_ids, window_end
       ), stories AS (
         INSERT INTO sent_stories (channel_id, story_id, sent_at)
         SELECT done.channel_id, s, $5::timestamptz FROM done, unnest(done.story_ids) AS s
         ON CONFLICT DO NOTHING
       ), channel AS (
         UPDATE channels c SET last_digest_at = GREATEST(c.last_digest_at, done.window_end)
           FROM done WHERE c.id = done.channel_id
       )
       SELECT channel_id FROM done`,
      [id, workerId, outcome.status, outcome.messageId, iso(now), outcome.guarantee ?? null],
    );
    return rows.length === 1;
  }

  /**
   * Give the row back for a later attempt (transient failure, rate limit). `notPosted`: the platform
   * answered that it did not post, so the next attempt need not ask whether this one landed.
   */
  async retryLater(id: number, workerId: string, nextAttemptAt: Date, error: string, notPosted = false): Promise<boolean> {
    const rows = await this.q(
      `UPDATE deliveries SET status = 'pending', next_attempt_at = $3::timestamptz, lease_until = NULL, worker_id = NULL, last_error = $4,
              last_post_at = CASE WHEN $5::boolean THEN NULL ELSE last_post_at END
        WHERE id = $1 AND worker_id = $2 AND status = 'sending' RETURNING id`,
      [id, workerId, iso(nextAttemptAt), error.slice(0, 1000), notPosted],
    );
    return rows.length === 1;
  }

  /**
   * Give up: 'failed' (retries exhausted) or 'dead' (permanent). A dead delivery also disables the
   * channel's schedule with `disableReason`, in the same statement.
   */
  async fail(id: number, workerId: string, status: 'failed' | 'dead', error: string, now: Date, disableReason?: string): Promise<boolean> {
    const rows = await this.q(
      `WITH gone AS (
         UPDATE deliveries SET status = $3, last_error = $4, lease_until = NULL
          WHERE id = $1 AND worker_id = $2 AND status = 'sending'
         RETURNING channel_id
       ), channel AS (
         UPDATE channels c SET disabled_reason = $6, updated_at = $5::timestamptz
           FROM gone WHERE c.id = gone.channel_id AND $6::text IS NOT NULL
       )
       SELECT channel_id FROM gone`,
      [id, workerId, status, error.slice(0, 1000), iso(now), disableReason ?? null],
    );
    return rows.length === 1;
  }

  /** Shutdown: hand claimed rows back at once so another process takes them without waiting for the lease. */
  async release(ids: number[], workerId: string, now: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await this.q(
      `UPDATE deliveries SET status = 'pending', lease_until = NULL, worker_id = NULL, next_attempt_at = $3::timestamptz
        WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) AND worker_id = $2 AND status = 'sending' RETURNING id`,
      [JSON.stringify(ids), workerId, iso(now)],
    );
    return rows.length;
  }

  async get(channelId: string, periodKey: string): Promise<Delivery | null> {
    const rows = await this.q(`SELECT ${columns()} FROM deliveries WHERE channel_id = $1 AND period_key = $2`, [channelId, periodKey]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  /** Newest first; `failedOnly` keeps failed and dead rows. */
  async list(options: { failedOnly?: boolean; channelId?: string; limit?: number } = {}): Promise<(Delivery & { disabledReason: string | null })[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (options.failedOnly) where.push(`d.status IN ('failed', 'dead')`);
    if (options.channelId) {
      params.push(options.channelId);
      where.push(`d.channel_id = $${params.length}`);
    }
    params.push(options.limit ?? 100);
    const rows = await this.q(
      `SELECT ${columns('d.')}, c.disabled_reason FROM deliveries d LEFT JOIN channels c ON c.id = d.channel_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({ ...toDelivery(r), disabledReason: (r.disabled_reason as string | null) ?? null }));
  }

  /** Rows waiting to be sent or being sent (the /metrics queue depth). */
  async queueDepth(): Promise<number> {
    const rows = await this.q<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE status IN ('pending', 'sending')`);
    return Number(rows[0]?.n ?? 0);
  }

  /** Story ids already delivered to the channel. */
  async sentStoryIds(channelId: string): Promise<Set<string>> {
    const rows = await this.q<{ story_id: string }>(`SELECT story_id FROM sent_stories WHERE channel_id = $1`, [channelId]);
    return new Set(rows.map((r) => r.story_id));
  }
}

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

function toDelivery(r: Record<string, unknown>): Delivery {
  return {
    id: Number(r.id),
    channelId: String(r.channel_id),
    periodKey: String(r.period_key),
    kind: String(r.kind) as Delivery['kind'],
    status: String(r.status) as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: toDate(r.next_attempt_at)!,
    leaseUntil: toDate(r.lease_until),
    workerId: (r.worker_id as string | null) ?? null,
    windowStart: toDate(r.window_start),
    windowEnd: toDate(r.window_end),
    storyIds: Array.isArray(r.story_ids) ? (r.story_ids as string[]) : [],
    messageId: (r.message_id as string | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: toDate(r.created_at)!,
    sentAt: toDate(r.sent_at),
    firstPostAt: toDate(r.first_post_at),
    lastPostAt: toDate(r.last_post_at),
    guarantee: (r.guarantee as string | null) ?? null,
  };
}
