import { nextDueTime } from '../digests/next-due-time.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ScheduleAdvance } from '../store/delivery-repository.js';
import type { Store } from '../store/store.js';

export interface TickResult {
  /** Deliveries created by this tick (0 when another process got there first). */
  enqueued: number;
  /** Channels whose next due time this tick set or moved. */
  advanced: number;
}

/**
 * One scheduler tick: every channel whose due time has come gets its (channel, period) delivery
 * queued, and its next due time moved past `now`, in one statement per batch. Periods missed while
 * the bot was down are caught up once (the period of the stored due time), never once per missed
 * period. Safe to run in several processes at once.
 */
export async function runScheduleTick(store: Store, now: Date, logger: Logger): Promise<TickResult> {
  const result: TickResult = { enqueued: 0, advanced: 0 };
  for (let round = 0; round < 100; round++) {
    const due = await store.deliveries.dueChannels(now, 500);
    if (due.length === 0) break;
    const advances: ScheduleAdvance[] = [];
    for (const channel of due) {
      try {
        advances.push(planChannel(channel, now));
      } catch (err) {
        // A bad stored cadence or zone must not stop the other channels: pause this one and say why.
        const reason = `invalid schedule: ${errorMessage(err)}`;
        logger.warn({ channel: channel.id, reason }, 'channel schedule disabled');
        await store.deliveries.disableChannel(channel.id, reason, now);
      }
    }
    result.enqueued += await store.deliveries.advanceSchedules(advances, now);
    result.advanced += advances.length;
    if (due.length < 500) break;
  }
  if (result.enqueued > 0) logger.info({ enqueued: result.enqueued }, 'digests queued');
  return result;
}

function planChannel(channel: Awaited<ReturnType<Store['deliveries']['dueChannels']>>[number], now: Date): ScheduleAdvance {
  const { cadence, timeZone, nextDueAt } = channel;
  const base = { channelId: channel.id, oldDue: nextDueAt };
  if (cadence.kind === 'off') return { ...base, nextDue: null, periodKey: null };
  const nextDue = nextDueTime(cadence, timeZone, now);
  // First sight of the channel, or its stored due time no longer fits its cadence (the schedule was
  // changed without resetting next_due_at): just (re)schedule.
  if (!nextDueAt || nextDueTime(cadence, timeZone, new Date(nextDueAt.getTime() - 1))?.getTime() !== nextDueAt.getTime()) {
    return { ...base, nextDue, periodKey: null };
  }
  // A channel that follows no topic has nothing to send; keep its schedule moving.
  return { ...base, nextDue, periodKey: channel.topicCount > 0 ? scheduledPeriodKey(nextDueAt) : null };
}

/** The period key of a scheduled digest: its due instant, so each period is one row. */
export function scheduledPeriodKey(due: Date): string {
  return `scheduled:${due.toISOString()}`;
}
