import { commandError, type ParseResult, type Weekday } from './command.js';

const DAYS: Record<string, Weekday> = {
  sun: 0, sunday: 0,
  mon: 1, monday: 1,
  tue: 2, tues: 2, tuesday: 2,
  wed: 3, weds: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5,
  sat: 6, saturday: 6,
};

/** `schedule weekly <day> <HH:MM> [zone] | daily <HH:MM> [zone] | off` (the words after `schedule`). */
export function parseSchedule(args: string[]): ParseResult {
  const [kind, ...rest] = args;
  if (!kind) return commandError('missing_arg', 'schedule', 'missing.schedule');
  switch (kind.toLowerCase()) {
    case 'off':
    case 'none':
    case 'stop':
      if (rest.length > 0) return unexpected(rest);
      return { ok: true, command: { name: 'schedule', schedule: { kind: 'off' } } };
    case 'weekly': {
      const [dayWord, timeWord, zoneWord, ...extra] = rest;
      if (!dayWord) return commandError('missing_arg', 'schedule', 'missing.scheduleDay');
      const day = DAYS[dayWord.toLowerCase()];
      if (day === undefined) return commandError('unknown_day', 'schedule', 'error.unknownDay', { text: clip(dayWord) });
      if (!timeWord) return commandError('missing_arg', 'schedule', 'missing.scheduleTime', { kind: 'weekly' });
      const time = parseTime(timeWord);
      if (!time) return commandError('bad_time', 'schedule', 'error.badTime', { text: clip(timeWord) });
      const zone = zoneWord === undefined ? null : parseTimeZone(zoneWord);
      if (zone === undefined) return commandError('unknown_zone', 'schedule', 'error.unknownZone', { text: clip(zoneWord!) });
      if (extra.length > 0) return unexpected(extra);
      return { ok: true, command: { name: 'schedule', schedule: { kind: 'weekly', day, time, timeZone: zone } } };
    }
    case 'daily': {
      const [timeWord, zoneWord, ...extra] = rest;
      if (!timeWord) return commandError('missing_arg', 'schedule', 'missing.scheduleTime', { kind: 'daily' });
      const time = parseTime(timeWord);
      if (!time) return commandError('bad_time', 'schedule', 'error.badTime', { text: clip(timeWord) });
      const zone = zoneWord === undefined ? null : parseTimeZone(zoneWord);
      if (zone === undefined) return commandError('unknown_zone', 'schedule', 'error.unknownZone', { text: clip(zoneWord!) });
      if (extra.length > 0) return unexpected(extra);
      return { ok: true, command: { name: 'schedule', schedule: { kind: 'daily', time, timeZone: zone } } };
    }
    default:
      return commandError('bad_schedule', 'schedule', 'error.badScheduleKind', { text: clip(kind) });
  }
}

/** "9:05" or "09:05" (24-hour) -> "09:05"; null for anything else, including 25:99. */
export function parseTime(word: string): string | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(word);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

let zoneIndex: Map<string, string> | null = null;

/**
 * An IANA zone name, case-insensitive, in its canonical spelling; undefined when unknown.
 * Offsets ("+03:00") and abbreviations ("CEST") are refused: only names keep DST right.
 */
export function parseTimeZone(word: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{1,63}$/.test(word)) return undefined;
  zoneIndex ??= new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((zone) => [zone.toLowerCase(), zone]));
  const listed = zoneIndex.get(word.toLowerCase());
  if (listed) return listed;
  // Links such as Asia/Kolkata or Etc/GMT+3 are valid IANA names not in the canonical list.
  if (!word.includes('/')) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: word }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function unexpected(words: string[]): ParseResult {
  return commandError('unexpected_args', 'schedule', 'error.unexpectedArgs', { command: 'schedule', args: clip(words.join(' ')) });
}

/** User text quoted back in an error, cut so 10 KB of junk does not come back at them. */
export function clip(text: string, max = 40): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}
