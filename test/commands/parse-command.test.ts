import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/commands/command.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { parseTimeZone } from '../../src/commands/parse-schedule.js';

function ok(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected "${text}" to parse, got ${JSON.stringify(result.error)}`);
  return result.command;
}

function err(text: string) {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected "${text}" to fail, got ${JSON.stringify(result.command)}`);
  return result.error;
}

describe('command grammar', () => {
  it.each<[string, Command]>([
    ['paris-call', { name: 'topic', words: 'paris-call', period: null }],
    ['paris call', { name: 'topic', words: 'paris call', period: null }],
    ['Appel de Paris', { name: 'topic', words: 'Appel de Paris', period: null }],
    ['نداء باريس', { name: 'topic', words: 'نداء باريس', period: null }],
    ['paris-call 90d', { name: 'topic', words: 'paris-call', period: { kind: 'days', days: 90 } }],
    ['paris-call since 2018-11-01', { name: 'topic', words: 'paris-call', period: { kind: 'since', date: '2018-11-01' } }],
    ['Paris Call SINCE 2026-11-01', { name: 'topic', words: 'Paris Call', period: { kind: 'since', date: '2026-11-01' } }],
    ['search Kaspersky', { name: 'search', words: 'Kaspersky' }],
    ['SEARCH  cyber   norms ', { name: 'search', words: 'cyber norms' }],
    ['subscribe paris-call', { name: 'subscribe', topics: ['paris-call'] }],
    ['subscribe paris-call, ransomware', { name: 'subscribe', topics: ['paris-call', 'ransomware'] }],
    ['subscribe paris call and ransomware', { name: 'subscribe', topics: ['paris call', 'ransomware'] }],
    ['subscribe paris-call ransomware', { name: 'subscribe', topics: ['paris-call ransomware'] }],
    ['unsubscribe paris-call', { name: 'unsubscribe', topics: ['paris-call'] }],
    ['unsubscribe all', { name: 'unsubscribe-all' }],
    ['unsubscribe ALL', { name: 'unsubscribe-all' }],
    ['list', { name: 'list' }],
    ['topics', { name: 'topics' }],
    ['digest', { name: 'digest', post: false }],
    ['digest post', { name: 'digest', post: true }],
    ['schedule weekly mon 09:00 Europe/Vilnius', { name: 'schedule', schedule: { kind: 'weekly', day: 1, time: '09:00', timeZone: 'Europe/Vilnius' } }],
    ['schedule weekly Monday 9:00', { name: 'schedule', schedule: { kind: 'weekly', day: 1, time: '09:00', timeZone: null } }],
    ['schedule weekly sun 23:59 utc', { name: 'schedule', schedule: { kind: 'weekly', day: 0, time: '23:59', timeZone: 'UTC' } }],
    ['schedule daily 08:30', { name: 'schedule', schedule: { kind: 'daily', time: '08:30', timeZone: null } }],
    ['schedule daily 08:30 america/new_york', { name: 'schedule', schedule: { kind: 'daily', time: '08:30', timeZone: 'America/New_York' } }],
    ['schedule off', { name: 'schedule', schedule: { kind: 'off' } }],
    ['sources', { name: 'sources' }],
    ['sources add https://example.org/feed.xml', { name: 'sources-add', url: 'https://example.org/feed.xml' }],
    ['sources add <https://example.org/feed.xml|example.org/feed.xml>', { name: 'sources-add', url: 'https://example.org/feed.xml' }],
    ['sources remove https://example.org/feed.xml#x', { name: 'sources-remove', url: 'https://example.org/feed.xml' }],
    ['help', { name: 'help', command: null }],
    ['help schedule', { name: 'help', command: 'schedule' }],
    ['help topic', { name: 'help', command: 'topic' }],
    ['', { name: 'help', command: null }],
    ['/cyberpolicy list', { name: 'list' }],
    ['/cyberpolicy', { name: 'help', command: null }],
    ['<@U0BOT> list', { name: 'list' }],
    ['<at>cyberpolicy</at> subscribe paris-call', { name: 'subscribe', topics: ['paris-call'] }],
    ['\u200Blist\u200F', { name: 'list' }],
    ['\u202Bsubscribe\u202C paris-call', { name: 'subscribe', topics: ['paris-call'] }],
    ['ｌｉｓｔ', { name: 'list' }],
    ['list\u00A0', { name: 'list' }],
  ])('%s', (text, expected) => {
    expect(ok(text)).toEqual(expected);
  });
});

describe('command errors carry a specific message and the right help line', () => {
  it.each<[string, string, string | null, string]>([
    ['schedule weekly funday 09:00', 'unknown_day', 'schedule', 'error.unknownDay'],
    ['schedule weekly mon 25:99', 'bad_time', 'schedule', 'error.badTime'],
    ['schedule daily 24:00', 'bad_time', 'schedule', 'error.badTime'],
    ['schedule daily 9am', 'bad_time', 'schedule', 'error.badTime'],
    ['schedule weekly mon 09:00 Mars/Olympus_Mons', 'unknown_zone', 'schedule', 'error.unknownZone'],
    ['schedule weekly mon 09:00 +03:00', 'unknown_zone', 'schedule', 'error.unknownZone'],
    ['schedule weekly mon 09:00 CEST', 'unknown_zone', 'schedule', 'error.unknownZone'],
    ['schedule sometimes', 'bad_schedule', 'schedule', 'error.badScheduleKind'],
    ['schedule', 'missing_arg', 'schedule', 'missing.schedule'],
    ['schedule weekly', 'missing_arg', 'schedule', 'missing.scheduleDay'],
    ['schedule weekly mon', 'missing_arg', 'schedule', 'missing.scheduleTime'],
    ['schedule daily', 'missing_arg', 'schedule', 'missing.scheduleTime'],
    ['schedule off now', 'unexpected_args', 'schedule', 'error.unexpectedArgs'],
    ['schedule daily 08:30 UTC extra', 'unexpected_args', 'schedule', 'error.unexpectedArgs'],
    ['search', 'missing_arg', 'search', 'missing.search'],
    ['subscribe', 'missing_arg', 'subscribe', 'missing.subscribe'],
    ['unsubscribe', 'missing_arg', 'unsubscribe', 'missing.unsubscribe'],
    ['list everything', 'unexpected_args', 'list', 'error.unexpectedArgs'],
    ['topics please', 'unexpected_args', 'topics', 'error.unexpectedArgs'],
    ['digest now', 'unexpected_args', 'digest', 'error.badSubcommand'],
    ['sources add', 'missing_arg', 'sources', 'missing.sourceUrl'],
    ['sources add file:///etc/passwd', 'bad_url', 'sources', 'error.badUrl'],
    ['sources add https://user:pw@example.org/feed', 'bad_url', 'sources', 'error.badUrl'],
    ['sources add not-a-url', 'bad_url', 'sources', 'error.badUrl'],
    ['sources purge', 'unexpected_args', 'sources', 'error.badSubcommand'],
    ['sources add https://a.org/x https://b.org/y', 'unexpected_args', 'sources', 'error.unexpectedArgs'],
    ['paris-call 0d', 'bad_period', 'topic', 'error.badPeriod'],
    ['paris-call 99999d', 'bad_period', 'topic', 'error.periodTooLong'],
    ['paris-call 100000d', 'bad_period', 'topic', 'error.periodTooLong'],
    ['paris-call 3651d', 'bad_period', 'topic', 'error.periodTooLong'],
    ['paris-call since 2026-02-30', 'bad_date', 'topic', 'error.badDate'],
    ['paris-call since yesterday', 'bad_date', 'topic', 'error.badDate'],
    ['paris-call since', 'bad_period', 'topic', 'error.badPeriod'],
    ['help frobnicate', 'unknown_help_topic', 'help', 'error.unknownHelpTopic'],
  ])('%s -> %s', (text, code, command, key) => {
    const error = err(text);
    expect(error.code).toBe(code);
    expect(error.command).toBe(command);
    expect(error.message.key).toBe(key);
  });

  it('quotes the bad schedule input back', () => {
    expect(err('schedule weekly mon 25:99').message.params).toEqual({ text: '25:99' });
    expect(err('schedule weekly funday 09:00').message.params).toEqual({ text: 'funday' });
    expect(err('schedule weekly mon 09:00 Mars/Base').message.params).toEqual({ text: 'Mars/Base' });
  });

  it('suggests a command for a misspelt help topic', () => {
    expect(err('help shedule').candidates).toEqual(['schedule']);
  });

  it('refuses 10 KB of junk with a clear "too long" error, quickly', () => {
    const junk = 'x'.repeat(10_240);
    const error = err(junk);
    expect(error.code).toBe('too_long');
    expect(error.message.params).toEqual({ length: 10_240, max: 1000 });
    expect(err('search ' + 'ab '.repeat(400)).code).toBe('too_long');
  });

  it('refuses a topic phrase far longer than any topic name', () => {
    const error = err('word '.repeat(60).trim());
    expect(error.code).toBe('unknown_command');
    expect(String(error.message.params?.word).length).toBeLessThanOrEqual(41);
  });
});

describe('time zones', () => {
  it('accepts IANA names in any case, and links, in canonical spelling', () => {
    expect(parseTimeZone('europe/VILNIUS')).toBe('Europe/Vilnius');
    expect(parseTimeZone('Asia/Tokyo')).toBe('Asia/Tokyo');
    expect(parseTimeZone('UTC')).toBe('UTC');
    expect(parseTimeZone('Asia/Kolkata')).toBeTypeOf('string');
  });
  it('refuses offsets, abbreviations and made-up zones', () => {
    for (const zone of ['+03:00', 'EST5', 'CEST', 'Mars/Base', 'Europe/Atlantis', '../../etc', 'Europe/Vilnius\u0000']) {
      expect(parseTimeZone(zone)).toBeUndefined();
    }
  });
});
