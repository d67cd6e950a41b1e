import type { ReplyDocument } from '../../src/replies/reply-document.js';
import type { OutboundActivity } from './activity.js';
import { renderAdaptiveCards } from './adaptive-card-renderer.js';
import { escapeCardText } from './card-text.js';

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Teams' documented ceiling for one activity. */
export const MAX_ACTIVITY_BYTES = 40 * 1024;

/** One message activity per card; `summary` is the notification line (neutralised like card text). */
export function cardActivities(doc: ReplyDocument): OutboundActivity[] {
  const summary = escapeCardText(doc.fallbackText, 200);
  return renderAdaptiveCards(doc).map((content) => ({
    type: 'message',
    ...(summary ? { summary } : {}),
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }],
  }));
}
