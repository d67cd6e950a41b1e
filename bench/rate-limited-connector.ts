/**
 * A Bot Connector on 127.0.0.1 for the Teams fan-out bench: answers activity posts like Teams does
 * and enforces Teams' per-conversation limits (7/1 s, 8/2 s, 60/30 s) plus a service-wide rate,
 * answering 429 with Retry-After beyond them. Counts posts, 429s, cards per conversation and repeated
 * posts (the same card landing twice in one conversation or thread).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CONVERSATION_WINDOWS = [
  { max: 7, windowMs: 1_000 },
  { max: 8, windowMs: 2_000 },
  { max: 60, windowMs: 30_000 },
];

export class RateLimitedConnector {
  posts = 0;
  throttled = 0;
  firstPostAt = 0;
  lastPostAt = 0;
  /** Cards that landed per conversation (thread replies included). */
  readonly cards = new Map<string, number>();
  /** Posts whose card, text and thread had already landed in that conversation. */
  repeated = 0;
  private readonly landed = new Set<string>();
  private readonly byConversation = new Map<string, number[]>();
  private readonly recent: number[] = [];
  private server: Server | null = null;
  private nextId = 1;
  url = '';

  /** `servicePerSecond`: posts accepted per rolling second across all conversations. */
  constructor(private readonly servicePerSecond: number) {}

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
        const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        };
        if (!match || req.method !== 'POST') return send(404, { error: { code: 'NotFound', message: req.url } });
        const conversation = decodeURIComponent(match[1]!).split(';')[0]!;
        const replyTo = /^\/v3\/conversations\/[^/]+\/activities\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
        const now = performance.now();
        while (this.recent.length && now - this.recent[0]! >= 1000) this.recent.shift();
        const times = (this.byConversation.get(conversation) ?? []).filter((t) => now - t < 30_000);
        const overConversation = CONVERSATION_WINDOWS.some((w) => times.filter((t) => now - t < w.windowMs).length >= w.max);
        if (overConversation || this.recent.length >= this.servicePerSecond) {
          this.throttled++;
          return send(429, { error: { code: 'Throttled', message: 'too many requests' } }, { 'retry-after': '1' });
        }
        this.recent.push(now);
        times.push(now);
        this.byConversation.set(conversation, times);
        this.posts++;
        this.cards.set(conversation, (this.cards.get(conversation) ?? 0) + 1);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { text?: string; attachments?: unknown };
        // A digest's first card carries its delivery key (element id), so two digests never look alike.
        const key = JSON.stringify([decodeURIComponent(match[1]!), replyTo, body.text ?? '', body.attachments ?? null]);
        if (this.landed.has(key)) this.repeated++;
        else this.landed.add(key);
        this.firstPostAt ||= now;
        this.lastPostAt = now;
        send(200, { id: `1${String(this.nextId++).padStart(12, '0')}` });
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
  }
}

/**
 * The least time from a conversation's first card to its `cards`-th under `windows` (at most `max` in
 * any `windowMs`): sending each card at the earliest moment the windows allow is optimal.
 */
export function minimumSpanMs(cards: number, windows: { max: number; windowMs: number }[] = CONVERSATION_WINDOWS): number {
  const times: number[] = [];
  for (let i = 0; i < cards; i++) {
    let t = times[i - 1] ?? 0;
    for (const w of windows) if (i >= w.max) t = Math.max(t, times[i - w.max]! + w.windowMs);
    times.push(t);
  }
  return times.at(-1) ?? 0;
}
