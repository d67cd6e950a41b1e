import { timingSafeEqual } from 'node:crypto';
import { isLoopbackAddress, type RequestMeta } from '../../src/server/http-server.js';

/**
 * Who may use the playground: anyone on loopback; beyond loopback only with PLAYGROUND_TOKEN,
 * given as `?token=` once (then a cookie) or an `x-playground-token` header.
 */
export function playgroundAllowed(request: Request, meta: RequestMeta, token: string | undefined): boolean {
  if (isLoopbackAddress(meta.remoteAddress)) return true;
  if (!token) return false;
  const url = new URL(request.url);
  const offered =
    request.headers.get('x-playground-token') ?? url.searchParams.get('token') ?? cookie(request.headers.get('cookie'), 'cp_playground');
  return offered !== null && safeEqual(offered, token);
}

function cookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
