import type { UiKey } from '../i18n/t.js';

/** Weekday numbers as Date#getDay counts them: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** A narrowing of a topic query: the last N days, or since a calendar date (UTC midnight). */
export type Period = { kind: 'days'; days: number } | { kind: 'since'; date: string };

export type ScheduleSpec =
  | { kind: 'weekly'; day: Weekday; time: string; timeZone: string | null }
  | { kind: 'daily'; time: string; timeZone: string | null }
  | { kind: 'off' };

/**
 * A parsed chat command. Topic words are kept raw: the executor resolves them against the taxonomy
 * (multilingual, typo tolerant), so the parser stays pure and needs no data.
 */
export type Command =
  | { name: 'topic'; words: string; period: Period | null }
  | { name: 'search'; words: string }
  | { name: 'subscribe'; topics: string[] }
  | { name: 'unsubscribe'; topics: string[] }
  | { name: 'unsubscribe-all' }
  | { name: 'list' }
  | { name: 'topics' }
  | { name: 'digest'; post: boolean }
  | { name: 'schedule'; schedule: ScheduleSpec }
  | { name: 'sources' }
  | { name: 'sources-add'; url: string }
  | { name: 'sources-remove'; url: string }
  | { name: 'sources-catalog'; language: string | null; kind: string | null }
  | { name: 'sources-add-catalog'; target: { id: string } | { group: string } }
  | { name: 'language'; code: string | null }
  | { name: 'follow'; phrase: string; quoted: boolean }
  | { name: 'unfollow'; phrase: string; quoted: boolean }
  | { name: 'why'; target: string }
  | { name: 'settings' }
  | { name: 'help'; command: CommandName | null };

/** Names of the catalog entries (what `help <command>` and help lines refer to). */
export type CommandName =
  | 'topic'
  | 'search'
  | 'subscribe'
  | 'unsubscribe'
  | 'follow'
  | 'unfollow'
  | 'why'
  | 'settings'
  | 'list'
  | 'topics'
  | 'digest'
  | 'schedule'
  | 'sources'
  | 'language'
  | 'help';

/**
 * Why a command was refused. `message` is a UI string key with its parameters, so the reply is
 * translated into the channel's language; `command` names the catalog entry whose usage line helps.
 */
export interface CommandError {
  code:
    | 'empty'
    | 'too_long'
    | 'unknown_command'
    | 'unexpected_args'
    | 'missing_arg'
    | 'bad_period'
    | 'bad_date'
    | 'unknown_day'
    | 'bad_time'
    | 'unknown_zone'
    | 'bad_schedule'
    | 'bad_url'
    | 'bad_catalog_filter'
    | 'unknown_help_topic'
    | 'unknown_topic'
    | 'unknown_language';
  message: { key: UiKey; params?: Record<string, string | number> };
  /** The catalog entry whose usage line is shown with the error (null: show the command list). */
  command: CommandName | null;
  /** "Did you mean …?" suggestions, best first (at most 3). */
  candidates?: string[];
}

export type ParseResult = { ok: true; command: Command } | { ok: false; error: CommandError };

export function commandError(
  code: CommandError['code'],
  command: CommandName | null,
  key: UiKey,
  params?: Record<string, string | number>,
): ParseResult {
  return { ok: false, error: { code, command, message: { key, params } } };
}
