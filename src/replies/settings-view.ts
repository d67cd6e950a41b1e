/**
 * A channel's settings as the chat clients' settings surfaces show them (Slack's App Home tab, the
 * Teams `settings` card, the playground): one platform-neutral view model, rendered by each adapter.
 * Changes made there are turned back into the same typed commands users send (`settingsCommands`),
 * so they run through the command center like any other command.
 */

/** The schedule picker's choices: a weekday (weekly), every day, or no scheduled digest. */
export const SETTINGS_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'daily', 'off'] as const;
export type SettingsDay = (typeof SETTINGS_DAYS)[number];

/**
 * Time zones offered by the pickers (Slack's static_select holds at most 100 options). The typed
 * `schedule … <zone>` takes any IANA zone; a channel's own zone is always offered too.
 */
export const SETTINGS_ZONES: readonly string[] = [
  'UTC',
  'Europe/London', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/Paris', 'Europe/Brussels', 'Europe/Amsterdam', 'Europe/Berlin',
  'Europe/Madrid', 'Europe/Rome', 'Europe/Vienna', 'Europe/Zurich', 'Europe/Stockholm', 'Europe/Oslo', 'Europe/Copenhagen',
  'Europe/Warsaw', 'Europe/Prague', 'Europe/Budapest', 'Europe/Vilnius', 'Europe/Riga', 'Europe/Tallinn', 'Europe/Helsinki',
  'Europe/Kyiv', 'Europe/Bucharest', 'Europe/Athens', 'Europe/Istanbul', 'Europe/Moscow',
  'Africa/Casablanca', 'Africa/Lagos', 'Africa/Cairo', 'Africa/Nairobi', 'Africa/Johannesburg',
  'Asia/Jerusalem', 'Asia/Beirut', 'Asia/Riyadh', 'Asia/Dubai', 'Asia/Tehran', 'Asia/Karachi', 'Asia/Kolkata', 'Asia/Dhaka',
  'Asia/Bangkok', 'Asia/Jakarta', 'Asia/Singapore', 'Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Seoul', 'Asia/Tokyo',
  'Australia/Perth', 'Australia/Sydney', 'Pacific/Auckland',
  'America/Sao_Paulo', 'America/Argentina/Buenos_Aires', 'America/Bogota', 'America/Mexico_City', 'America/Halifax',
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu',
];

export interface SettingsChoice {
  value: string;
  label: string;
}

export interface SettingsFollow {
  /** Stable identity of the follow (followKey). */
  key: string;
  /** What users see: the entity's name in the channel's language, or the phrase in quotes. */
  label: string;
  /** The typed command that drops it (`unfollow Kaspersky`, `unfollow "zero trust"`). */
  unfollow: string;
}

export interface SettingsView {
  /** UI language (the channel's). */
  lang: string;
  /** Every topic of the taxonomy, with whether this channel follows it. */
  topics: { slug: string; name: string; on: boolean }[];
  follows: SettingsFollow[];
  /** `time` is the cadence's time, or 09:00 when the schedule is off (what a new weekday starts with). */
  schedule: { day: SettingsDay; time: string; zone: string };
  /** The channel's language code (one of `languages`). */
  language: string;
  days: SettingsChoice[];
  zones: SettingsChoice[];
  languages: SettingsChoice[];
  /** The `list` answer's lines (topics, follows, schedule, next digest…): the text form of this view. */
  summary: string[];
}

/** What a settings surface asks to change; absent fields stay as they are. */
export interface SettingsChange {
  topics?: readonly string[];
  day?: string;
  time?: string;
  zone?: string;
  language?: string;
  /** Follow keys to drop. */
  unfollow?: readonly string[];
}

/**
 * The typed commands that turn `view` into what `change` asks for, in the order they should run
 * (language last, so the confirmations before it are in the language the user was reading). Values
 * not offered by the view (an unknown topic, day, zone or language, a follow the channel lacks) are
 * ignored: they came back from a client.
 */
export function settingsCommands(view: SettingsView, change: SettingsChange): string[] {
  const commands: string[] = [];
  if (change.topics) {
    const known = new Set(view.topics.map((t) => t.slug));
    const wanted = new Set(change.topics.filter((slug) => known.has(slug)));
    const on = view.topics.filter((t) => t.on).map((t) => t.slug);
    const added = view.topics.filter((t) => !t.on && wanted.has(t.slug)).map((t) => t.slug);
    const removed = on.filter((slug) => !wanted.has(slug));
    if (added.length > 0) commands.push(`subscribe ${added.join(', ')}`);
    if (removed.length > 0) commands.push(`unsubscribe ${removed.join(', ')}`);
  }
  for (const key of change.unfollow ?? []) {
    const follow = view.follows.find((f) => f.key === key);
    if (follow) commands.push(follow.unfollow);
  }
  const schedule = scheduleCommand(view, change);
  if (schedule) commands.push(schedule);
  if (change.language && change.language !== view.language && view.languages.some((l) => l.value === change.language)) {
    commands.push(`language ${change.language}`);
  }
  return commands;
}

function scheduleCommand(view: SettingsView, change: SettingsChange): string | null {
  const day = (SETTINGS_DAYS as readonly string[]).includes(change.day ?? '') ? (change.day as SettingsDay) : view.schedule.day;
  const time = change.time && /^([01]\d|2[0-3]):[0-5]\d$/.test(change.time) ? change.time : view.schedule.time;
  const zone = change.zone && view.zones.some((z) => z.value === change.zone) ? change.zone : view.schedule.zone;
  if (day === view.schedule.day && time === view.schedule.time && zone === view.schedule.zone) return null;
  if (day === 'off') return view.schedule.day === 'off' ? null : 'schedule off';
  if (day === 'daily') return `schedule daily ${time} ${zone}`;
  return `schedule weekly ${day} ${time} ${zone}`;
}
