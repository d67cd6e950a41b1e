/**
 * The small part of Block Kit we produce, as plain types (no @slack import, so the renderer stays pure
 * and the playground can bundle it).
 */
export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  /** true: Slack does not auto-link URLs, channel names or bare mentions in our text. */
  verbatim: true;
}

export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value: string;
  style?: 'primary' | 'danger';
}

export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: MrkdwnText }
  | { type: 'context'; elements: MrkdwnText[] }
  | { type: 'actions'; block_id?: string; elements: ButtonElement[] }
  | { type: 'divider' };

/** One Slack message: blocks plus the plain-text fallback used in notifications and by screen readers. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's documented limits, and our own cap on a message's total text. */
export const BLOCK_KIT_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  /** Each context element's text (a text object: at most 3,000). */
  contextElementText: 3000,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  /** Sum of all block text in one message; Slack truncates or rejects well before 40k in practice. */
  messageChars: 12_000,
  /** The top-level `text` fallback; Slack truncates at 40,000 but keeps notifications short. */
  fallbackText: 3000,
} as const;
