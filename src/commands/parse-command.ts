import { COMMAND_CATALOG } from './command-catalog.js';
import { commandError, type CommandName, type ParseResult, type Period } from './command.js';
import { normalizeCommandText, unwrapLink } from './normalize-command-text.js';
import { clip, parseSchedule } from './parse-schedule.js';
import { closestWords } from './closest-words.js';
import type { UiKey } from '../i18n/t.js';
import { isSourceKind, SOURCE_KINDS } from '../ingest/source-catalog.js';

/** Longest command we read; longer text is refused before any work is done on it. */
export const MAX_COMMAND_LENGTH = 1000;
/** Longest topic phrase: topic names are short, so longer text is not a topic. */
const MAX_TOPIC_WORDS_LENGTH = 200;
const MAX_URL_LENGTH = 2048;
/** Longest `<topic> Nd` period: ten years. */
const MAX_PERIOD_DAYS = 3650;

/** Parses chat text into a typed command or a typed error. Never throws. */
export function parseCommand(raw: string): ParseResult {
  try {
    return parse(raw);
  } catch {
    // Defensive: a grammar bug must still give the user an answer, not an exception.
    return commandError('unknown_command', null, 'error.unknownCommand', { word: clip(String(raw)) });
  }
}

function parse(raw: string): ParseResult {
  if (raw.length > MAX_COMMAND_LENGTH * 8) return tooLong(raw.length);
  const text = normalizeCommandText(raw);
  if (text.length > MAX_COMMAND_LENGTH) return tooLong(text.length);
  if (text === '') return { ok: true, command: { name: 'help', command: null } };
  const [first, ...rest] = text.split(' ') as [string, ...string[]];
  const keyword = first.toLowerCase();
  switch (keyword) {
    case 'help':
    case '?':
      return parseHelp(rest);
    case 'search':
      if (rest.length === 0) return missing('search', 'missing.search');
      return { ok: true, command: { name: 'search', words: rest.join(' ') } };
    case 'subscribe':
      if (rest.length === 0) return missing('subscribe', 'missing.subscribe');
      return { ok: true, command: { name: 'subscribe', topics: splitTopicList(rest) } };
    case 'unsubscribe':
      if (rest.length === 0) return missing('unsubscribe', 'missing.unsubscribe');
      if (rest.length === 1 && rest[0]!.toLowerCase() === 'all') return { ok: true, command: { name: 'unsubscribe-all' } };
      return { ok: true, command: { name: 'unsubscribe', topics: splitTopicList(rest) } };
    case 'follow':
    case 'unfollow': {
      if (rest.length === 0) return missing(keyword, keyword === 'follow' ? 'missing.follow' : 'missing.unfollow');
      const { phrase, quoted } = unquote(rest.join(' '));
      if (phrase === '' || Array.from(phrase).length > MAX_TOPIC_WORDS_LENGTH) return missing(keyword, keyword === 'follow' ? 'missing.follow' : 'missing.unfollow');
      return { ok: true, command: { name: keyword, phrase, quoted } };
    }
    case 'why':
      if (rest.length === 0) return missing('why', 'missing.why');
      if (rest.length > 1) return unexpected('why', rest.slice(1));
      return { ok: true, command: { name: 'why', target: clip(rest[0]!, 200) } };
    case 'list':
    case 'topics':
    case 'settings':
      if (rest.length > 0) return unexpected(keyword, rest);
      return { ok: true, command: { name: keyword } };
    case 'digest':
      // `digest preview` says explicitly what plain `digest` does.
      if (rest.length === 0 || (rest.length === 1 && rest[0]!.toLowerCase() === 'preview')) return { ok: true, command: { name: 'digest', post: false } };
      if (rest.length === 1 && rest[0]!.toLowerCase() === 'post') return { ok: true, command: { name: 'digest', post: true } };
      return badSubcommand('digest', rest, ['post', 'preview']);
    case 'schedule':
      return parseSchedule(rest);
    case 'sources':
      return parseSources(rest);
    case 'language':
      // The code (or a language's name) is checked against the shipped languages by the executor.
      return { ok: true, command: { name: 'language', code: rest.length > 0 ? clip(rest.join(' ')) : null } };
    default:
      return parseTopicQuery([first, ...rest]);
  }
}

function parseHelp(rest: string[]): ParseResult {
  if (rest.length === 0) return { ok: true, command: { name: 'help', command: null } };
  const word = rest.join(' ').toLowerCase();
  const entry = COMMAND_CATALOG.find((e) => e.name === word || (e.name === 'topic' && (word === '<topic>' || word === 'topic')));
  if (entry) return { ok: true, command: { name: 'help', command: entry.name } };
  const result = commandError('unknown_help_topic', 'help', 'error.unknownHelpTopic', { word: clip(rest.join(' ')) });
  if (!result.ok) {
    const candidates = closestWords(word, COMMAND_CATALOG.map((e) => e.name));
    if (candidates.length > 0) result.error.candidates = candidates;
  }
  return result;
}

function parseSources(rest: string[]): ParseResult {
  if (rest.length === 0) return { ok: true, command: { name: 'sources' } };
  const action = rest[0]!.toLowerCase();
  if (action === 'catalog' || action === 'catalogue') return parseSourceCatalog(rest.slice(1));
  const isAdd = action === 'add';
  const isRemove = action === 'remove' || action === 'rm' || action === 'delete';
  if (!isAdd && !isRemove) return badSubcommand('sources', rest, ['add <url>', 'remove <url>', 'catalog']);
  if (rest.length === 1) return missing('sources', 'missing.sourceUrl', { action });
  if (isAdd) {
    const fromCatalog = parseCatalogTarget(rest.slice(1));
    if (fromCatalog) return fromCatalog;
  }
  if (rest.length > 2) return unexpected(`sources ${action}`, rest.slice(2), 'sources');
  const url = parseUrl(unwrapLink(rest[1]!));
  if (!url) return commandError('bad_url', 'sources', 'error.badUrl', { text: clip(rest[1]!, 80) });
  return { ok: true, command: isAdd ? { name: 'sources-add', url } : { name: 'sources-remove', url } };
}

/** A dash flag as typed, or as chat apps autocorrect it ("—catalog", "–catalog"). */
function flagName(word: string): string | null {
  const match = /^(?:--|\u2014|\u2013)([a-z]+)$/i.exec(word);
  return match ? match[1]!.toLowerCase() : null;
}

/** `sources add catalog:<id>` or `sources add --catalog <kind|lang>`; null when the target is a URL. */
function parseCatalogTarget(args: string[]): ParseResult | null {
  const first = args[0]!;
  const prefixed = /^catalog(?:ue)?:(.*)$/i.exec(first);
  if (prefixed) {
    if (args.length > 1) return unexpected('sources add', args.slice(1), 'sources');
    const id = prefixed[1]!.trim().toLowerCase();
    if (id === '') return missing('sources', 'missing.catalogId');
    return { ok: true, command: { name: 'sources-add-catalog', target: { id: clip(id, 80) } } };
  }
  const flag = flagName(first);
  if (flag !== 'catalog' && flag !== 'catalogue') return null;
  if (args.length === 1) return missing('sources', 'missing.catalogGroup');
  if (args.length > 2) return unexpected('sources add', args.slice(2), 'sources');
  return { ok: true, command: { name: 'sources-add-catalog', target: { group: clip(args[1]!.toLowerCase(), 80) } } };
}

/** `sources catalog [lang | kind] [--lang xx] [--kind k]`: a bare two-letter word is a language, a known kind a kind. */
function parseSourceCatalog(args: string[]): ParseResult {
  let language: string | null = null;
  let kind: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const flag = flagName(word);
    if (flag === 'lang' || flag === 'language' || flag === 'kind') {
      const value = args[i + 1]?.toLowerCase();
      if (!value) return missing('sources', flag === 'kind' ? 'missing.catalogKind' : 'missing.catalogLanguage');
      i++;
      if (flag === 'kind') {
        if (!isSourceKind(value)) return badCatalogFilter(value);
        kind = value;
      } else {
        if (!/^[a-z]{2}$/.test(value)) return badCatalogFilter(value);
        language = value;
      }
      continue;
    }
    const lower = word.toLowerCase();
    if (isSourceKind(lower)) kind = lower;
    else if (/^[a-z]{2}$/.test(lower)) language = lower;
    else return badCatalogFilter(word);
  }
  return { ok: true, command: { name: 'sources-catalog', language, kind } };
}

function badCatalogFilter(text: string): ParseResult {
  return commandError('bad_catalog_filter', 'sources', 'error.catalogFilter', { text: clip(text, 40), kinds: SOURCE_KINDS.join(', ') });
}

/** An absolute http(s) URL without credentials, normalised by WHATWG URL; null otherwise. */
export function parseUrl(text: string): string | null {
  if (text.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password || !url.hostname) return null;
  url.hash = '';
  return url.toString();
}

/** `<topic words> [90d | since YYYY-MM-DD]`. */
function parseTopicQuery(words: string[]): ParseResult {
  let period: Period | null = null;
  let topicWords = words;
  const last = words.at(-1)!.toLowerCase();
  const beforeLast = words.at(-2)?.toLowerCase();
  // Any number of days is read as a period (so "paris-call 100000d" is not taken for topic words), then checked.
  const days = /^(\d+)d$/.exec(last);
  if (days && words.length > 1) {
    const n = Number(days[1]);
    if (n > MAX_PERIOD_DAYS) return commandError('bad_period', 'topic', 'error.periodTooLong', { text: clip(words.at(-1)!), max: MAX_PERIOD_DAYS });
    if (n < 1) return commandError('bad_period', 'topic', 'error.badPeriod', { text: clip(words.at(-1)!) });
    period = { kind: 'days', days: n };
    topicWords = words.slice(0, -1);
  } else if (beforeLast === 'since' && words.length > 2) {
    const date = parseIsoDate(last);
    if (!date) return commandError('bad_date', 'topic', 'error.badDate', { text: clip(words.at(-1)!) });
    period = { kind: 'since', date };
    topicWords = words.slice(0, -2);
  } else if (last === 'since' && words.length > 1) {
    return commandError('bad_period', 'topic', 'error.badPeriod', { text: 'since' });
  }
  const phrase = topicWords.join(' ');
  if (phrase.length > MAX_TOPIC_WORDS_LENGTH) return commandError('unknown_command', null, 'error.unknownCommand', { word: clip(phrase) });
  return { ok: true, command: { name: 'topic', words: phrase, period } };
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function parseIsoDate(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) return null;
  return text;
}

/** `"Budapest Convention"` (straight, curly or guillemet quotes) -> the phrase, and that it was quoted. */
function unquote(text: string): { phrase: string; quoted: boolean } {
  const match = /^["“”„«‘’'](.*)["“”»‘’']$/u.exec(text);
  return match ? { phrase: match[1]!.trim(), quoted: true } : { phrase: text, quoted: false };
}

/** Topics separated by commas or "and"; each part may still hold several topics (the resolver splits those). */
function splitTopicList(words: string[]): string[] {
  return words
    .join(' ')
    .split(/\s*[,;،、]\s*|\s+(?:and|&|\+)\s+/i)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .slice(0, 20)
    .map((part) => Array.from(part).slice(0, MAX_TOPIC_WORDS_LENGTH).join(''));
}

function missing(command: CommandName, key: UiKey, params?: Record<string, string>): ParseResult {
  return commandError('missing_arg', command, key, params);
}

/** A command with subcommands got another word: say which ones it takes. */
function badSubcommand(command: CommandName, args: string[], choices: string[]): ParseResult {
  return commandError('unexpected_args', command, 'error.badSubcommand', { command, args: clip(args.join(' ')), choices: choices.map((c) => `\`${c}\``).join(', ') });
}

function unexpected(command: string, args: string[], entry: CommandName = command as CommandName): ParseResult {
  return commandError('unexpected_args', entry, 'error.unexpectedArgs', { command, args: clip(args.join(' ')) });
}

function tooLong(length: number): ParseResult {
  return commandError('too_long', null, 'error.tooLong', { length, max: MAX_COMMAND_LENGTH });
}
