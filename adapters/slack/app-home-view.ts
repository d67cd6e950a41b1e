import { t } from '../../src/i18n/t.js';
import { SETTINGS_ACTION } from '../../src/replies/action-ids.js';
import type { SettingsChoice, SettingsView } from '../../src/replies/settings-view.js';
import { escapeAndFit, plainTextFit } from './mrkdwn-escape.js';

/** Slack's checkboxes element holds at most 10 options: topics come in groups of this many. */
export const TOPICS_PER_GROUP = 10;
const OPTION_TEXT_MAX = 75;
const OPTION_VALUE_MAX = 150;

type Json = Record<string, unknown>;

/** The App Home tab (views.publish's `view`, type "home"): one channel's settings as Block Kit inputs. */
export interface HomeView {
  type: 'home';
  private_metadata: string;
  blocks: Json[];
}

const plain = (text: string, max = OPTION_TEXT_MAX) => ({ type: 'plain_text', text: plainTextFit(text, max) });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
const option = (choice: SettingsChoice): Json => ({ text: plain(choice.label), value: choice.value.slice(0, OPTION_VALUE_MAX) });

/**
 * Renders the Home tab for `channel` (a Slack conversation id; null: none picked yet). The channel is
 * chosen at the top with a conversations_select and carried in private_metadata, so every later
 * block_actions names the channel it changes. Pure: the playground shows exactly what Slack receives.
 */
export function renderHomeView(settings: SettingsView | null, channel: string | null, notice: readonly string[] = [], lang = settings?.lang ?? 'en'): HomeView {
  const blocks: Json[] = [
    { type: 'header', text: plain(t(lang, 'settings.header'), 150) },
    {
      type: 'actions',
      block_id: 'home_channel',
      elements: [
        {
          type: 'conversations_select',
          action_id: SETTINGS_ACTION.channel,
          placeholder: plain(t(lang, 'settings.channel')),
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(channel ? { initial_conversation: channel } : {}),
        },
      ],
    },
  ];
  if (notice.length > 0) blocks.push({ type: 'context', elements: [mrkdwn(escapeAndFit(notice.join('\n'), 2000))] });
  if (!settings || !channel) {
    blocks.push({ type: 'section', text: mrkdwn(escapeAndFit(t(lang, 'settings.pickChannel'), 3000)) });
    return { type: 'home', private_metadata: channel ?? '', blocks };
  }

  blocks.push({ type: 'section', text: mrkdwn(`*${escapeAndFit(t(lang, 'settings.topics'), 200)}*`) });
  const topics = settings.topics.map((topic) => ({ choice: { value: topic.slug, label: topic.name }, on: topic.on }));
  const groups: Json[] = [];
  for (let i = 0; i < topics.length; i += TOPICS_PER_GROUP) {
    const group = topics.slice(i, i + TOPICS_PER_GROUP);
    const options = group.map((g) => option(g.choice));
    // initial_options must repeat the very option objects of `options`.
    const initial = group.flatMap((g, j) => (g.on ? [options[j]!] : []));
    groups.push({ type: 'checkboxes', action_id: `${SETTINGS_ACTION.topics}:${i / TOPICS_PER_GROUP}`, options, ...(initial.length > 0 ? { initial_options: initial } : {}) });
  }
  if (groups.length > 0) blocks.push({ type: 'actions', block_id: 'home_topics', elements: groups });

  blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn(`*${escapeAndFit(t(lang, 'settings.follows'), 200)}*`) });
  if (settings.follows.length === 0) blocks.push({ type: 'context', elements: [mrkdwn(escapeAndFit(t(lang, 'settings.noFollows'), 500))] });
  settings.follows.forEach((follow, i) => {
    blocks.push({
      type: 'section',
      block_id: `home_follow_${i}`,
      text: mrkdwn(escapeAndFit(follow.label, 500)),
      accessory: { type: 'button', action_id: `${SETTINGS_ACTION.unfollow}:${i}`, text: plain(t(lang, 'settings.remove')), value: follow.key.slice(0, 2000), style: 'danger' },
    });
  });

  const day = settings.days.find((d) => d.value === settings.schedule.day);
  const zone = settings.zones.find((z) => z.value === settings.schedule.zone);
  const days = settings.days.map(option);
  const zones = settings.zones.slice(0, 100).map(option);
  blocks.push(
    { type: 'divider' },
    { type: 'section', text: mrkdwn(`*${escapeAndFit(t(lang, 'settings.schedule'), 200)}*`) },
    {
      type: 'actions',
      block_id: 'home_schedule',
      elements: [
        { type: 'static_select', action_id: SETTINGS_ACTION.day, placeholder: plain(t(lang, 'settings.day')), options: days, ...(day ? { initial_option: option(day) } : {}) },
        { type: 'timepicker', action_id: SETTINGS_ACTION.time, placeholder: plain(t(lang, 'settings.time')), initial_time: settings.schedule.time },
        { type: 'static_select', action_id: SETTINGS_ACTION.zone, placeholder: plain(t(lang, 'settings.zone')), options: zones, ...(zone ? { initial_option: option(zone) } : {}) },
      ],
    },
  );

  const language = settings.languages.find((l) => l.value === settings.language);
  blocks.push(
    { type: 'divider' },
    { type: 'section', text: mrkdwn(`*${escapeAndFit(t(lang, 'settings.language'), 200)}*`) },
    {
      type: 'actions',
      block_id: 'home_language',
      elements: [
        { type: 'static_select', action_id: SETTINGS_ACTION.language, placeholder: plain(t(lang, 'settings.language')), options: settings.languages.map(option), ...(language ? { initial_option: option(language) } : {}) },
      ],
    },
    { type: 'context', elements: [mrkdwn(escapeAndFit(settings.summary.join('\n'), 2000))] },
  );
  return { type: 'home', private_metadata: channel, blocks };
}
