import type { ReplyDocument } from '../replies/reply-document.js';
import type { ChannelSettings } from '../store/channel-repository.js';

/** What the command layer needs from digests (implemented in create-digest-service.ts). */
export interface DigestService {
  /** The digest the channel would get now, for its subscribed topics, since its last digest (first: last 7 days). Nothing is marked sent. */
  preview(channelId: string, now: Date): Promise<ReplyDocument>;
  /**
   * Queue the digest for posting to the channel now (outbox, exactly once per request id).
   * Returns how many stories it holds; 0 means nothing new to post.
   */
  postNow(channelId: string, now: Date, requestId: string): Promise<{ stories: number; queued: boolean }>;
}

/** A digest chosen for a delivery: the window it covers, its stories, and what to post (null: nothing). */
export interface ComposedDigest {
  windowStart: Date;
  windowEnd: Date;
  storyIds: string[];
  doc: ReplyDocument | null;
}

/**
 * What the delivery worker (src/delivery) needs from digests; delivery depends on digests, never the
 * reverse. `frozen` repeats an earlier choice of stories exactly. `shareReads` lets a first composition
 * use what another channel's read a few seconds ago. `channel`: the channel's settings as the caller has
 * just read them (the delivery worker reads them first to tell a deleted channel), so they are not read twice.
 */
export interface DigestComposer {
  composeForDelivery(
    channelId: string,
    now: Date,
    frozen?: { windowStart: Date; windowEnd: Date; storyIds: string[] },
    options?: { shareReads?: boolean; channel?: ChannelSettings },
  ): Promise<ComposedDigest>;
}
