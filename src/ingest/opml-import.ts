import { BlockedUrlError } from '../errors.js';
import type { NewSource } from '../store/source-repository.js';
import { AllowList } from './address-policy.js';
import type { OpmlDocument, OpmlEntry } from './opml-read.js';
import { sourceIdForUrl } from './source-id.js';
import { checkFeedUrl, type HostLookup } from './url-guard.js';

/** What importing an OPML file would do, decided before anything is written. */
export interface OpmlImportPlan {
  /** Valid, new to the file: written together in one statement. */
  add: (NewSource & { line: number | null })[];
  /** Entries skipped, each with its line and why. `error`: a bad URL (the import exits 1); else a duplicate. */
  skipped: { line: number | null; url: string; reason: string; error: boolean }[];
}

export interface PlanOptions {
  /** FETCH_ALLOW. */
  allow: string;
  lookup?: HostLookup;
  addedBy: string;
  now: Date;
}

const LANGUAGE = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i;
/** Host lookups made at once while checking a file's URLs. */
const LOOKUPS_AT_ONCE = 8;

/**
 * Checks every feed of an OPML file: a URL the SSRF guard refuses (not http(s), no host, credentials, a
 * private, loopback or metadata address) is skipped, as is a second outline with a URL already in the file;
 * both are reported by line. URLs are compared after URL normalisation (as `sources add` stores them).
 */
export async function planOpmlImport(doc: OpmlDocument, options: PlanOptions): Promise<OpmlImportPlan> {
  const allow = new AllowList(options.allow);
  const checked = await mapLimited(doc.entries, LOOKUPS_AT_ONCE, async (entry) => {
    try {
      return { entry, url: (await checkFeedUrl(entry.xmlUrl, { allow, lookup: options.lookup })).url.toString(), refused: null };
    } catch (err) {
      if (err instanceof BlockedUrlError) return { entry, url: entry.xmlUrl, refused: err.userMessage };
      throw err;
    }
  });
  const plan: OpmlImportPlan = { add: [], skipped: [] };
  const firstLine = new Map<string, number | null>();
  for (const { entry, url, refused } of checked) {
    if (refused) {
      plan.skipped.push({ line: entry.line, url: entry.xmlUrl, reason: refused, error: true });
      continue;
    }
    if (firstLine.has(url)) {
      const first = firstLine.get(url);
      plan.skipped.push({ line: entry.line, url, reason: `duplicate of ${first ? `line ${first}` : 'an earlier outline'} (${url})`, error: false });
      continue;
    }
    firstLine.set(url, entry.line);
    plan.add.push({ line: entry.line, ...newSource(entry, url, options) });
  }
  return plan;
}

function newSource(entry: OpmlEntry, url: string, options: PlanOptions): NewSource {
  const language = entry.language ? LANGUAGE.exec(entry.language)?.[1]?.toLowerCase() ?? null : null;
  return {
    id: sourceIdForUrl(url),
    url,
    title: entry.title,
    htmlUrl: safeHtmlUrl(entry.htmlUrl),
    language,
    categoryPath: entry.categoryPath,
    addedBy: options.addedBy,
    now: options.now,
  };
}

/** htmlUrl is only shown and exported, never fetched; still, keep only http(s) links. */
function safeHtmlUrl(raw: string | null): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? raw : null;
  } catch {
    return null;
  }
}

async function mapLimited<T, R>(list: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      out[i] = await fn(list[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return out;
}
