import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { BlockedUrlError } from '../errors.js';
import { AllowList, blockedReason } from './address-policy.js';
import { FetchFailedError } from './fetch-errors.js';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Host name to addresses; injectable so tests can play a DNS server that changes its answers. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface GuardOptions {
  allow?: AllowList;
  lookup?: HostLookup;
}

/** Parses a feed URL and refuses schemes other than http(s) and credentials in it. */
export function parseFeedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new BlockedUrlError(raw, 'not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BlockedUrlError(raw, `the ${url.protocol.replace(/:$/, '')}: scheme is not allowed; only http and https feeds can be fetched`);
  }
  if (url.username || url.password) throw new BlockedUrlError(raw, 'URLs with a user name or password are not allowed');
  return url;
}

/** Refuses an address outside the allow-list that is loopback, private, link-local, metadata, etc. */
export function assertAddressAllowed(url: string, host: string, address: string, allow: AllowList): void {
  if (allow.allowsAddress(address)) return;
  const reason = blockedReason(address);
  if (reason === null) return;
  const via = host.replace(/^\[|\]$/g, '') === address ? address : `${host} resolves to ${address}`;
  const article = /^([aeio]|un[^i])/i.test(reason) ? 'an' : 'a';
  throw new BlockedUrlError(url, `${via}, ${article} ${reason}; feeds may only come from public addresses (an operator can allow it with FETCH_ALLOW)`);
}

export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

/**
 * Checks a URL before any connection: scheme, then every address its host resolves to.
 * `unresolved: true` means DNS gave no answer now (the fetch will check again when it connects).
 */
export async function checkFeedUrl(raw: string, options: GuardOptions = {}): Promise<{ url: URL; unresolved: boolean }> {
  const url = parseFeedUrl(raw);
  const allow = options.allow ?? new AllowList();
  const host = hostOf(url);
  if (allow.allowsHost(host)) return { url, unresolved: false };
  if (isIP(host)) {
    assertAddressAllowed(raw, host, host, allow);
    return { url, unresolved: false };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await (options.lookup ?? systemLookup)(host);
  } catch (err) {
    return { url, unresolved: Boolean(err) };
  }
  if (addresses.length === 0) return { url, unresolved: true };
  for (const a of addresses) assertAddressAllowed(raw, host, a.address, allow);
  return { url, unresolved: false };
}

/** Like checkFeedUrl, but a host that does not resolve is an error (used right before fetching). */
export async function checkBeforeFetch(raw: string, options: GuardOptions): Promise<URL> {
  const { url, unresolved } = await checkFeedUrl(raw, options);
  if (unresolved) throw new FetchFailedError(raw, `cannot resolve host ${hostOf(url)}`);
  return url;
}
