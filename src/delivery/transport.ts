import { platformOf } from '../platform/channel-id.js';
import type { ReplyDocument } from '../replies/reply-document.js';

/** The probe could not tell (scope not granted, no history API): the caller falls back to waiting. */
export interface ProbeUnavailable {
  readonly unavailable: string;
}

/**
 * What a channel is promised: 'exactly-once' when the transport can ask the platform whether an earlier
 * attempt landed (wasPosted answers for it); otherwise a post whose outcome is unknown (crash or timeout
 * after the platform accepted it) is retried no sooner than BLIND_RETRY_MS later and may show up twice.
 */
export type DeliveryGuarantee = 'exactly-once' | 'at-most-one-duplicate';

export interface PostedMessage {
  /** Platform message id (Slack ts, Teams activity id), used to thread follow-ups. */
  messageId: string;
}

/**
 * The outbound side of the platform boundary. Errors: throw RateLimitedError (retry after),
 * PermanentDeliveryError (channel gone, bot removed) or TransientDeliveryError (retry with backoff).
 */
export interface Transport {
  /** The channel-id prefix this transport posts to (the adapter's platform name). */
  readonly platform: string;
  /**
   * Deliveries worth having in flight at once to keep this platform busy: its posting rate times how
   * long one delivery takes (a Slack digest's thread replies wait a second each per channel). The
   * delivery worker defaults its concurrency to the largest of these.
   */
  readonly maxInFlight?: number;
  /** Post into the channel. `deliveryKey` identifies the (channel, period) digest for idempotence and logs. */
  post(channelId: string, doc: ReplyDocument, options?: { deliveryKey?: string }): Promise<PostedMessage>;
  /** Post as a reply under an earlier message (digest overflow goes into the thread). */
  reply(channelId: string, parentMessageId: string, doc: ReplyDocument): Promise<PostedMessage>;
  /**
   * Optional recovery probe: the message id of an earlier post carrying `deliveryKey` in this channel,
   * or null when there is none. The outbox asks before re-posting a delivery whose earlier attempt may
   * have reached the platform (a crash or timeout between post and commit), so it is not posted twice.
   */
  wasPosted?(channelId: string, deliveryKey: string, options?: { since?: Date }): Promise<string | null | ProbeUnavailable>;
  /** The guarantee this channel has (default: 'exactly-once' with wasPosted, else 'at-most-one-duplicate'). */
  guarantee?(channelId: string): Promise<DeliveryGuarantee>;
}

export function isProbeUnavailable(value: string | null | ProbeUnavailable): value is ProbeUnavailable {
  return typeof value === 'object' && value !== null;
}

/** Picks the transport for a channel id by its platform prefix. */
export class TransportRegistry {
  private readonly byPlatform = new Map<string, Transport>();

  register(transport: Transport): void {
    this.byPlatform.set(transport.platform, transport);
  }

  /** The largest `maxInFlight` the registered transports declare, or undefined when none does. */
  maxInFlight(): number | undefined {
    const declared = [...this.byPlatform.values()].map((t) => t.maxInFlight).filter((n): n is number => typeof n === 'number' && n > 0);
    return declared.length ? Math.max(...declared) : undefined;
  }

  for(channelId: string): Transport | undefined {
    return this.byPlatform.get(platformOf(channelId));
  }
}
