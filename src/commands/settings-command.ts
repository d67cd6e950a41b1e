import { followKey, parseFollows, type Follow } from '../follows/follow.js';
import { languageName, weekdayName } from '../i18n/intl-format.js';
import { t, uiLanguages } from '../i18n/t.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import { SETTINGS_DAYS, SETTINGS_ZONES, type SettingsDay, type SettingsView } from '../replies/settings-view.js';
import { topicName } from '../replies/story-view.js';
import { settingsLines } from './channel-commands.js';
import type { CommandContext } from './command-context.js';
import { displayLabel } from './follow-commands.js';

const WEEKDAY_NUMBER: Record<Exclude<SettingsDay, 'daily' | 'off'>, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const DEFAULT_TIME = '09:00';

/**
 * `settings`: this channel's settings as a form (the Teams card, Slack's App Home, the playground)
 * and, for renderers without one, as the `list` text. Reads ctx.origin.channelId only.
 */
export function settingsCommand(ctx: CommandContext): ReplyDocument {
  const settings = settingsView(ctx);
  const header = t(ctx.lang, 'settings.header');
  return {
    visibility: 'private',
    fallbackText: header,
    blocks: [
      { type: 'header', text: header },
      { type: 'text', text: settings.summary.join('\n') },
      { type: 'context', items: [t(ctx.lang, 'settings.textHint')], own: true },
    ],
    settings,
  };
}

export function settingsView(ctx: CommandContext): SettingsView {
  const channel = ctx.channel;
  const lang = ctx.lang;
  const on = new Set(channel.topics);
  const cadence = channel.cadence;
  const day: SettingsDay =
    cadence.kind === 'weekly' ? ((Object.keys(WEEKDAY_NUMBER) as (keyof typeof WEEKDAY_NUMBER)[]).find((d) => WEEKDAY_NUMBER[d] === cadence.day) ?? 'mon') : cadence.kind;
  const time = cadence.kind === 'off' ? DEFAULT_TIME : cadence.time;
  const zones = SETTINGS_ZONES.includes(channel.timeZone) ? SETTINGS_ZONES : [channel.timeZone, ...SETTINGS_ZONES];
  return {
    lang,
    topics: ctx.deps.taxonomy.topics.map((topic) => ({ slug: topic.slug, name: topicName(ctx.deps.taxonomy, topic.slug, lang), on: on.has(topic.slug) })),
    follows: parseFollows(channel.follows).map((follow) => ({ key: followKey(follow), label: displayLabel(ctx, follow), unfollow: unfollowText(follow) })),
    schedule: { day, time, zone: channel.timeZone },
    language: lang,
    days: SETTINGS_DAYS.map((d) => ({
      value: d,
      label: d === 'daily' ? t(lang, 'settings.daily') : d === 'off' ? t(lang, 'settings.off') : weekdayName(lang, WEEKDAY_NUMBER[d]),
    })),
    zones: zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') })),
    languages: uiLanguages().map((code) => ({ value: code, label: `${languageName(code, code)} (${code})` })),
    summary: settingsLines(ctx),
  };
}

/** The typed command that drops a follow: entities by their stored name, phrases quoted as written. */
function unfollowText(follow: Follow): string {
  return follow.kind === 'entity' ? `unfollow ${follow.name}` : `unfollow "${follow.phrase}"`;
}
