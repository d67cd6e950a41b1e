import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';

/** How long we hold Slack's HTTP request open for a listener's ack (Slack gives up at 3 s). */
const ACK_TIMEOUT_MS = 2500;
const MAX_SKEW_SECONDS = 5 * 60;

/**
 * A Bolt Receiver fed by web-standard Requests from our own HTTP server. It checks Slack's signature
 * against the injected clock before anything runs, hands the body to `app.processEvent`, and answers
 * with whatever the listener passes to ack().
 */
export class WebRequestReceiver implements Receiver {
  private app: App | null = null;

  constructor(
    private readonly options: { signingSecret: string; clock: Clock; logger: Logger; ackTimeoutMs?: number },
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  /** POST /slack/events */
  async handle(request: Request): Promise<Response> {
    const raw = await request.text();
    const { verifySlackRequest } = await import('@slack/bolt');
    const rejection = this.verify(request.headers, raw, verifySlackRequest);
    if (rejection) {
      this.options.logger.warn({ reason: rejection }, 'slack: request refused');
      return new Response(`${rejection}\n`, { status: 401, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, request.headers.get('content-type') ?? '');
    } catch {
      return new Response('malformed body\n', { status: 400 });
    }
    if (body.ssl_check) return new Response('', { status: 200 });
    if (body.type === 'url_verification') return Response.json({ challenge: String(body.challenge ?? '') });
    if (!this.app) return new Response('slack app not ready\n', { status: 503 });
    return this.dispatch(this.app, body, request.headers);
  }

  /** A reason to refuse the request, or null when Slack signed it within the last 5 minutes. */
  private verify(headers: Headers, raw: string, verifySlackRequest: typeof import('@slack/bolt').verifySlackRequest): string | null {
    const signature = headers.get('x-slack-signature');
    const timestamp = headers.get('x-slack-request-timestamp');
    if (!signature || !timestamp) return 'missing Slack signature headers';
    if (!/^\d{1,12}$/.test(timestamp)) return 'bad Slack timestamp';
    const nowMs = this.options.clock.now().getTime();
    // Bolt's helper rejects old timestamps; we also refuse ones from the future.
    if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_SKEW_SECONDS) return 'stale Slack timestamp';
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
        nowMilliseconds: nowMs,
      });
      return null;
    } catch {
      return 'invalid Slack signature';
    }
  }

  private async dispatch(app: App, body: Record<string, unknown>, headers: Headers): Promise<Response> {
    let settle!: (response: Response) => void;
    const answered = new Promise<Response>((resolve) => (settle = resolve));
    let acked = false;
    const event: ReceiverEvent = {
      body,
      retryNum: numberHeader(headers.get('x-slack-retry-num')),
      retryReason: headers.get('x-slack-retry-reason') ?? undefined,
      ack: async (response?: unknown) => {
        if (acked) return;
        acked = true;
        settle(ackResponse(response));
      },
    };
    const timer = setTimeout(() => {
      if (!acked) this.options.logger.warn('slack: no ack within the deadline; answering 200 so Slack does not retry');
      settle(new Response('', { status: 200 }));
    }, this.options.ackTimeoutMs ?? ACK_TIMEOUT_MS);
    app.processEvent(event).then(
      () => settle(new Response('', { status: 200 })),
      (err: unknown) => {
        this.options.logger.error({ err: (err as Error)?.message }, 'slack: event processing failed');
        settle(new Response('', { status: acked ? 200 : 500 }));
      },
    );
    try {
      return await answered;
    } finally {
      clearTimeout(timer);
    }
  }
}

function numberHeader(value: string | null): number | undefined {
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

function ackResponse(response: unknown): Response {
  if (response === undefined || response === null || response === '') return new Response('', { status: 200 });
  if (typeof response === 'string') return new Response(response, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return Response.json(response);
}

/** Slack sends commands as a form, interactivity as a form with a JSON `payload`, events as JSON. */
export function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const form = new URLSearchParams(raw);
  const payload = form.get('payload');
  if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
  return Object.fromEntries(form.entries());
}
