import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

/** One Web API call or response_url post the fake received. */
export interface RecordedCall {
  method: string;
  token: string | null;
  args: Record<string, unknown>;
}

/** A message that landed in a channel (what conversations.history returns). */
export interface LandedMessage {
  channel: string;
  ts: string;
  text: string;
  threadTs?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  /** The blocks as sent (JSON), to tell identical posts from different ones with the same fallback text. */
  blocksJson?: string;
  /** When it arrived on this machine's monotonic clock (performance.now(), ms): for spacing checks. */
  atMs?: number;
}

interface ScriptedFailure {
  method: string;
  channel?: string;
  error?: string;
  /** Answer 429 with this Retry-After (seconds) instead of an error body. */
  retryAfterSeconds?: number;
  times: number;
}

/**
 * A fake Slack on 127.0.0.1: the Web API under /api/ (auth.test, chat.postMessage, conversations.join,
 * oauth.v2.access) and response URLs under /response/. It records every call, answers 429 with
 * Retry-After on demand, models channel membership, and checks Block Kit limits the way Slack does
 * (invalid_blocks with the reasons). It may enforce 1 message/s per channel and a workspace rate
 * (a token bucket: the rate on average, with a burst of `burstSeconds` worth of messages).
 */
export class FakeSlackServer extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  /** Every chat.postMessage that landed, in order; emits 'post' (message, total) as each lands. */
  readonly landed: LandedMessage[] = [];
  /**
   * Scopes auth.test reports in its x-oauth-scopes header (null: no header). Defaults to the manifest's
   * bot scopes, history included.
   */
  grantedScopes: string[] | null = ['commands', 'chat:write', 'chat:write.public', 'channels:read', 'channels:history', 'groups:history', 'users:read'];
  /**
   * Users users.info knows, with the locale it reports under include_locale=true (null: a user whose
   * profile has none). Any other user is user_not_found, as Slack answers for an id it does not know.
   */
  readonly userLocales = new Map<string, string | null>();
  /** Message ts from the wall clock (like Slack) instead of a fixed base, so conversations.history's oldest works. */
  clockTs = false;
  /** Delay every chat.postMessage answer by this much after the message landed (widens the crash window). */
  answerDelayMs = 0;
  /** The next posts to these channels land, then the answer is held this long (the client times out first). */
  readonly hangAfterLanding = new Map<string, number>();
  /** Posts to response URLs, in order; emits 'response' (path) as each arrives. */
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  /** Every views.publish that Slack accepted (App Home tabs), in order. */
  readonly published: { userId: string; view: Record<string, unknown> }[] = [];
  /** Channels the bot is a member of; others answer not_in_channel until joined. null: member everywhere. */
  members: Set<string> | null = null;
  /** Channels conversations.join refuses (private channels). */
  readonly unjoinable = new Set<string>();
  oauthResponse: Record<string, unknown> = {
    ok: true,
    access_token: 'xoxb-installed-token',
    token_type: 'bot',
    scope: 'commands,chat:write,chat:write.public,channels:read',
    bot_user_id: 'U_BOT',
    app_id: 'A_APP',
    team: { id: 'T_NEW', name: 'New Team' },
    enterprise: null,
    authed_user: { id: 'U_INSTALLER' },
    is_enterprise_install: false,
  };
  /** When set, posts closer than this to the previous post in the same channel get 429. */
  channelIntervalMs: number | null = null;
  /** When set, more posts than this per rolling second in the workspace get 429. */
  workspacePerSecond: number | null = null;
  private readonly failures: ScriptedFailure[] = [];
  private readonly lastPostAt = new Map<string, number>();
  /** Workspace token bucket: refills at workspacePerSecond, holds a short burst (Slack allows "short bursts"). */
  burstSeconds = 0.1;
  /** When each chat.postMessage arrived (performance.now()), for rate statistics. */
  readonly postTimes: number[] = [];
  /** 429s the rate limits gave, by which limit. */
  readonly rejected = { channel: 0, workspace: 0 };
  private bucket: { tokens: number; at: number } | null = null;
  private server: Server | null = null;
  private tsCounter = 0;
  url = '';
  /** Socket Mode: what the app sent back over the WebSocket (acks with envelope_id). */
  readonly socketMessages: Record<string, unknown>[] = [];
  private readonly sockets = new Set<WebSocket>();
  private readonly wss = new WebSocket.Server({ noServer: true });

  /** Posts (thread replies excluded) per channel|delivery key from the metadata; a correct run has every value 1. */
  digestCounts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const m of this.landed) {
      if (m.threadTs) continue;
      const key = `${m.channel}|${String(m.metadata?.event_payload?.delivery_key ?? '')}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  }

  duplicates(): number {
    return [...this.digestCounts().values()].reduce((n, c) => n + (c - 1), 0);
  }

  /**
   * Posts that landed again: the same message (text, blocks, metadata) in the same channel, or in the
   * same thread. A correct run of distinct messages has 0.
   */
  repeatedPosts(): number {
    const seen = new Set<string>();
    let repeated = 0;
    for (const m of this.landed) {
      const key = JSON.stringify([m.channel, m.threadTs ?? '', m.text, m.blocksJson ?? '', m.metadata ?? null]);
      if (seen.has(key)) repeated++;
      else seen.add(key);
    }
    return repeated;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    // Socket Mode: apps.connections.open hands out ws://…/link; Slack says hello once connected.
    server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket as import('node:net').Socket, head, (ws) => {
        this.sockets.add(ws);
        ws.on('message', (data) => this.socketMessages.push(JSON.parse(String(data)) as Record<string, unknown>));
        ws.on('close', () => this.sockets.delete(ws));
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A_APP' } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  /** Base URL for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  /** Number of open Socket Mode connections. */
  get socketCount(): number {
    return this.sockets.size;
  }

  /** Push a Socket Mode envelope (slash_commands, interactive, events_api) to every connected app. */
  sendEnvelope(envelope: Record<string, unknown>): void {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
  }

  /** The next `times` calls of `method` (optionally for one channel) fail with `error`, or 429 when retryAfterSeconds is set. */
  failNext(method: string, failure: { error?: string; retryAfterSeconds?: number; channel?: string; times?: number }): void {
    this.failures.push({ method, times: failure.times ?? 1, ...failure });
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  posts(channel?: string): RecordedCall[] {
    return this.callsOf('chat.postMessage').filter((c) => channel === undefined || c.args.channel === channel);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', this.url).pathname;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (path.startsWith('/response/')) {
      this.responses.push({ path, body: JSON.parse(raw) as Record<string, unknown> });
      this.emit('response', path);
      return send(200, { ok: true });
    }
    if (!path.startsWith('/api/')) return send(404, { ok: false, error: 'unknown_method' });
    const method = path.slice(5);
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : null;
    delete args.token;
    this.calls.push({ method, token, args });

    const failure = this.failures.find((f) => f.method === method && (!f.channel || f.channel === args.channel));
    if (failure) {
      if (--failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
      if (failure.retryAfterSeconds !== undefined) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfterSeconds) });
      return send(200, { ok: false, error: failure.error ?? 'internal_error' });
    }
    if (method !== 'oauth.v2.access' && !token) return send(200, { ok: false, error: 'not_authed' });
    switch (method) {
      case 'auth.test':
        return send(
          200,
          { ok: true, url: 'https://test.slack.com/', team: 'Test Team', user: 'cyberpolicy', team_id: 'T_TEST', user_id: 'U_BOT', bot_id: 'B_BOT', is_enterprise_install: false },
          this.grantedScopes ? { 'x-oauth-scopes': this.grantedScopes.join(',') } : {},
        );
      case 'conversations.history':
        return this.history(args, send);
      case 'conversations.join': {
        const channel = String(args.channel ?? '');
        if (this.unjoinable.has(channel)) return send(200, { ok: false, error: 'method_not_supported_for_channel_type' });
        this.members?.add(channel);
        return send(200, { ok: true, channel: { id: channel } });
      }
      case 'chat.postMessage':
        return this.postMessage(args, send, res);
      case 'views.publish': {
        const problems = checkHomeView(args.user_id, args.view);
        if (problems.length) return send(200, { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } });
        this.published.push({ userId: String(args.user_id), view: args.view as Record<string, unknown> });
        return send(200, { ok: true, view: { id: `V${this.published.length}`, ...(args.view as object) } });
      }
      case 'oauth.v2.access':
        return send(200, this.oauthResponse);
      case 'users.info':
        return this.usersInfo(args, send);
      case 'apps.connections.open':
        return token?.startsWith('xapp-') ? send(200, { ok: true, url: `${this.url.replace('http', 'ws')}/link` }) : send(200, { ok: false, error: 'invalid_auth' });
      default:
        return send(200, { ok: false, error: 'unknown_method' });
    }
  }

  /** users.info as Slack documents it: needs users:read; `locale` only with include_locale=true. */
  private usersInfo(args: Record<string, unknown>, send: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    if (this.grantedScopes && !this.grantedScopes.includes('users:read')) return send(200, { ok: false, error: 'missing_scope', needed: 'users:read' });
    const id = String(args.user ?? '');
    if (!this.userLocales.has(id)) return send(200, { ok: false, error: 'user_not_found' });
    const locale = this.userLocales.get(id);
    const withLocale = args.include_locale === true || args.include_locale === 'true';
    send(200, {
      ok: true,
      user: { id, team_id: 'T_TEST', name: id.toLowerCase(), deleted: false, real_name: id, tz: 'Europe/Paris', is_bot: false, ...(withLocale && locale ? { locale } : {}) },
    });
  }

  private takeWorkspaceToken(now: number): boolean {
    const rate = this.workspacePerSecond!;
    const capacity = Math.max(1, Math.ceil(rate * this.burstSeconds));
    const b = (this.bucket ??= { tokens: capacity, at: now });
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** conversations.history as the probe uses it: newest first, ts >= oldest, metadata only with include_all_metadata. */
  private history(args: Record<string, unknown>, send: (status: number, body: unknown, headers?: Record<string, string>) => void): void {
    const channel = String(args.channel ?? '');
    const scope = channel.startsWith('G') ? 'groups:history' : channel.startsWith('D') ? 'im:history' : 'channels:history';
    if (this.grantedScopes && !this.grantedScopes.includes(scope)) return send(200, { ok: false, error: 'missing_scope', needed: scope });
    const oldest = Number(args.oldest ?? 0);
    const limit = Math.min(1000, Number(args.limit ?? 100));
    const offset = Number(args.cursor ?? 0);
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    // Replies stay in their thread: history lists channel-level messages only, as Slack does.
    const all = this.landed.filter((m) => m.channel === channel && !m.threadTs && Number(m.ts) >= oldest).reverse();
    const page = all.slice(offset, offset + limit).map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
    const more = offset + limit < all.length;
    send(200, { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(offset + limit) : '' } });
  }

  private nextTs(): string {
    const n = ++this.tsCounter;
    if (!this.clockTs) return `1764331200.${String(n).padStart(6, '0')}`;
    // Unique and increasing like Slack's: wall-clock seconds, with the counter in the microseconds.
    return `${Math.floor(Date.now() / 1000)}.${String(n % 1_000_000).padStart(6, '0')}`;
  }

  private postMessage(args: Record<string, unknown>, send: (status: number, body: unknown, headers?: Record<string, string>) => void, res: ServerResponse): void {
    const channel = String(args.channel ?? '');
    if (!channel) return send(200, { ok: false, error: 'channel_not_found' });
    if (this.members && !this.members.has(channel)) return send(200, { ok: false, error: 'not_in_channel' });
    if (typeof args.text !== 'string' || !args.text.trim()) return send(200, { ok: false, error: 'no_text' });
    if ('parse' in args || 'link_names' in args) return send(200, { ok: false, error: 'invalid_arguments', detail: 'parse/link_names must not be set' });
    const problems = checkBlockKit(args.blocks);
    if (problems.length) return send(200, { ok: false, error: 'invalid_blocks', errors: problems });
    const now = performance.now();
    this.postTimes.push(now);
    if (this.channelIntervalMs !== null) {
      const last = this.lastPostAt.get(channel);
      // A little slack for timer jitter: Slack's own limit is also "about" one per second.
      if (last !== undefined && now - last < this.channelIntervalMs - 5) {
        this.rejected.channel++;
        return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
      }
    }
    if (this.workspacePerSecond !== null && !this.takeWorkspaceToken(now)) {
      this.rejected.workspace++;
      return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' });
    }
    this.lastPostAt.set(channel, now);
    const ts = this.nextTs();
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    const metadata = args.metadata && typeof args.metadata === 'object' ? (args.metadata as LandedMessage['metadata']) : undefined;
    const message: LandedMessage = { channel, ts, text: String(args.text), ...(threadTs ? { threadTs } : {}), ...(metadata ? { metadata } : {}), ...(args.blocks ? { blocksJson: JSON.stringify(args.blocks) } : {}), atMs: now };
    this.landed.push(message);
    this.emit('post', message, this.landed.length);
    const answer = () => {
      if (!res.destroyed) send(200, { ok: true, channel, ts, message: { type: 'message', text: args.text, ts, thread_ts: args.thread_ts } });
    };
    const hang = threadTs ? undefined : this.hangAfterLanding.get(channel);
    if (hang !== undefined) this.hangAfterLanding.delete(channel);
    const delay = hang ?? this.answerDelayMs;
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  }
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // The WebClient sends objects and arrays JSON-encoded inside form fields.
    args[key] = key === 'blocks' || key === 'attachments' || key === 'metadata' || key === 'view' ? JSON.parse(value) : value;
  }
  return args;
}

/** Block Kit limits as Slack documents them; each violation is a readable reason. */
export function checkBlockKit(blocks: unknown): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const problems: string[] = [];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (max 50)`);
  const text = (t: unknown, where: string, max: number, kinds: string[]) => {
    const o = t as { type?: string; text?: unknown };
    if (!o || typeof o.text !== 'string' || !kinds.includes(String(o.type))) return problems.push(`${where}: bad text object`);
    if (o.text.length < 1) problems.push(`${where}: empty text`);
    if (o.text.length > max) problems.push(`${where}: ${o.text.length} chars (max ${max})`);
  };
  blocks.forEach((b: Record<string, unknown>, i) => {
    const where = `blocks[${i}]`;
    switch (b.type) {
      case 'header':
        text(b.text, where, 150, ['plain_text']);
        break;
      case 'section':
        text(b.text, where, 3000, ['plain_text', 'mrkdwn']);
        break;
      case 'context': {
        const elements = b.elements as unknown[];
        if (!Array.isArray(elements) || elements.length < 1 || elements.length > 10) problems.push(`${where}: ${elements?.length} context elements (1..10)`);
        else elements.forEach((e, j) => text(e, `${where}.elements[${j}]`, 3000, ['plain_text', 'mrkdwn']));
        break;
      }
      case 'actions': {
        const elements = b.elements as Record<string, unknown>[];
        if (!Array.isArray(elements) || elements.length < 1 || elements.length > 25) problems.push(`${where}: ${elements?.length} action elements (1..25)`);
        else
          elements.forEach((e, j) => {
            text(e.text, `${where}.elements[${j}]`, 75, ['plain_text']);
            if (typeof e.action_id !== 'string' || e.action_id.length > 255) problems.push(`${where}.elements[${j}]: bad action_id`);
            if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > 2000)) problems.push(`${where}.elements[${j}]: bad value`);
          });
        break;
      }
      case 'divider':
        break;
      default:
        problems.push(`${where}: unknown block type ${String(b.type)}`);
    }
  });
  const ids = blocks.flatMap((b: Record<string, unknown>) => (b.type === 'actions' ? (b.elements as { action_id: string }[]).map((e) => e.action_id) : []));
  if (new Set(ids).size !== ids.length) problems.push('duplicate action_id');
  return problems;
}

/**
 * views.publish's checks as Slack documents them for a Home tab: a user id, type "home", at most 100
 * blocks, checkboxes with 1..10 options whose initial_options repeat options exactly, selects with at
 * most 100 options and an initial_option among them, a timepicker's initial_time as HH:mm.
 */
export function checkHomeView(userId: unknown, view: unknown): string[] {
  const problems: string[] = [];
  if (typeof userId !== 'string' || !/^[UW][A-Z0-9_]+$/.test(userId)) problems.push('invalid `user_id`');
  const v = view as { type?: unknown; blocks?: unknown; private_metadata?: unknown } | null;
  if (!v || v.type !== 'home') problems.push('view.type must be "home"');
  const blocks = (Array.isArray(v?.blocks) ? v!.blocks : []) as Record<string, unknown>[];
  if (blocks.length < 1 || blocks.length > 100) problems.push(`${blocks.length} blocks (1..100)`);
  if (typeof v?.private_metadata === 'string' && v.private_metadata.length > 3000) problems.push('private_metadata over 3000 chars');
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const elements = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as Record<string, unknown>[]) : b.accessory ? [b.accessory as Record<string, unknown>] : []));
  const ids = new Set<string>();
  for (const e of elements) {
    const id = String(e.action_id ?? '');
    if (ids.has(id)) problems.push(`duplicate action_id ${id}`);
    ids.add(id);
    const options = (e.options ?? []) as unknown[];
    switch (e.type) {
      case 'checkboxes': {
        if (options.length < 1 || options.length > 10) problems.push(`${id}: ${options.length} checkbox options (1..10)`);
        for (const initial of (e.initial_options ?? []) as unknown[]) if (!options.some((o) => same(o, initial))) problems.push(`${id}: initial option not in options`);
        break;
      }
      case 'static_select':
        if (options.length < 1 || options.length > 100) problems.push(`${id}: ${options.length} select options (1..100)`);
        if (e.initial_option !== undefined && !options.some((o) => same(o, e.initial_option))) problems.push(`${id}: initial_option not in options`);
        break;
      case 'timepicker':
        if (e.initial_time !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(String(e.initial_time))) problems.push(`${id}: initial_time not HH:mm`);
        break;
      case 'conversations_select':
      case 'button':
        break;
      default:
        problems.push(`${id}: element type ${String(e.type)} not checked by the fake`);
    }
    for (const o of options as { text?: { text?: string }; value?: string }[]) {
      if (!o.text?.text || o.text.text.length > 75) problems.push(`${id}: option text 1..75 chars`);
      if (!o.value || o.value.length > 150) problems.push(`${id}: option value 1..150 chars`);
    }
  }
  return problems;
}
