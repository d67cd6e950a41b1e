import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A scripted answer for one post: a status (with Retry-After for 429), or a hang (the client times out). */
export type Fault = { status: 500 | 403 | 404 } | { status: 429; retryAfterSeconds: number } | { hangMs: number; land: boolean };

export interface PostRecord {
  channel: string;
  key: string;
  worker: string;
  messageId: string;
}

/**
 * A fake chat platform on 127.0.0.1 that counts every post that landed per (channel, delivery key),
 * so tests see duplicates and losses exactly. POST /post {channel, key, text}; GET /lookup?channel&key.
 * `faults` scripts the next answers per channel; a hang with land=true records the post and then
 * answers too late (the client gives up, but the message is in the channel).
 */
export class FakePlatformServer extends EventEmitter {
  readonly posts: PostRecord[] = [];
  readonly faults = new Map<string, Fault[]>();
  requests = 0;
  lookups = 0;
  lookupHits = 0;
  /** Delay every successful answer by this much, after the post has landed (widens the crash window). */
  answerDelayMs = 0;
  /** While set, posts wait for it before landing (hold the fleet back until every worker is up). */
  gate: Promise<void> | null = null;
  private server: Server | null = null;
  private counter = 0;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, headers }) => {
          if (res.destroyed) return;
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        },
        () => res.destroy(),
      );
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  /** Posts per "channel|key"; a correct run has every value 1. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const p of this.posts) out.set(`${p.channel}|${p.key}`, (out.get(`${p.channel}|${p.key}`) ?? 0) + 1);
    return out;
  }

  duplicates(): number {
    return [...this.counts().values()].reduce((n, c) => n + (c - 1), 0);
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/lookup') {
      this.lookups++;
      const found = this.posts.find((p) => p.channel === url.searchParams.get('channel') && p.key === url.searchParams.get('key'));
      if (found) this.lookupHits++;
      return { status: 200, body: { messageId: found?.messageId ?? null } };
    }
    if (req.method !== 'POST' || url.pathname !== '/post') return { status: 404, body: { error: 'not found' } };
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const { channel, key } = JSON.parse(raw) as { channel: string; key: string };
    if (this.gate) await this.gate;
    this.requests++;
    const fault = this.faults.get(channel)?.shift();
    if (fault && 'status' in fault) {
      return fault.status === 429
        ? { status: 429, body: { error: 'rate_limited' }, headers: { 'retry-after': String(fault.retryAfterSeconds) } }
        : { status: fault.status, body: { error: `status ${fault.status}` } };
    }
    const record: PostRecord = { channel, key, worker: String(req.headers['x-worker'] ?? ''), messageId: `msg-${++this.counter}` };
    if (fault && 'hangMs' in fault) {
      if (fault.land) this.land(record);
      await new Promise((r) => setTimeout(r, fault.hangMs));
      return { status: 504, body: { error: 'too late' } };
    }
    this.land(record);
    if (this.answerDelayMs) await new Promise((r) => setTimeout(r, this.answerDelayMs));
    return { status: 200, body: { messageId: record.messageId } };
  }

  private land(record: PostRecord): void {
    this.posts.push(record);
    this.emit('post', record, this.posts.length);
  }
}
