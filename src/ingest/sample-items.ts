import { readJsonFile } from '../data-file.js';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { Analyzer } from '../analysis/analyzer.js';
import { systemClock, type Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Item } from '../items/item.js';
import { fromRoot } from '../package-root.js';
import type { Store } from '../store/store.js';
import { addCounts, emptyCounts, ingestItems, type IngestCounts } from './ingest-items.js';
import { parseInput } from './parse-input.js';
import { isInputFileName } from './read-inputs.js';
import { sourceIdForFile } from './source-id.js';

const DAY_MS = 86_400_000;

/** The bundled sample folder (digests/samples). */
export function samplesDir(): string {
  return fromRoot('digests', 'samples');
}

const SampleSourcesSchema = z.object({ version: z.number().int().positive(), about: z.string().optional(), names: z.record(z.string(), z.string().trim().min(1).max(120)) }).strict();

/** Readable names of sample files that have none of their own (digests/sample-sources.json). */
export function sampleSourceNames(path = fromRoot('digests', 'sample-sources.json')): Map<string, string> {
  return new Map(Object.entries(readJsonFile(path, 'sample source names', SampleSourcesSchema).names));
}

export interface SampleFile {
  path: string;
  sourceId: string;
  items: Item[];
}

export interface SampleOptions {
  dir?: string;
  clock?: Clock;
  onProblem?: (path: string, message: string) => void;
  /**
   * 'relative' (the default): the written samples' dates move by whole days so the newest falls
   * within the day before the load time, keeping their spacing: the demo shows this week's news on
   * any day. Items without a feed date (the two real seeds) get no invented date. 'as-written'
   * keeps the dates in the files (tests that pin a timeline).
   */
  dates?: 'relative' | 'as-written';
}

/**
 * Every sample file (text press releases, JSON Lines, feeds) through the normal importers, in name
 * order; README files and dotfiles are skipped. `serve` loads these into an empty store on first start.
 */
export async function loadSampleItems(options: SampleOptions = {}): Promise<SampleFile[]> {
  const dir = options.dir ?? samplesDir();
  const clock = options.clock ?? systemClock;
  const now = clock.now();
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && isInputFileName(e.name))
    .map((e) => e.name)
    .sort();
  const out: SampleFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const sourceId = sourceIdForFile(path);
    // A broken sample must not keep `serve` from starting: it is skipped and reported (the sample
    // test fails on it, so it never ships).
    try {
      const parsed = await parseInput(await readFile(path), { name: path, sourceId, fetchedAt: now });
      for (const problem of parsed.rejected) options.onProblem?.(path, problem);
      out.push({ path, sourceId, items: parsed.items });
    } catch (err) {
      options.onProblem?.(path, errorMessage(err));
    }
  }
  return (options.dates ?? 'relative') === 'relative' ? relativeToNow(out, now) : out;
}

/** Shifts every feed-dated sample item by the same whole number of days, newest into the last day before `now`. */
function relativeToNow(files: SampleFile[], now: Date): SampleFile[] {
  const dated = files.flatMap((f) => f.items).filter((i) => i.published);
  if (dated.length === 0) return files;
  const newest = Math.max(...dated.map((i) => i.published!.getTime()));
  const shift = Math.floor((now.getTime() - newest) / DAY_MS) * DAY_MS;
  return files.map((f) => ({
    ...f,
    items: f.items.map((i) => (i.published ? { ...i, published: new Date(i.published.getTime() + shift) } : i)),
  }));
}

/**
 * Loads the samples into the store (analysed like any import, file by file) and names the sources
 * that need a name. Returns each file with what storing it did.
 */
export async function ingestSamples(
  deps: { store: Store; analyzer: Analyzer },
  options: SampleOptions = {},
): Promise<{ files: (SampleFile & { counts: IngestCounts })[]; counts: IngestCounts }> {
  const files = await loadSampleItems(options);
  const named = sampleSourceNames();
  const now = (options.clock ?? systemClock).now();
  const total = emptyCounts();
  const out: (SampleFile & { counts: IngestCounts })[] = [];
  for (const f of files) {
    const counts = await ingestItems(f.items, deps);
    addCounts(total, counts);
    const name = named.get(basename(f.path));
    if (name) await deps.store.sources.setName(f.sourceId, name, 'operator', now);
    out.push({ ...f, counts });
  }
  return { files: out, counts: total };
}
