import type { ActionId } from '../../src/replies/reply-document.js';

const ACTION_IDS: readonly ActionId[] = ['subscribe_topic', 'mute_story', 'more_like_this', 'unsubscribe_all', 'show_more'];

/** Slack wants action_id unique within a message, so ours carry a `:<n>` suffix after the stable id. */
export function encodeActionId(id: ActionId, index: number): string {
  return `${id}:${index}`;
}

/** The stable ActionId inside a Slack action_id, or null when it is not one of ours. */
export function decodeActionId(actionId: string): ActionId | null {
  const base = actionId.split(':', 1)[0] as ActionId;
  return ACTION_IDS.includes(base) ? base : null;
}

/** Matches our action ids in Bolt's app.action(). */
export const ACTION_ID_PATTERN = new RegExp(`^(${ACTION_IDS.join('|')})(:\\d+)?$`);
