/**
 * Every fixed string the bot shows users, keyed so a channel's UI language can replace them.
 * English is the default and the fallback for any key a translation lacks. `{name}` marks a parameter.
 */
const en = {
  // Errors from the command parser and executor.
  'error.empty': 'Tell me what to do.',
  'error.tooLong': 'That message is too long ({length} characters); commands are at most {max} characters.',
  'error.unknownCommand': 'I don\'t understand "{word}".',
  'error.unexpectedArgs': '`{command}` takes no arguments, but got "{args}".',
  'error.badPeriod': '"{text}" is not a period: use a number of days like `90d`, or `since 2026-11-01`.',
  'error.badDate': '"{text}" is not a date: use YYYY-MM-DD, e.g. 2026-11-01.',
  'error.unknownDay': '"{text}" is not a day of the week: use mon, tue, wed, thu, fri, sat or sun.',
  'error.badTime': '"{text}" is not a time: use 24-hour HH:MM, e.g. 09:00.',
  'error.unknownZone': '"{text}" is not a known IANA time zone: use e.g. Europe/Vilnius, America/New_York or UTC.',
  'error.badScheduleKind': '"{text}" is not a schedule: use weekly, daily or off.',
  'error.badUrl': '"{text}" is not a web address: use a full http:// or https:// URL.',
  'error.unknownHelpTopic': 'There is no command "{word}".',
  'error.unknownTopic': 'I don\'t know the topic "{word}".',
  'error.didYouMean': 'Did you mean {candidates}?',
  'error.seeTopics': 'Send `topics` for the list.',
  'error.notAdmin': 'Only workspace admins can {action}. Ask an admin, or have the operator add you to CYBERPOLICY_ADMINS.',
  'error.rateLimited': 'You\'re sending commands too fast; try again in {seconds} s.',
  'error.badChannel': 'This conversation has an invalid channel id, so nothing was changed.',
  'error.badAction': 'That button is no longer valid.',
  'error.internal': 'Something went wrong on our side; nothing was changed. Please try again.',
  'error.sourceRefused': 'I can\'t add {url}: {reason}',
  'error.unknownStory': 'I no longer have that story.',
  'help.usage': 'Usage: {usage}',
  'help.header': 'cyberpolicy: cyber-policy news in this channel',
  'help.footer': 'Send `help <command>` for details, e.g. `help schedule`.',
  'help.seeHelp': 'Send `help` for the list of commands.',
  'help.example': 'Example: {example}',
  'help.detail.topic': 'Topic words can be a slug (paris-call), a name in any language ("Appel de Paris", "نداء باريس") or a near spelling. `90d` keeps the last 90 days; `since 2026-11-01` keeps stories since that date.',
  'help.detail.search': 'Words are matched across languages and scripts, and names of organisations and people are matched in any spelling we know ("search Kaspersky" also finds Arabic stories).',
  'help.detail.subscribe': 'Separate topics with spaces or commas. The channel\'s digest then covers them.',
  'help.detail.unsubscribe': '`unsubscribe all` removes every topic.',
  'help.detail.list': 'Shows the topics, schedule, time zone and limits of this channel only.',
  'help.detail.topics': 'Every topic with its slug and names.',
  'help.detail.digest': '`digest` shows only you what the next digest would hold; `digest post` posts it to the channel now.',
  'help.detail.schedule': 'Days: mon tue wed thu fri sat sun. Times are 24-hour HH:MM. Zones are IANA names such as Europe/Vilnius; without one the channel keeps its zone (UTC at first). `schedule off` stops scheduled digests.',
  'help.detail.sources': 'Only workspace admins (or users the operator lists in CYBERPOLICY_ADMINS) can use these. Feeds on private or local addresses are refused.',
  'help.detail.help': '`help <command>` explains one command, e.g. `help schedule`.',
  // Replies.
  'topic.header': '{topic}: newest stories',
  'topic.headerSince': '{topic}: stories since {date}',
  'search.header': 'Search: {words}',
  'moreLike.header': 'More like "{title}"',
  'results.none': 'No stories found.',
  'results.noneTopic': 'No stories on {topic} yet.',
  'results.context': 'Showing {shown} of {total} · newest first',
  'results.showMore': 'Show more',
  'subscribe.done': 'Subscribed: this channel now follows {topics}.',
  'subscribe.already': 'This channel already follows {topics}.',
  'unsubscribe.done': 'Unsubscribed: this channel no longer follows {topics}.',
  'unsubscribe.notSubscribed': 'This channel was not following {topics}.',
  'unsubscribe.all': 'This channel no longer follows any topic.',
  'list.header': 'This channel\'s settings',
  'list.topics': 'Topics: {topics}',
  'list.noTopics': 'Topics: none yet. Try `subscribe paris-call`.',
  'list.schedule': 'Digest: {schedule}',
  'list.nextDue': 'Next digest: {date}',
  'list.maxStories': 'At most {max} stories per digest, {perTopic} per topic.',
  'list.muted': 'Muted stories: {count}',
  'list.disabled': 'Scheduled digests are paused: {reason}',
  'schedule.weekly': 'weekly, {day} at {time} ({zone})',
  'schedule.daily': 'daily at {time} ({zone})',
  'schedule.off': 'off (no scheduled digests)',
  'schedule.done': 'Digest schedule set: {schedule}.',
  'schedule.next': 'Next digest: {date}.',
  'topics.header': 'Topics',
  'topics.subscribed': '(followed here)',
  'topics.context': 'Follow one with `subscribe <topic>`; show its news with `<topic>`.',
  'digest.queued': 'Posting a digest with {count} stories to this channel now.',
  'digest.nothing': 'Nothing new to post since the last digest.',
  'digest.alreadyQueued': 'That digest is already on its way.',
  'sources.header': 'Sources',
  'sources.count': 'Showing {shown} of {total} sources',
  'sources.none': 'No sources yet. Admins can add one with `sources add <url>`.',
  'sources.line': '{url} · {items} items · {status}',
  'sources.added': 'Added source {url}; it will be fetched shortly.',
  'sources.exists': '{url} is already a source.',
  'sources.removed': 'Removed source {url}.',
  'sources.notFound': '{url} is not a source.',
  'sources.neverFetched': 'not fetched yet',
  'action.subscribeTopic': 'Subscribe to this topic',
  'action.muteStory': 'Mute this story',
  'action.moreLikeThis': 'More like this',
  'action.unsubscribeAll': 'Unsubscribe from all',
  'mute.done': 'Muted that story in this channel; it won\'t appear here again.',
  'mute.already': 'That story is already muted here.',
  'story.alsoIn': 'Also in: {langs}',
  'story.sources': 'Sources: {sources}',
  'story.published': 'Published {date}',
  'story.undated': 'Date unknown',
  'admin.manageSources': 'manage sources',
  'missing.search': '`search` needs words to search for, e.g. `search Kaspersky`.',
  'missing.subscribe': '`subscribe` needs at least one topic, e.g. `subscribe paris-call`.',
  'missing.unsubscribe': '`unsubscribe` needs a topic or `all`, e.g. `unsubscribe paris-call`.',
  'missing.sourceUrl': '`sources {action}` needs a feed URL, e.g. `sources {action} https://example.org/feed.xml`.',
  'missing.schedule': '`schedule` needs weekly, daily or off, e.g. `schedule weekly mon 09:00`.',
  'missing.scheduleDay': '`schedule weekly` needs a day and a time, e.g. `schedule weekly mon 09:00`.',
  'missing.scheduleTime': '`schedule {kind}` needs a time, e.g. 09:00.',
  'day.1': 'Monday',
  'day.2': 'Tuesday',
  'day.3': 'Wednesday',
  'day.4': 'Thursday',
  'day.5': 'Friday',
  'day.6': 'Saturday',
  'day.0': 'Sunday',
  'word.or': 'or',
} as const;

export type UiKey = keyof typeof en;
export type UiStrings = Partial<Record<UiKey, string>>;

/** Translations by language code; add one to translate the bot (missing keys fall back to English). */
export const UI_STRINGS: Record<string, UiStrings> = { en };

export const DEFAULT_UI_LANG = 'en';

/** The string for `key` in `lang` (English fallback), with `{param}`s filled in. */
export function t(lang: string, key: UiKey, params: Record<string, string | number> = {}): string {
  const template = UI_STRINGS[lang]?.[key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** "a, b or c" for a list of alternatives. */
export function joinOr(lang: string, parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} ${t(lang, 'word.or')} ${parts.at(-1)}`;
}
