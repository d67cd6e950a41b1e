/**
 * The one table of button action ids. Adapters route presses back to the core by these ids, so they
 * are stable; every type, validator and switch derives from this table (the browser bundle imports it too).
 */
export const ACTION = {
  subscribeTopic: 'subscribe_topic',
  muteStory: 'mute_story',
  moreLikeThis: 'more_like_this',
  unsubscribeAll: 'unsubscribe_all',
  showMore: 'show_more',
  followEntity: 'follow_entity',
  showOriginal: 'show_original',
  whyStory: 'why_story',
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Every action id, for z.enum() and membership tests. */
export const ACTION_IDS = Object.values(ACTION) as [ActionId, ...ActionId[]];

export function isActionId(value: string): value is ActionId {
  return (ACTION_IDS as readonly string[]).includes(value);
}

/**
 * Ids of the settings form's inputs (Slack App Home elements, the Teams settings card's submit, the
 * playground). They never reach runAction: each adapter turns a change into typed commands with
 * settingsCommands() (src/replies/settings-view.ts).
 */
export const SETTINGS_ACTION = {
  channel: 'settings_channel',
  topics: 'settings_topics',
  day: 'settings_day',
  time: 'settings_time',
  zone: 'settings_zone',
  language: 'settings_language',
  unfollow: 'settings_unfollow',
  save: 'settings_save',
} as const;

export type SettingsActionId = (typeof SETTINGS_ACTION)[keyof typeof SETTINGS_ACTION];

/** Every settings input id. */
export const SETTINGS_ACTION_IDS = Object.values(SETTINGS_ACTION) as [SettingsActionId, ...SettingsActionId[]];
