import { PermanentDeliveryError, RateLimitedError, TransientDeliveryError } from '../../../src/errors.js';
import type { ReplyDocument } from '../../../src/replies/reply-document.js';
import type { PostedMessage, Transport } from '../../../src/delivery/transport.js';

/**
 * A transport speaking to FakePlatformServer over real HTTP, mapping answers to the error types
 * adapters use: 429 -> RateLimitedError(Retry-After), 403/404 -> PermanentDeliveryError,
 * 5xx, timeouts and network errors -> TransientDeliveryError.
 */
export class HttpTestTransport implements Transport {
  readonly platform = 'demo' as const;

  constructor(
    private readonly baseUrl: string,
    private readonly workerId = 'test',
    private readonly timeoutMs = 2_000,
  ) {}

  async post(channelId: string, doc: ReplyDocument, options: { deliveryKey?: string } = {}): Promise<PostedMessage> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/post`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-worker': this.workerId },
        body: JSON.stringify({ channel: channelId, key: options.deliveryKey ?? '', text: doc.fallbackText }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new TransientDeliveryError(`post to ${channelId} failed: ${(err as Error).name}`, { cause: err });
    }
    const body = (await res.json().catch(() => ({}))) as { messageId?: string };
    if (res.status === 429) throw new RateLimitedError(Number(res.headers.get('retry-after') ?? '1') * 1000);
    if (res.status === 403 || res.status === 404) throw new PermanentDeliveryError(`channel ${channelId}: HTTP ${res.status}`);
    if (!res.ok || !body.messageId) throw new TransientDeliveryError(`HTTP ${res.status}`);
    return { messageId: body.messageId };
  }

  async reply(channelId: string, _parent: string, doc: ReplyDocument): Promise<PostedMessage> {
    return this.post(channelId, doc);
  }

  async wasPosted(channelId: string, deliveryKey: string): Promise<string | null> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}/lookup?channel=${encodeURIComponent(channelId)}&key=${encodeURIComponent(deliveryKey)}`, {
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new TransientDeliveryError(`lookup in ${channelId} failed: ${(err as Error).name}`, { cause: err });
    }
    if (!res.ok) throw new TransientDeliveryError(`lookup failed: HTTP ${res.status}`);
    return ((await res.json()) as { messageId: string | null }).messageId;
  }
}
