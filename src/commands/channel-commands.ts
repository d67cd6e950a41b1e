import { ACTION } from '../replies/action-ids.js';
import { nextDueTime } from '../digests/next-due-time.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import { topicName } from '../replies/story-view.js';
import { localeOf, weekdayName } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import type { Cadence, ChannelSettings } from '../store/channel-repository.js';
import type { ScheduleSpec } from './command.js';
import type { CommandContext } from './command-context.js';
import { confirmReply } from './command-replies.js';
import { followsLine } from './follow-commands.js';
import { parseFollows } from '../follows/follow.js';
import { dateTimeFormat } from '../i18n/intl-cache.js';

// Every function here reads and writes only ctx.origin.channelId: no argument names another channel.

export async function subscribe(ctx: CommandContext, slugs: string[]): Promise<ReplyDocument> {
  const before = new Set(ctx.channel.topics);
  const added = slugs.filter((s) => !before.has(s));
  const already = slugs.filter((s) => before.has(s));
  const after = await ctx.deps.store.channels.addTopics(ctx.origin.channelId, slugs, ctx.now);
  const lines: string[] = [];
  if (added.length > 0) lines.push(t(ctx.lang, 'subscribe.done', { topics: names(ctx, added) }));
  if (already.length > 0) lines.push(t(ctx.lang, 'subscribe.already', { topics: names(ctx, already) }));
  return confirmReply(lines.join('\n'), [topicsLine(ctx, after)]);
}

export async function unsubscribe(ctx: CommandContext, slugs: string[]): Promise<ReplyDocument> {
  const before = new Set(ctx.channel.topics);
  const removed = slugs.filter((s) => before.has(s));
  const absent = slugs.filter((s) => !before.has(s));
  const after = await ctx.deps.store.channels.removeTopics(ctx.origin.channelId, slugs, ctx.now);
  const lines: string[] = [];
  if (removed.length > 0) lines.push(t(ctx.lang, 'unsubscribe.done', { topics: names(ctx, removed) }));
  if (absent.length > 0) lines.push(t(ctx.lang, 'unsubscribe.notSubscribed', { topics: names(ctx, absent) }));
  return confirmReply(lines.join('\n'), [topicsLine(ctx, after)]);
}

export async function unsubscribeAll(ctx: CommandContext): Promise<ReplyDocument> {
  await ctx.deps.store.channels.update(ctx.origin.channelId, { topics: [] }, ctx.now);
  return confirmReply(t(ctx.lang, 'unsubscribe.all'));
}

export async function muteStory(ctx: CommandContext, storyId: string): Promise<ReplyDocument> {
  if (ctx.channel.mutedStories.includes(storyId)) return confirmReply(t(ctx.lang, 'mute.already'));
  await ctx.deps.store.channels.muteStory(ctx.origin.channelId, storyId, ctx.now);
  return confirmReply(t(ctx.lang, 'mute.done'));
}

/** `list`: this channel's topics, schedule and limits. */
export function listSettings(ctx: CommandContext): ReplyDocument {
  const channel = ctx.channel;
  const lines = settingsLines(ctx);
  return {
    visibility: 'private',
    fallbackText: lines[0]!,
    blocks: [
      { type: 'header', text: t(ctx.lang, 'list.header') },
      { type: 'text', text: lines.join('\n') },
      ...(channel.topics.length > 0
        ? [{ type: 'actions' as const, actions: [{ id: ACTION.unsubscribeAll, label: t(ctx.lang, 'action.unsubscribeAll'), value: 'all', style: 'danger' as const }] }]
        : []),
    ],
  };
}

/** The lines of `list`: topics, follows, schedule, next digest, pause, limits, muted stories. */
export function settingsLines(ctx: CommandContext): string[] {
  const channel = ctx.channel;
  const lines = [
    topicsLine(ctx, channel),
    followsLine(ctx, parseFollows(channel.follows)),
    t(ctx.lang, 'list.schedule', { schedule: describeSchedule(channel.cadence, channel.timeZone, ctx.lang) }),
  ];
  if (channel.nextDueAt && channel.cadence.kind !== 'off' && !channel.disabledReason) {
    lines.push(t(ctx.lang, 'list.nextDue', { date: formatLocal(channel.nextDueAt, channel.timeZone, ctx.lang) }));
  }
  if (channel.disabledReason) lines.push(t(ctx.lang, 'list.disabled', { reason: channel.disabledReason }));
  lines.push(t(ctx.lang, 'list.maxStories', { max: channel.maxStories, perTopic: channel.perTopic }));
  if (channel.mutedStories.length > 0) lines.push(t(ctx.lang, 'list.muted', { count: channel.mutedStories.length }));
  return lines;
}

/** `schedule …`: stores the cadence (and zone), computes the next due time, and re-enables a paused schedule. */
export async function setSchedule(ctx: CommandContext, spec: ScheduleSpec): Promise<ReplyDocument> {
  const timeZone = spec.kind === 'off' ? ctx.channel.timeZone : (spec.timeZone ?? ctx.channel.timeZone);
  const cadence: Cadence =
    spec.kind === 'weekly' ? { kind: 'weekly', day: spec.day, time: spec.time } : spec.kind === 'daily' ? { kind: 'daily', time: spec.time } : { kind: 'off' };
  const nextDueAt = nextDueTime(cadence, timeZone, ctx.now);
  await ctx.deps.store.channels.update(ctx.origin.channelId, { cadence, timeZone, nextDueAt, disabledReason: null }, ctx.now);
  const text = t(ctx.lang, 'schedule.done', { schedule: describeSchedule(cadence, timeZone, ctx.lang) });
  return confirmReply(text, nextDueAt ? [t(ctx.lang, 'schedule.next', { date: formatLocal(nextDueAt, timeZone, ctx.lang) })] : []);
}

export function describeSchedule(cadence: Cadence, timeZone: string, lang: string): string {
  if (cadence.kind === 'weekly') return t(lang, 'schedule.weekly', { day: weekdayName(lang, cadence.day), time: cadence.time, zone: timeZone });
  if (cadence.kind === 'daily') return t(lang, 'schedule.daily', { time: cadence.time, zone: timeZone });
  return t(lang, 'schedule.off');
}

/** "Mon 30 Nov 2026, 09:00 (Europe/Vilnius)": the instant as the channel's clock shows it. */
export function formatLocal(instant: Date, timeZone: string, lang: string): string {
  let text: string;
  try {
    text = dateTimeFormat(localeOf(lang), {
      timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).format(instant);
  } catch {
    text = instant.toISOString();
  }
  return `${text} (${timeZone})`;
}

function topicsLine(ctx: CommandContext, channel: ChannelSettings): string {
  return channel.topics.length > 0 ? t(ctx.lang, 'list.topics', { topics: names(ctx, channel.topics) }) : t(ctx.lang, 'list.noTopics');
}

/** "Paris Call (paris-call), Ransomware (ransomware)". */
function names(ctx: CommandContext, slugs: string[]): string {
  return slugs.map((slug) => `${topicName(ctx.deps.taxonomy, slug, ctx.lang)} (${slug})`).join(', ');
}
