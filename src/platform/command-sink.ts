import type { ActionId, ReplyDocument } from '../replies/reply-document.js';

/** Who asked, and where. `channelId` is the encoded channel id (see channel-id.ts). */
export interface CommandOrigin {
  channelId: string;
  /** Platform user id, prefixed by the adapter's platform (e.g. slack:U123). Used for rate limits and admin checks. */
  userId: string;
  /** The platform says this user administers the workspace or team (Slack admin, Teams owner). */
  isAdmin?: boolean;
  /** The user's locale as the platform reports it (e.g. "fr-FR"); a channel this command creates starts in that language when the bot speaks it. */
  locale?: string;
}

/**
 * The inbound side of the platform boundary: adapters hand user input to the core through this,
 * and render what comes back. The core never learns which SDK called it.
 */
export interface CommandSink {
  processCommand(origin: CommandOrigin, text: string): Promise<ReplyDocument>;
  processAction(origin: CommandOrigin, action: { id: ActionId; value: string }): Promise<ReplyDocument>;
}
