import type { Analyzer } from '../analysis/analyzer.js';
import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Store } from '../store/store.js';
import { addCounts, emptyCounts, ingestItems, type IngestCounts } from './ingest-items.js';
import { readInput, sourceIdOf, type InputSpec } from './read-inputs.js';
import type { FeedFetch } from './safe-fetch.js';

export interface InputOutcome {
  name: string;
  counts: IngestCounts;
  /** Parts refused while the rest was stored (JSON Lines lines). */
  rejectedParts: string[];
  warnings: string[];
  /** Set when the whole input was refused. */
  error: string | null;
}

export interface IngestDeps {
  /**
   * The store and analyser, opened on first need: a run whose inputs are all refused never pays
   * for opening a database or loading language models.
   */
  open: () => Promise<{ store: Store; analyzer: Analyzer }>;
  clock: Clock;
  maxBytes: number;
  fetch?: FeedFetch;
  onProgress?: (done: number, total: number) => void;
  /** The operator's name for the sources of these inputs (`ingest --source-name`), remembered per source. */
  sourceName?: string;
}

/** Memoises an async opener so the first caller opens and every later one shares it. */
export function once<T>(open: () => Promise<T>): (() => Promise<T>) & { opened(): Promise<T> | null } {
  let pending: Promise<T> | null = null;
  const get = () => (pending ??= open());
  return Object.assign(get, { opened: () => pending });
}

/** Reads, analyses and stores each input in turn; one input failing never stops the others. */
export async function ingestInputs(inputs: (InputSpec | { name: string; error: string })[], deps: IngestDeps): Promise<InputOutcome[]> {
  const outcomes: InputOutcome[] = [];
  for (const [i, input] of inputs.entries()) {
    const outcome: InputOutcome = { name: input.name, counts: emptyCounts(), rejectedParts: [], warnings: [], error: null };
    if ('error' in input) outcome.error = input.error;
    else {
      try {
        let feedTitle: string | null = null;
        for await (const batch of readInput(input, deps)) {
          outcome.rejectedParts.push(...batch.rejected);
          outcome.warnings.push(...batch.warnings);
          feedTitle ??= batch.feedTitle;
          if (batch.items.length) addCounts(outcome.counts, await ingestItems(batch.items, await deps.open()));
        }
        await nameSource(input, deps, feedTitle);
      } catch (err) {
        outcome.error = withoutName(errorMessage(err), input.name);
      }
    }
    outcomes.push(outcome);
    deps.onProgress?.(i + 1, inputs.length);
  }
  return outcomes;
}

/**
 * Remembers a readable name for the input's source: the operator's (replacing any), else the feed's
 * own title (never replacing an operator's). Items then show it instead of an id.
 */
async function nameSource(input: InputSpec, deps: IngestDeps, feedTitle: string | null): Promise<void> {
  const title = feedTitle?.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (!deps.sourceName && !title) return;
  const { store } = await deps.open();
  const now = deps.clock.now();
  if (deps.sourceName) await store.sources.setName(sourceIdOf(input), deps.sourceName, 'operator', now);
  else if (title) await store.sources.setName(sourceIdOf(input), title, 'feed', now);
}

/** "feed.xml line 3, column 9: bad" -> "line 3, column 9: bad" when the line already names the input. */
export function withoutName(message: string, name: string): string {
  if (!message.startsWith(name)) return message;
  return message.slice(name.length).replace(/^:\s*/, '').trimStart();
}

/** The one stdout line for an input. */
export function outcomeLine(o: InputOutcome): string {
  if (o.error !== null) return `${o.name}: rejected: ${o.error}`;
  const c = o.counts;
  const parts = `${c.new} new, ${c.updated} updated, ${c.duplicate} duplicate`;
  const n = o.rejectedParts.length;
  return n ? `${o.name}: ${parts}; ${n} ${n === 1 ? 'line' : 'lines'} rejected` : `${o.name}: ${parts}`;
}
