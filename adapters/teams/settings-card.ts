import { z } from 'zod';
import { textDirection } from '../../src/i18n/intl-format.js';
import { t } from '../../src/i18n/t.js';
import { SETTINGS_ACTION } from '../../src/replies/action-ids.js';
import type { SettingsChange, SettingsChoice, SettingsView } from '../../src/replies/settings-view.js';
import type { InboundActivity } from './activity.js';
import { CARD_VERSION } from './adaptive-card-renderer.js';
import { cleanText, escapeCardParagraphs, escapeCardText } from './card-text.js';

type CardElement = Record<string, unknown>;

/** Input ids of the settings card; Action.Submit merges their values into the submitted data. */
export const SETTINGS_INPUT = { topics: 'topics', follows: 'follows', day: 'day', time: 'time', zone: 'zone', language: 'language' } as const;

const choice = (c: SettingsChoice) => ({ title: cleanText(c.label, 100), value: c.value });
/** Follow keys may hold commas (a phrase), and a multi-select ChoiceSet joins values with commas. */
const followValue = (key: string) => encodeURIComponent(key);

/**
 * The Teams `settings` answer: an Adaptive Card holding the channel's settings as inputs (topics and
 * follows as multi-select Input.ChoiceSet, day, zone and language as Input.ChoiceSet, the time as
 * Input.Time) and one Action.Submit. `notice` is what the last save's commands answered. Pure.
 */
export function renderSettingsCard(settings: SettingsView, notice: readonly string[] = []): CardElement {
  const lang = settings.lang;
  const label = (key: Parameters<typeof t>[1]) => escapeCardText(t(lang, key), 100);
  const body: CardElement[] = [{ type: 'TextBlock', text: escapeCardText(t(lang, 'settings.header'), 200), size: 'Large', weight: 'Bolder', style: 'heading', wrap: true }];
  if (notice.length > 0) body.push({ type: 'TextBlock', text: escapeCardParagraphs(notice.join('\n'), 1500), color: 'Good', wrap: true });
  body.push({
    type: 'Input.ChoiceSet',
    id: SETTINGS_INPUT.topics,
    label: label('settings.topics'),
    isMultiSelect: true,
    style: 'expanded',
    choices: settings.topics.map((topic) => ({ title: cleanText(topic.name, 100), value: topic.slug })),
    value: settings.topics.filter((topic) => topic.on).map((topic) => topic.slug).join(','),
  });
  if (settings.follows.length > 0) {
    body.push({
      type: 'Input.ChoiceSet',
      id: SETTINGS_INPUT.follows,
      label: label('settings.follows'),
      isMultiSelect: true,
      style: 'expanded',
      choices: settings.follows.map((follow) => ({ title: cleanText(follow.label, 100), value: followValue(follow.key) })),
      value: settings.follows.map((follow) => followValue(follow.key)).join(','),
    });
    body.push({ type: 'TextBlock', text: label('settings.keepFollows'), isSubtle: true, size: 'Small', wrap: true });
  } else {
    body.push({ type: 'TextBlock', text: label('settings.follows'), weight: 'Bolder', wrap: true }, { type: 'TextBlock', text: escapeCardText(t(lang, 'settings.noFollows'), 200), isSubtle: true, wrap: true });
  }
  body.push(
    { type: 'TextBlock', text: label('settings.schedule'), weight: 'Bolder', wrap: true, separator: true, spacing: 'Medium' },
    { type: 'Input.ChoiceSet', id: SETTINGS_INPUT.day, label: label('settings.day'), choices: settings.days.map(choice), value: settings.schedule.day },
    { type: 'Input.Time', id: SETTINGS_INPUT.time, label: label('settings.time'), value: settings.schedule.time },
    { type: 'Input.ChoiceSet', id: SETTINGS_INPUT.zone, label: label('settings.zone'), choices: settings.zones.map(choice), value: settings.schedule.zone },
    { type: 'Input.ChoiceSet', id: SETTINGS_INPUT.language, label: label('settings.language'), choices: settings.languages.map(choice), value: settings.language, separator: true },
    { type: 'TextBlock', text: escapeCardParagraphs(settings.summary.join('\n'), 1500), isSubtle: true, size: 'Small', wrap: true },
  );
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    ...(textDirection(lang) === 'rtl' ? { rtl: true } : {}),
    body,
    actions: [{ type: 'Action.Submit', title: label('settings.save'), style: 'positive', data: { action: SETTINGS_ACTION.save } }],
    msteams: { width: 'Full' },
  };
}

const CommaList = z.string().max(4000);
const SettingsSubmit = z.object({
  action: z.literal(SETTINGS_ACTION.save),
  topics: CommaList.optional(),
  follows: CommaList.optional(),
  day: z.string().max(16).optional(),
  time: z.string().max(8).optional(),
  zone: z.string().max(64).optional(),
  language: z.string().max(16).optional(),
});

/**
 * The settings card's submit (Action.Submit puts the inputs' values in the message's value), as a
 * change computed against the channel's current settings, or null when the activity is not one.
 * An input Teams left out (nothing selected) counts as empty.
 */
export function settingsSubmitOf(activity: InboundActivity): ((current: SettingsView) => SettingsChange) | null {
  const parsed = SettingsSubmit.safeParse(activity.value);
  if (!parsed.success) return null;
  const data = parsed.data;
  const list = (text: string | undefined) => (text ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  return (current) => {
    const kept = new Set(list(data.follows).map((v) => safeDecode(v)));
    return {
      topics: list(data.topics),
      unfollow: current.follows.filter((f) => !kept.has(f.key)).map((f) => f.key),
      ...(data.day ? { day: data.day } : {}),
      // Input.Time may send seconds on some clients: HH:mm is what the schedule takes.
      ...(data.time ? { time: data.time.slice(0, 5) } : {}),
      ...(data.zone ? { zone: data.zone } : {}),
      ...(data.language ? { language: data.language } : {}),
    };
  };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
