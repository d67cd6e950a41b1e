import { DEMO_PLATFORM } from '../platform/channel-id.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import type { PostedMessage, Transport } from './transport.js';

export interface MemoryPost {
  channelId: string;
  doc: ReplyDocument;
  deliveryKey: string | null;
  messageId: string;
  parentMessageId?: string;
}

/**
 * A transport that keeps what it was asked to post (unit tests). `failNext` queues errors to throw on
 * the next posts, so tests can script 500s, 429s and permanent failures.
 */
export class MemoryTransport implements Transport {
  readonly posts: MemoryPost[] = [];
  private readonly failures: unknown[] = [];
  private counter = 0;

  constructor(readonly platform: string = DEMO_PLATFORM) {}

  failNext(...errors: unknown[]): void {
    this.failures.push(...errors);
  }

  async post(channelId: string, doc: ReplyDocument, options: { deliveryKey?: string } = {}): Promise<PostedMessage> {
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    const messageId = `m${++this.counter}`;
    this.posts.push({ channelId, doc, deliveryKey: options.deliveryKey ?? null, messageId });
    return { messageId };
  }

  async reply(channelId: string, parentMessageId: string, doc: ReplyDocument): Promise<PostedMessage> {
    const messageId = `m${++this.counter}`;
    this.posts.push({ channelId, doc, deliveryKey: null, messageId, parentMessageId });
    return { messageId };
  }

  async wasPosted(channelId: string, deliveryKey: string): Promise<string | null> {
    return this.posts.find((p) => p.channelId === channelId && p.deliveryKey === deliveryKey)?.messageId ?? null;
  }

  postsTo(channelId: string): MemoryPost[] {
    return this.posts.filter((p) => p.channelId === channelId);
  }
}
