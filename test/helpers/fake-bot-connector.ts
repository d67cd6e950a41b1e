import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
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
  /** The activity id the connector gave a post that landed. */
  id?: string;
  /** When it arrived (wall clock), as Graph's createdDateTime. */
  at?: string;
  /** When it arrived on this machine's monotonic clock (performance.now(), ms): for spacing checks. */
  atMs?: number;
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
  private readonly lostAnswers: { status: number; when?: (body: Record<string, unknown>) => boolean }[] = [];
  /**
   * Microsoft Graph, on the same server under /graph/v1.0/ (MICROSOFT_GRAPH_URL) with its token endpoint
   * under /login/ (MICROSOFT_LOGIN_URL): teams (aadGroupId) whose owners granted ChannelMessage.Read.Group.
   */
  readonly graphGrantedTeams = new Set<string>();
  /** Client-credential token requests the fake identity endpoint received (tenant, client id, whether the secret matched). */
  readonly tokenRequests: { tenant: string; clientId: string; secretOk: boolean; scope: string }[] = [];
  /** Every access token the fake identity endpoint issued, with the scope and tenant it was issued for. */
  readonly issuedTokens: { token: string; scope: string; tenant: string }[] = [];
  /** The app password the fake identity endpoint accepts (unset: any). */
  appPassword: string | null = null;
  /** Channel message list reads Graph answered (any status). */
  graphReads = 0;
  /** Delay each successful activity post's answer by this much after it was recorded (widens a crash window). */
  answerDelayMs = 0;
  /** The next post to each of these conversations lands, then its answer is held this long (the client times out first). */
  readonly hangAfterLanding = new Map<string, number>();
  /**
   * Teams' posting limits, enforced when set (this fake serves one tenant): sliding windows per conversation,
   * and windows for the whole tenant. A post over any of them is answered 429 with Retry-After: 1 and does not land.
   */
  limits: { conversation: { max: number; windowMs: number }[]; tenant: { max: number; windowMs: number }[] } | null = null;
  /** Posts refused with 429 by `limits`, by the limit that refused them. */
  readonly rejected = { conversation: 0, tenant: 0 };
  /** Arrival times (performance.now()) of the posts `limits` let through: per conversation, and '' for the tenant. */
  private readonly acceptedAt = new Map<string, number[]>();
  /** Called as each activity post lands, with the number landed so far; the answer waits for what it returns. */
  onPost: ((call: ConnectorCall, total: number) => void | Promise<void>) | null = null;
  private server: Server | HttpsServer | null = null;
  private nextId = 1;
  private jwks: object = { keys: [] };
  url = '';

  /**
   * Listens on 127.0.0.1 (a random port); with `tls` (a certificate for 127.0.0.1, see test-ca.ts) over
   * HTTPS, as MSAL requires of an identity endpoint.
   */
  async start(options: { tls?: { key: string; cert: string } } = {}): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.handle(req, res);
    const server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, handler) : createServer(handler);
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
   * tell it landed. With `when`, only posts whose body it accepts (e.g. carriesDigest).
   */
  loseAnswerNext(status = 504, times = 1, when?: (body: Record<string, unknown>) => boolean): void {
    for (let i = 0; i < times; i++) this.lostAnswers.push({ status, when });
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

  get graphUrl(): string {
    return `${this.url}/graph/v1.0/`;
  }

  get loginUrl(): string {
    return `${this.url}/login/`;
  }

  get openIdMetadataUrl(): string {
    return `${this.url}/.well-known/openidconfiguration`;
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.length = 0;
    this.lostAnswers.length = 0;
  }

  /** Which of `limits` a post to `conversation` at `now` would break (nothing: it is booked). */
  private overLimit(conversation: string, now: number): 'conversation' | 'tenant' | null {
    const limits = this.limits!;
    const checks: ['conversation' | 'tenant', string, { max: number; windowMs: number }[]][] = [['conversation', conversation, limits.conversation], ['tenant', '', limits.tenant]];
    for (const [kind, key, windows] of checks) {
      const times = this.acceptedAt.get(key) ?? [];
      if (windows.some((w) => times.length - firstAtOrAfter(times, now - w.windowMs) >= w.max)) return kind;
    }
    for (const [, key] of checks) this.acceptedAt.set(key, [...(this.acceptedAt.get(key) ?? []), now]);
    return null;
  }

  private graph(req: IncomingMessage, url: URL, res: ServerResponse): void {
    const match = /^\/graph\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages$/.exec(url.pathname);
    if (!match) return json(res, 404, { error: { code: 'NotFound' } });
    this.graphReads++;
    const bearer = req.headers.authorization?.replace(/^Bearer /, '');
    if (!this.issuedTokens.some((t) => t.token === bearer && t.scope === 'https://graph.microsoft.com/.default')) {
      return json(res, 401, { error: { code: 'InvalidAuthenticationToken' } });
    }
    const team = decodeURIComponent(match[1]!);
    if (!this.graphGrantedTeams.has(team)) return json(res, 403, { error: { code: 'Forbidden', message: 'Missing role permissions on the request.' } });
    const top = Math.min(50, Number(url.searchParams.get('$top') ?? 20));
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    return json(res, 200, graphMessages(this, team, decodeURIComponent(match[2]!), top, skip, `${this.url}${url.pathname}`));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.method === 'GET' && url.pathname === '/.well-known/openidconfiguration') {
      return json(res, 200, { issuer: 'https://api.botframework.com', jwks_uri: `${this.url}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (req.method === 'GET' && url.pathname === '/keys') return json(res, 200, this.jwks);
    if (req.method === 'GET' && url.pathname.startsWith('/graph/v1.0/')) return this.graph(req, url, res);
    // The identity endpoint's OpenID configuration, where MSAL finds the token endpoint of an authority.
    const authority = /^\/login\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(url.pathname);
    if (req.method === 'GET' && authority) {
      const base = `${this.url}/login/${authority[1]}`;
      return json(res, 200, { issuer: `${base}/v2.0`, authorization_endpoint: `${base}/oauth2/v2.0/authorize`, token_endpoint: `${base}/oauth2/v2.0/token`, jwks_uri: `${base}/discovery/v2.0/keys`, token_endpoint_auth_methods_supported: ['client_secret_post'] });
    }
    const token = /^\/login\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (req.method === 'POST' && token) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const tenant = decodeURIComponent(token[1]!);
      const secretOk = this.appPassword === null || form.get('client_secret') === this.appPassword;
      this.tokenRequests.push({ tenant, clientId: form.get('client_id') ?? '', secretOk, scope: form.get('scope') ?? '' });
      if (!secretOk || form.get('grant_type') !== 'client_credentials') return json(res, 401, { error: 'invalid_client' });
      const scope = form.get('scope') ?? '';
      const kind = scope.startsWith('https://graph.microsoft.com/') ? 'graph' : 'connector';
      const accessToken = `${kind}-token-${tenant}-${randomBytes(6).toString('hex')}`;
      this.issuedTokens.push({ token: accessToken, scope, tenant });
      return json(res, 200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken });
    }

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
    const lostAt = conversationId !== '' && method === 'POST' && this.failures.length === 0 ? this.lostAnswers.findIndex((l) => !l.when || l.when(body)) : -1;
    const lost = lostAt >= 0 ? this.lostAnswers.splice(lostAt, 1)[0]!.status : undefined;
    if (lost !== undefined) {
      const id = `1${String(this.nextId++).padStart(12, '0')}`;
      this.calls.push({ method, conversationId, activityId, authorization: req.headers.authorization ?? null, body, status: 200, bytes: raw.length, id, at: new Date().toISOString() });
      return json(res, lost, { error: { code: 'GatewayTimeout', message: 'the answer was lost after the activity was accepted' } });
    }
    const arrived = performance.now();
    if (this.limits && method === 'POST' && conversationId !== '') {
      const over = this.overLimit(conversationId.split(';')[0]!, arrived);
      if (over) {
        this.rejected[over]++;
        this.calls.push({ method, conversationId, activityId, authorization: req.headers.authorization ?? null, body, status: 429, bytes: raw.length, at: new Date().toISOString(), atMs: arrived });
        return json(res, 429, { error: { code: 'TooManyRequests', message: `fake ${over} limit` } }, { 'retry-after': '1' });
      }
    }
    const failure = conversationId !== '' ? this.failures.shift() : undefined;
    const status = failure?.status ?? (method === 'POST' && conversationId === '' ? 201 : 200);
    const call: ConnectorCall = { method, conversationId, activityId, authorization: req.headers.authorization ?? null, body, status, bytes: raw.length, at: new Date().toISOString(), atMs: arrived };
    this.calls.push(call);
    if (failure) return json(res, failure.status, { error: { code: 'Fake', message: `fake failure ${failure.status}` } }, failure.headers);
    if (conversationId === '') {
      const id = `a:fake-conversation-${this.nextId++}`;
      return json(res, 201, { id, activityId: `1${String(this.nextId++).padStart(12, '0')}` });
    }
    call.id = method === 'PUT' ? activityId! : `1${String(this.nextId++).padStart(12, '0')}`;
    if (method === 'POST') await this.onPost?.(call, this.posts().length);
    const hang = method === 'POST' && !conversationId.includes(';') ? this.hangAfterLanding.get(conversationId) : undefined;
    if (hang !== undefined) this.hangAfterLanding.delete(conversationId);
    const delay = hang ?? this.answerDelayMs;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (res.destroyed) return;
    return json(res, 200, { id: call.id });
  }
}

/** Index of the first time at or after `t` in a sorted list. */
function firstAtOrAfter(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! >= t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** True for an activity carrying a digest (its first card's first element holds the delivery key). */
export function carriesDigest(body: Record<string, unknown>): boolean {
  const first = (body.attachments as { content?: { body?: { id?: string }[] } }[] | undefined)?.[0]?.content?.body?.[0];
  return typeof first?.id === 'string' && first.id.startsWith('cyberpolicy-digest:');
}

/** Graph's GET /teams/{team}/channels/{channel}/messages: root posts of that channel, newest first, paged. */
function graphMessages(connector: FakeBotConnector, team: string, channel: string, top: number, skip: number, base: string) {
  void team;
  const all = connector.calls
    .filter((c) => c.method === 'POST' && c.status < 300 && c.conversationId === channel && c.id)
    .reverse()
    .map((c) => ({
      id: c.id!,
      createdDateTime: c.at,
      messageType: 'message',
      attachments: ((c.body.attachments ?? []) as { contentType: string; content: unknown }[]).map((a) => ({ contentType: a.contentType, content: JSON.stringify(a.content) })),
    }));
  const page = all.slice(skip, skip + top);
  const next = skip + top < all.length ? `${base}?$top=${top}&$skiptoken=${skip + top}` : undefined;
  return { value: page, ...(next ? { '@odata.nextLink': next } : {}) };
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(value));
}
