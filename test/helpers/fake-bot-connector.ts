import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake Bot Connector received. */
export interface ConnectorCall {
  method: 'POST' | 'PUT';
  /** Decoded conversation id from the path ('' for POST /v3/conversations). */
  conversationId: string;
  /** The {replyToId} (POST) or {activityId} (PUT) path segment, or null. */
  activityId: string | null;
  authorization: string | null;
  body: Record<string, unknown>;
  /** What the fake answered. */
  status: number;
  /** Request body size in bytes, as sent. */
  bytes: number;
}

interface Failure {
  status: number;
  headers: Record<string, string>;
}

/**
 * A Bot Connector on 127.0.0.1 that answers POST /v3/conversations, POST
 * /v3/conversations/{id}/activities[/{replyToId}] and PUT …/activities/{id}, records every call,
 * and fails on demand (failNext(429, { 'retry-after': '1' })). It can also publish OpenID metadata
 * and signing keys, so tests can run the Bot Framework's JWT validation against a local key.
 */
export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly failures: Failure[] = [];
  /** Statuses for the next activity posts that land (recorded as posted) but are answered with an error. */
  private readonly lostAnswers: number[] = [];
  private server: Server | null = null;
  private nextId = 1;
  private jwks: object = { keys: [] };
  url = '';

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` activity posts get `status` (with headers) instead of success. */
  failNext(status: number, headers: Record<string, string> = {}, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, headers });
  }

  /**
   * The next `times` activity posts are accepted (they are in the conversation and count in posts()),
   * but the answer is `status` (502/504: the gateway lost the connector's answer), so the bot cannot
   * tell it landed.
   */
  loseAnswerNext(status = 504, times = 1): void {
    for (let i = 0; i < times; i++) this.lostAnswers.push(status);
  }

  /** Successful activity posts, optionally only those to one conversation (thread suffix ignored). */
  posts(conversationId?: string): ConnectorCall[] {
    return this.calls.filter(
      (c) => c.status < 300 && c.method === 'POST' && c.conversationId !== '' && (conversationId === undefined || c.conversationId.split(';')[0] === conversationId),
    );
  }

  /** Publishes signing keys at /keys (see openIdMetadataUrl). */
  publishKeys(jwks: object): void {
    this.jwks = jwks;
  }

  get openIdMetadataUrl(): string {
    return `${this.url}/.well-known/openidconfiguration`;
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.length = 0;
    this.lostAnswers.length = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/.well-known/openidconfiguration') {
      return json(res, 200, { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (req.method === 'GET' && url.pathname === '/keys') return json(res, 200, this.jwks);

    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    let body: Record<string, unknown> = {};
    try {
      body = raw.length > 0 ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      return json(res, 400, { error: { code: 'BadSyntax', message: 'body is not JSON' } });
    }
    const match = /^\/v3\/conversations(?:\/([^/]+)\/activities(?:\/([^/]+))?)?\/?$/.exec(url.pathname);
    const method = req.method === 'PUT' ? 'PUT' : req.method === 'POST' ? 'POST' : null;
    if (!match || !method) return json(res, 404, { error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } });
    const conversationId = match[1] ? decodeURIComponent(match[1]) : '';
    const activityId = match[2] ? decodeURIComponent(match[2]) : null;
    const lost = conversationId !== '' && method === 'POST' && this.failures.length === 0 ? this.lostAnswers.shift() : undefined;
    if (lost !== undefined) {
      this.calls.push({ method, conversationId, activityId, authorization: req.headers.authorization ?? null, body, status: 200, bytes: raw.length });
      return json(res, lost, { error: { code: 'GatewayTimeout', message: 'the answer was lost after the activity was accepted' } });
    }
    const failure = conversationId !== '' ? this.failures.shift() : undefined;
    const status = failure?.status ?? (method === 'POST' && conversationId === '' ? 201 : 200);
    this.calls.push({ method, conversationId, activityId, authorization: req.headers.authorization ?? null, body, status, bytes: raw.length });
    if (failure) return json(res, failure.status, { error: { code: 'Fake', message: `fake failure ${failure.status}` } }, failure.headers);
    if (conversationId === '') {
      const id = `a:fake-conversation-${this.nextId++}`;
      return json(res, 201, { id, activityId: `1${String(this.nextId++).padStart(12, '0')}` });
    }
    return json(res, 200, { id: method === 'PUT' ? activityId : `1${String(this.nextId++).padStart(12, '0')}` });
  }
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(value));
}
