import { TZDate, tzOffset } from '@date-fns/tz';
import type { Cadence } from '../store/schema.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * The first due instant of `cadence` strictly after `after`, in the IANA zone `timeZone`; null when off.
 * Wall-clock times stay put across DST ("Monday 09:00 Europe/Vilnius" is 09:00 local all year).
 * A local time that does not exist (spring-forward gap) moves forward by the gap's length, as
 * JavaScript does (02:30 on the New York change day is 03:30 EDT). A local time that happens twice
 * (fall-back) is the first of the two. Both rules are deterministic.
 */
export function nextDueTime(cadence: Cadence, timeZone: string, after: Date): Date | null {
  if (cadence.kind === 'off') return null;
  // @date-fns/tz quietly treats an unknown zone as UTC; a wrong zone must be an error, not a wrong hour.
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown time zone "${timeZone}"`);
  const [hour, minute] = parseTime(cadence.time);
  const local = TZDate.tz(timeZone, after);
  // Local calendar day of `after`, as a UTC midnight we can add days to without DST surprises.
  const startDay = Date.UTC(local.getFullYear(), local.getMonth(), local.getDate());
  for (let k = 0; k <= 8; k++) {
    const day = new Date(startDay + k * DAY);
    if (cadence.kind === 'weekly' && day.getUTCDay() !== cadence.day) continue;
    const due = localToInstant(timeZone, day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute);
    if (due.getTime() > after.getTime()) return due;
  }
  return null; // unreachable for valid cadences: a weekly day always comes within 8 days
}

/** The instant a wall-clock time in `timeZone` names (see nextDueTime for gaps and overlaps). */
export function localToInstant(timeZone: string, year: number, month: number, date: number, hour: number, minute: number): Date {
  const wall = Date.UTC(year, month, date, hour, minute);
  // The offset just before and just after any transition near this day; at most two distinct values.
  const offsets = [...new Set([tzOffset(timeZone, new Date(wall - DAY)), tzOffset(timeZone, new Date(wall + DAY))])].sort((a, b) => b - a);
  const valid = offsets.map((o) => wall - o * MINUTE).filter((t) => wall - tzOffset(timeZone, new Date(t)) * MINUTE === t);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In a gap: read the wall time with the offset in force before the jump, which lands after it.
  return new Date(wall - tzOffset(timeZone, new Date(wall - DAY)) * MINUTE);
}

function parseTime(time: string): [number, number] {
  const match = /^(\d{1,2}):(\d{2})$/.exec(time);
  const hour = match ? Number(match[1]) : NaN;
  const minute = match ? Number(match[2]) : NaN;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) throw new RangeError(`invalid cadence time "${time}"`);
  return [hour, minute];
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  let valid = zoneCache.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    if (zoneCache.size < 1_000) zoneCache.set(timeZone, valid);
  }
  return valid;
}

const zoneCache = new Map<string, boolean>();
