import { describe, expect, it } from 'vitest';
import { localToInstant, nextDueTime } from '../../src/digests/next-due-time.js';

const weeklyMon9 = { kind: 'weekly', day: 1, time: '09:00' } as const;
const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Every due time from `start`, n times, each computed from the one before (as the scheduler does). */
function series(cadence: Parameters<typeof nextDueTime>[0], zone: string, start: string, n: number): string[] {
  const out: string[] = [];
  let at = new Date(start);
  for (let i = 0; i < n; i++) {
    at = nextDueTime(cadence, zone, at)!;
    out.push(at.toISOString());
  }
  return out;
}

describe('nextDueTime', () => {
  it('keeps Monday 09:00 Europe/Vilnius at 09:00 local across spring and autumn changes', () => {
    // EET (+02) until 29 March 2026, EEST (+03) until 25 October 2026.
    expect(series(weeklyMon9, 'Europe/Vilnius', '2026-03-20T00:00:00Z', 2)).toEqual(['2026-03-23T07:00:00.000Z', '2026-03-30T06:00:00.000Z']);
    expect(series(weeklyMon9, 'Europe/Vilnius', '2026-10-16T00:00:00Z', 2)).toEqual(['2026-10-19T06:00:00.000Z', '2026-10-26T07:00:00.000Z']);
  });

  it('keeps daily 08:30 America/New_York at 08:30 local across both changes', () => {
    expect(series({ kind: 'daily', time: '08:30' }, 'America/New_York', '2026-03-07T00:00:00Z', 3)).toEqual([
      '2026-03-07T13:30:00.000Z',
      '2026-03-08T12:30:00.000Z',
      '2026-03-09T12:30:00.000Z',
    ]);
    expect(series({ kind: 'daily', time: '08:30' }, 'America/New_York', '2026-10-31T00:00:00Z', 3)).toEqual([
      '2026-10-31T12:30:00.000Z',
      '2026-11-01T13:30:00.000Z',
      '2026-11-02T13:30:00.000Z',
    ]);
  });

  it('weekly Monday 09:00 in New York moves with the clocks', () => {
    expect(series(weeklyMon9, 'America/New_York', '2026-03-01T00:00:00Z', 2)).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
  });

  it('Asia/Tokyo has no DST: the same UTC instant while Europe and America change', () => {
    expect(series(weeklyMon9, 'Asia/Tokyo', '2026-03-01T00:00:00Z', 5)).toEqual([
      '2026-03-02T00:00:00.000Z',
      '2026-03-09T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z',
      '2026-03-23T00:00:00.000Z',
      '2026-03-30T00:00:00.000Z',
    ]);
    expect(series({ kind: 'daily', time: '23:45' }, 'Asia/Tokyo', '2026-10-24T00:00:00Z', 3)).toEqual([
      '2026-10-24T14:45:00.000Z',
      '2026-10-25T14:45:00.000Z',
      '2026-10-26T14:45:00.000Z',
    ]);
  });

  it('a time in the spring-forward gap moves forward by the gap, deterministically', () => {
    // New York skips 02:00-03:00 on 8 March 2026: 02:30 becomes 03:30 EDT.
    expect(series({ kind: 'daily', time: '02:30' }, 'America/New_York', '2026-03-07T00:00:00Z', 3)).toEqual([
      '2026-03-07T07:30:00.000Z',
      '2026-03-08T07:30:00.000Z',
      '2026-03-09T06:30:00.000Z',
    ]);
    // Vilnius skips 03:00-04:00 on 29 March 2026: 03:30 becomes 04:30 EEST.
    expect(iso(localToInstant('Europe/Vilnius', 2026, 2, 29, 3, 30))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a time that happens twice at fall-back fires once, at the first occurrence', () => {
    // New York repeats 01:00-02:00 on 1 November 2026.
    expect(series({ kind: 'daily', time: '01:30' }, 'America/New_York', '2026-10-31T00:00:00Z', 3)).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
    // Vilnius repeats 03:00-04:00 on 25 October 2026.
    expect(iso(localToInstant('Europe/Vilnius', 2026, 9, 25, 3, 30))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('is strictly after `after`, and a missed due time is not returned again', () => {
    const due = '2026-03-23T07:00:00.000Z';
    expect(iso(nextDueTime(weeklyMon9, 'Europe/Vilnius', new Date('2026-03-23T06:59:59.999Z')))).toBe(due);
    expect(iso(nextDueTime(weeklyMon9, 'Europe/Vilnius', new Date(due)))).toBe('2026-03-30T06:00:00.000Z');
    // The bot was down for three weeks: the next due time is after now, not each missed one.
    expect(iso(nextDueTime(weeklyMon9, 'Europe/Vilnius', new Date('2026-04-15T12:00:00Z')))).toBe('2026-04-20T06:00:00.000Z');
  });

  it('off has no due time; a bad time is refused', () => {
    expect(nextDueTime({ kind: 'off' }, 'UTC', new Date('2026-01-01T00:00:00Z'))).toBeNull();
    expect(() => nextDueTime({ kind: 'daily', time: '25:99' }, 'UTC', new Date())).toThrow('invalid cadence time "25:99"');
    expect(() => nextDueTime({ kind: 'daily', time: '09:00' }, 'Mars/Olympus_Mons', new Date())).toThrow('unknown time zone "Mars/Olympus_Mons"');
  });
});
