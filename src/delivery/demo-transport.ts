import type { Logger } from '../logger.js';
import { DEMO_PLATFORM } from '../platform/channel-id.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import type { PostedMessage, Transport } from './transport.js';

export interface DemoPost {
  channelId: string;
  doc: ReplyDocument;
  deliveryKey: string | null;
  messageId: string;
  at: Date;
}

/**
 * Delivery for demo:<name> channels (CLI and playground): logs one line per digest and keeps the most
 * recent posts in memory for whoever wants to show them (`recent`, `onPost`).
 */
export class DemoTransport implements Transport {
  readonly platform = DEMO_PLATFORM;
  private readonly posts: DemoPost[] = [];
  private readonly listeners = new Set<(post: DemoPost) => void>();
  private counter = 0;

  constructor(
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly keep = 200,
  ) {}

  async post(channelId: string, doc: ReplyDocument, options: { deliveryKey?: string } = {}): Promise<PostedMessage> {
    return this.record(channelId, doc, options.deliveryKey ?? null);
  }

  async reply(channelId: string, _parentMessageId: string, doc: ReplyDocument): Promise<PostedMessage> {
    return this.record(channelId, doc, null);
  }

  async wasPosted(channelId: string, deliveryKey: string): Promise<string | null> {
    return this.posts.find((p) => p.channelId === channelId && p.deliveryKey === deliveryKey)?.messageId ?? null;
  }

  /** Newest last; for `channelId` only when given. */
  recent(channelId?: string): DemoPost[] {
    return channelId ? this.posts.filter((p) => p.channelId === channelId) : [...this.posts];
  }

  onPost(listener: (post: DemoPost) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(channelId: string, doc: ReplyDocument, deliveryKey: string | null): PostedMessage {
    const post: DemoPost = { channelId, doc, deliveryKey, messageId: `demo-${++this.counter}`, at: this.now() };
    this.posts.push(post);
    if (this.posts.length > this.keep) this.posts.shift();
    const stories = doc.blocks.filter((b) => b.type === 'story').length;
    this.logger.info({ channel: channelId, deliveryKey, stories, text: doc.fallbackText }, 'demo digest posted');
    for (const listener of this.listeners) listener(post);
    return { messageId: post.messageId };
  }
}
