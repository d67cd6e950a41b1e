import { ACTION_IDS, isActionId, type ActionId } from '../../src/replies/action-ids.js';

/** Slack wants action_id unique within a message, so ours carry a `:<n>` suffix after the stable id. */
export function encodeActionId(id: ActionId, index: number): string {
  return `${id}:${index}`;
}

/** The stable ActionId inside a Slack action_id, or null when it is not one of ours. */
export function decodeActionId(actionId: string): ActionId | null {
  const base = actionId.split(':', 1)[0]!;
  return isActionId(base) ? base : null;
}

/** Matches our action ids in Bolt's app.action(). */
export const ACTION_ID_PATTERN = new RegExp(`^(${ACTION_IDS.join('|')})(:\\d+)?$`);
