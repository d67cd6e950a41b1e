import { createHash } from 'node:crypto';
import { basename } from 'node:path';

/** Source id of a feed URL: readable host plus a short hash, the same for `sources add` and `ingest <url>`. */
export function sourceIdForUrl(url: string): string {
  const host = safeHost(url);
  return `feed:${host}:${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;
}

/** Source id of a local file: its name (the folder is where it happens to be, not what it is). */
export function sourceIdForFile(path: string): string {
  return `file:${basename(path)}`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '') || 'unknown';
  } catch {
    return 'unknown';
  }
}
