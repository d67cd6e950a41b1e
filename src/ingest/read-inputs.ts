import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Clock } from '../clock.js';
import { InputError } from '../errors.js';
import type { Item } from '../items/item.js';
import { parseInput, type ParsedInput } from './parse-input.js';
import { parseJsonlLine } from './parse-jsonl.js';
import { formatBytes, type FeedFetch } from './safe-fetch.js';
import { sourceIdForFile, sourceIdForUrl } from './source-id.js';

export interface InputSpec {
  /** As the user gave it (path or URL); every message names the input by it. */
  name: string;
  kind: 'file' | 'url';
  /** Absolute path or URL. */
  location: string;
}

/** The source id of an input: a feed URL's, or a file's name. */
export function sourceIdOf(spec: InputSpec): string {
  return spec.kind === 'url' ? sourceIdForUrl(spec.location) : sourceIdForFile(spec.location);
}

export interface ReadOptions {
  clock: Clock;
  /** Cap for a fetched feed or a local non-JSONL file (FEED_MAX_BYTES). */
  maxBytes: number;
  fetch?: FeedFetch;
  /** Items per batch when a large JSON Lines file is streamed. */
  batchSize?: number;
}

const SKIPPED_FILES = /^(\.|readme(\.md|\.txt)?$)/i;
/** In a folder only files named like feeds or items are read; a file named explicitly is always sniffed. */
const FEED_FILES = /\.(xml|rss|atom|rdf|feed|json|jsonl|ndjson|txt)$/i;

/** Whether a file found in a folder is read as an input (feeds, JSON, JSON Lines, text; no README or dotfile). */
export function isInputFileName(name: string): boolean {
  return !SKIPPED_FILES.test(name) && FEED_FILES.test(name);
}

/** Turns CLI arguments into inputs: URLs stay, folders expand to their files (sorted, recursively). */
export async function expandInputs(args: string[], options: { cwd?: string } = {}): Promise<(InputSpec | { name: string; error: string })[]> {
  const out: (InputSpec | { name: string; error: string })[] = [];
  // `cwd`: a command run inside `serve` for a CLI process reads paths relative to that process; names stay as given.
  const at = (path: string) => (options.cwd ? resolve(options.cwd, path) : path);
  for (const arg of args) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
      out.push({ name: arg, kind: 'url', location: arg });
      continue;
    }
    try {
      const info = await stat(at(arg));
      if (info.isDirectory()) {
        const files = await listFiles(arg, 3, at);
        if (files.length === 0) out.push({ name: arg, error: 'the folder holds no files' });
        for (const f of files) out.push({ name: f, kind: 'file', location: at(f) });
      } else out.push({ name: arg, kind: 'file', location: at(arg) });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      out.push({ name: arg, error: code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : String((err as Error).message) });
    }
  }
  return out;
}

async function listFiles(dir: string, depth: number, at: (path: string) => string): Promise<string[]> {
  const entries = (await readdir(at(dir), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const e of entries) {
    if (SKIPPED_FILES.test(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isDirectory() && depth > 0) files.push(...(await listFiles(path, depth - 1, at)));
    else if (e.isFile() && FEED_FILES.test(e.name)) files.push(path);
  }
  return files;
}

/**
 * Parsed batches of one input. Feeds and small files come as one batch; a JSON Lines file over the
 * size cap is streamed line by line in batches, so memory stays bounded whatever its size.
 * Throws InputError / FetchFailedError / BlockedUrlError (each naming the input) when nothing is usable.
 */
export async function* readInput(spec: InputSpec, options: ReadOptions): AsyncGenerator<ParsedInput> {
  const fetchedAt = options.clock.now();
  if (spec.kind === 'url') {
    if (!options.fetch) throw new InputError(spec.name, 'fetching URLs is not available here');
    const response = await options.fetch(spec.location);
    yield await parseInput(response.bytes, {
      name: spec.name,
      sourceId: sourceIdForUrl(spec.location),
      fetchedAt,
      documentUrl: response.url,
      contentType: response.contentType,
    });
    return;
  }
  const info = await stat(spec.location);
  // /dev/zero, a FIFO or a socket has no size to check and may never end.
  if (!info.isFile()) throw new InputError(spec.name, 'not a regular file');
  const sourceId = sourceIdForFile(spec.location);
  if (info.size > options.maxBytes) {
    if (await startsLikeJsonl(spec.location)) {
      yield* streamJsonl(spec, sourceId, fetchedAt, options.batchSize ?? 500);
      return;
    }
    throw new InputError(spec.name, `the file is ${formatBytes(info.size)}, over the ${formatBytes(options.maxBytes)} limit for one feed (FEED_MAX_BYTES); split it, or use JSON Lines, which is streamed`);
  }
  const bytes = await readFile(spec.location);
  yield await parseInput(bytes, { name: spec.name, sourceId, fetchedAt });
}

async function startsLikeJsonl(path: string): Promise<boolean> {
  if (/\.(jsonl|ndjson)$/i.test(path)) return true;
  const stream = createReadStream(path, { start: 0, end: 4095 });
  let head = '';
  for await (const chunk of stream) head += chunk.toString('utf8');
  return /^\uFEFF?\s*\{/.test(head) && !/^\uFEFF?\s*\{[^\n]*"items"\s*:/.test(head);
}

async function* streamJsonl(spec: InputSpec, sourceId: string, fetchedAt: Date, batchSize: number): AsyncGenerator<ParsedInput> {
  const lines = createInterface({ input: createReadStream(spec.location, { encoding: 'utf8' }), crlfDelay: Infinity });
  let batch: ParsedInput = emptyBatch();
  let lineNo = 0;
  let good = 0;
  for await (const raw of lines) {
    lineNo++;
    // A single line can still be huge: refuse it without keeping it.
    if (raw.length > 2_000_000) {
      batch.rejected.push(`${spec.name} line ${lineNo}: the line is longer than 2,000,000 characters`);
      continue;
    }
    const r = parseJsonlLine(lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw, { sourceId, fetchedAt });
    if (!r) continue;
    if ('error' in r) batch.rejected.push(`${spec.name} line ${lineNo}: ${r.error}`);
    else {
      good++;
      batch.items.push(r.item as Item);
      if (r.warning) batch.warnings.push(`${spec.name} line ${lineNo}: ${r.warning}`);
    }
    if (batch.items.length >= batchSize) {
      yield batch;
      batch = emptyBatch();
    }
  }
  if (good === 0) throw new InputError(spec.name, `no valid line (${batch.rejected.length} rejected)`);
  yield batch;
}

function emptyBatch(): ParsedInput {
  return { format: 'jsonl', feedTitle: null, items: [], warnings: [], rejected: [] };
}
