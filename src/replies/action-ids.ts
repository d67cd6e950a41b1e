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
} as const;

export type ActionId = (typeof ACTION)[keyof typeof ACTION];

/** Every action id, for z.enum() and membership tests. */
export const ACTION_IDS = Object.values(ACTION) as [ActionId, ...ActionId[]];

export function isActionId(value: string): value is ActionId {
  return (ACTION_IDS as readonly string[]).includes(value);
}
