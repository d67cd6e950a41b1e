import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Transform } from 'node:stream';
import zlib from 'node:zlib';
import { BlockedUrlError, CyberpolicyError } from '../errors.js';
import { AllowList } from './address-policy.js';
import { FetchFailedError } from './fetch-errors.js';
import { assertAddressAllowed, checkBeforeFetch, hostOf, systemLookup, type HostLookup } from './url-guard.js';

export const USER_AGENT = 'cyberpolicy/0.1 (+https://github.com/cyberpolicy)';

export interface ConditionalHeaders {
  etag?: string | null;
  lastModified?: string | null;
}

export interface FetchedFeed {
  /** 304 when the conditional GET says nothing changed (bytes is then empty). */
  status: 200 | 304;
  /** The URL after redirects: the base for relative links. */
  url: string;
  bytes: Buffer;
  contentType: string | null;
  etag: string | null;
  lastModified: string | null;
}

/** Fetches one feed URL under the SSRF guard and every cap; throws BlockedUrlError or FetchFailedError. */
export type FeedFetch = (url: string, conditional?: ConditionalHeaders) => Promise<FetchedFeed>;

export interface SafeFetchOptions {
  /** FETCH_ALLOW: the only way around the address guard. */
  allow?: AllowList;
  /** Cap on the body, compressed and decompressed alike (FEED_MAX_BYTES). */
  maxBytes?: number;
  /** Total time for the whole fetch, redirects and body included. */
  timeoutMs?: number;
  maxRedirects?: number;
  lookup?: HostLookup;
  userAgent?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export function createSafeFetch(options: SafeFetchOptions = {}): FeedFetch {
  const allow = options.allow ?? new AllowList();
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  // Total time for one fetch, redirects and body included: under the 10 s a hostile feed may cost (issue 9).
  const timeoutMs = options.timeoutMs ?? 8_000;
  const maxRedirects = options.maxRedirects ?? 5;
  const lookup = options.lookup ?? systemLookup;
  const userAgent = options.userAgent ?? USER_AGENT;

  return async function safeFetch(startUrl, conditional = {}) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    timer.unref?.();
    let current = startUrl;
    try {
      for (let hop = 0; ; hop++) {
        // Every hop is checked before any connection: a redirect to a private address is refused too.
        const url = await checkBeforeFetch(current, { allow, lookup });
        const response = await request(url, current, { allow, lookup, userAgent, conditional: hop === 0 ? conditional : {}, signal: controller.signal });
        const { statusCode = 0, headers } = response;
        if (REDIRECTS.has(statusCode) && headers.location) {
          response.resume();
          if (hop >= maxRedirects) throw new FetchFailedError(startUrl, `too many redirects (more than ${maxRedirects})`);
          current = new URL(headers.location, url).toString();
          continue;
        }
        if (statusCode === 304) {
          response.resume();
          return { status: 304, url: current, bytes: Buffer.alloc(0), contentType: null, etag: header(headers.etag) ?? conditional.etag ?? null, lastModified: header(headers['last-modified']) ?? conditional.lastModified ?? null };
        }
        if (statusCode < 200 || statusCode > 299) {
          response.resume();
          const where = current === startUrl ? '' : ` (at ${current})`;
          throw new FetchFailedError(startUrl, `HTTP ${statusCode} ${response.statusMessage ?? ''}`.trim() + where, { status: statusCode });
        }
        const bytes = await readCapped(response, startUrl, maxBytes);
        return {
          status: 200,
          url: current,
          bytes,
          contentType: header(headers['content-type']),
          etag: header(headers.etag),
          lastModified: header(headers['last-modified']),
        };
      }
    } catch (err) {
      // Whatever broke once the deadline passed (socket, body stream) was the deadline's doing.
      if (controller.signal.aborted && !(err instanceof BlockedUrlError)) {
        throw new FetchFailedError(startUrl, `timed out after ${Math.round(timeoutMs / 100) / 10} s`, { cause: err, kind: 'timeout' });
      }
      if (err instanceof CyberpolicyError) throw err;
      throw new FetchFailedError(startUrl, networkMessage(err), { cause: err });
    } finally {
      clearTimeout(timer);
    }
  };
}

interface RequestOptions {
  allow: AllowList;
  lookup: HostLookup;
  userAgent: string;
  conditional: ConditionalHeaders;
  signal: AbortSignal;
}

/** One GET whose socket may only connect to an address the guard accepts (no DNS rebinding window). */
function request(url: URL, label: string, o: RequestOptions): Promise<IncomingMessage> {
  const host = hostOf(url);
  const hostAllowed = o.allow.allowsHost(host);
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    o.lookup(hostname).then(
      (addresses) => {
        try {
          if (addresses.length === 0) throw new FetchFailedError(label, `cannot resolve host ${hostname}`);
          if (!hostAllowed) for (const a of addresses) assertAddressAllowed(label, hostname, a.address, o.allow);
        } catch (err) {
          callback(err as NodeJS.ErrnoException, '', 0);
          return;
        }
        if ((lookupOptions as { all?: boolean }).all) (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
  const headers: Record<string, string> = {
    'user-agent': o.userAgent,
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
    'accept-encoding': 'gzip, deflate, br',
  };
  if (o.conditional.etag) headers['if-none-match'] = o.conditional.etag;
  if (o.conditional.lastModified) headers['if-modified-since'] = o.conditional.lastModified;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'GET', headers, lookup: guardedLookup, signal: o.signal, agent: false }, resolve);
    req.on('error', reject);
    // Belt and braces: whatever resolved the name, the peer we actually reached must pass too.
    req.on('socket', (socket) => {
      socket.once('connect', () => {
        const peer = socket.remoteAddress;
        if (!peer || hostAllowed) return;
        try {
          assertAddressAllowed(label, host, peer, o.allow);
        } catch (err) {
          req.destroy(err as Error);
        }
      });
    });
    req.end();
  });
}

/** Reads the body, decompressing as declared, and stops the moment either size passes the cap. */
function readCapped(response: IncomingMessage, url: string, maxBytes: number): Promise<Buffer> {
  const tooBig = () => new FetchFailedError(url, `the feed is larger than the ${formatBytes(maxBytes)} limit (FEED_MAX_BYTES)`, { kind: 'too-large' });
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    return Promise.reject(tooBig());
  }
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  let raw = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      raw += chunk.length;
      done(raw > maxBytes ? tooBig() : null, chunk);
    },
  });
  let stream: NodeJS.ReadableStream = response.pipe(counter);
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? zlib.createGunzip()
      : encoding === 'deflate'
        ? zlib.createInflate()
        : encoding === 'br'
          ? zlib.createBrotliDecompress()
          : null;
  if (decoder) stream = counter.pipe(decoder);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      response.destroy();
      counter.destroy();
      decoder?.destroy();
      reject(err instanceof CyberpolicyError ? err : new FetchFailedError(url, decoder && isZlibError(err) ? `cannot decompress the ${encoding} body` : networkMessage(err), { cause: err }));
    };
    response.on('error', fail);
    response.on('aborted', () => fail(new FetchFailedError(url, 'the connection closed before the body was complete')));
    counter.on('error', fail);
    decoder?.on('error', fail);
    stream.on('data', (chunk: Buffer) => {
      total += chunk.length;
      // Checked on the decompressed bytes: a gzip bomb stops at the cap, not at its full size.
      if (total > maxBytes) fail(tooBig());
      else chunks.push(chunk);
    });
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
  });
}

function isZlibError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && String((err as { code: string }).code).startsWith('Z_');
}

function header(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

function networkMessage(err: unknown): string {
  if (err instanceof BlockedUrlError) return err.userMessage;
  const code = (err as { code?: string })?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'cannot resolve host';
    case 'ECONNRESET':
      return 'connection reset by the server';
    case 'ETIMEDOUT':
      return 'connection timed out';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `TLS certificate problem (${code})`;
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
