import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';

export interface RequestMeta {
  /** The peer address as the socket saw it (no proxy headers are trusted). */
  remoteAddress: string;
}

/** Web-standard handler: adapters and pages never see Node's request objects. */
export type RouteHandler = (request: Request, meta: RequestMeta) => Promise<Response> | Response;

interface Route {
  method: string;
  /** Exact path, or a prefix when it ends with '*'. */
  path: string;
  handler: RouteHandler;
}

export interface HttpServerOptions {
  logger: Logger;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

/** One HTTP server for everything: health, metrics, Slack, Teams and the playground share a port. */
export class HttpServer {
  private readonly routes: Route[] = [];
  private server: Server | null = null;
  private starting = false;

  constructor(private readonly options: HttpServerOptions) {}

  /**
   * While starting, every request gets 503 {"status":"starting"}: `serve` binds its port first, so a
   * busy port ends it at once, and answers only once the store and adapters are ready.
   */
  setStarting(starting: boolean): void {
    this.starting = starting;
  }

  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.push({ method: method.toUpperCase(), path, handler });
  }

  async listen(port: number, host: string): Promise<AddressInfo> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.headersTimeout = 15_000;
    server.requestTimeout = 30_000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return server.address() as AddressInfo;
  }

  /** Where it listens (null before listen). */
  address(): AddressInfo | null {
    return (this.server?.address() as AddressInfo | null) ?? null;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 2_000).unref();
    });
  }

  private match(method: string, path: string): Route | 'method' | null {
    let pathMatched = false;
    for (const route of this.routes) {
      const hit = route.path.endsWith('*') ? path.startsWith(route.path.slice(0, -1)) : path === route.path;
      if (!hit) continue;
      pathMatched = true;
      if (route.method === method || (route.method === 'GET' && method === 'HEAD')) return route;
    }
    return pathMatched ? 'method' : null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const route = this.match(method, url.pathname);
    try {
      if (this.starting) return send(res, new Response('{"status":"starting"}', { status: 503, headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' } }));
      if (route === null) return send(res, new Response('not found\n', { status: 404 }));
      if (route === 'method') return send(res, new Response('method not allowed\n', { status: 405 }));
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req, this.options.maxBodyBytes ?? 1024 * 1024);
      if (body === null) return send(res, new Response('request body too large\n', { status: 413 }));
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(key, value);
        else if (Array.isArray(value)) for (const v of value) headers.append(key, v);
      }
      const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method, headers, body });
      const response = await route.handler(request, { remoteAddress: req.socket.remoteAddress ?? '' });
      await send(res, response);
    } catch (err) {
      this.options.logger.error({ err, path: url.pathname }, 'request handler failed');
      if (!res.headersSent) await send(res, new Response('internal error\n', { status: 500 }));
      else res.end();
    } finally {
      this.options.logger.debug({ method, path: url.pathname, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http');
    }
  }
}

async function readBody(req: IncomingMessage, max: number): Promise<ArrayBuffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) {
      req.resume();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  const all = Buffer.concat(chunks);
  return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, key) => res.setHeader(key, value));
  if (response.body) {
    res.end(Buffer.from(await response.arrayBuffer()));
  } else {
    res.end();
  }
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

export function jsonResponse(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
