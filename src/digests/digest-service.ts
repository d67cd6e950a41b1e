import type { ReplyDocument } from '../replies/reply-document.js';

/** What the command layer needs from digests and delivery (implemented in src/digests and src/delivery). */
export interface DigestService {
  /** The digest the channel would get now, for its subscribed topics, since its last digest (first: last 7 days). Nothing is marked sent. */
  preview(channelId: string, now: Date): Promise<ReplyDocument>;
  /**
   * Queue the digest for posting to the channel now (outbox, exactly once per request id).
   * Returns how many stories it holds; 0 means nothing new to post.
   */
  postNow(channelId: string, now: Date, requestId: string): Promise<{ stories: number; queued: boolean }>;
}
