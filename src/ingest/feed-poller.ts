import type { Analyzer } from '../analysis/analyzer.js';
import type { Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import type { SourceRow } from '../store/source-repository.js';
import type { Store } from '../store/store.js';
import { AllowList } from './address-policy.js';
import { ingestItems } from './ingest-items.js';
import { parseInput } from './parse-input.js';
import { createSafeFetch, type FeedFetch } from './safe-fetch.js';

export interface FeedPollerOptions {
  store: Store;
  analyzer: Analyzer;
  clock: Clock;
  logger: Logger;
  /** Defaults to the guarded fetcher built from `allow` and `maxBytes`. */
  fetch?: FeedFetch;
  intervalMinutes: number;
  /** FETCH_ALLOW, used when `fetch` is not given. */
  allow?: string;
  maxBytes?: number;
  /** How often start() looks for due sources (ms); default one minute. */
  tickMs?: number;
  /** Called with the outcome of every poll (metrics count the errors). */
  onResult?(result: PollResult): void;
}

export interface PollResult {
  url: string;
  status: 'ok' | 'not-modified' | 'error';
  newItems: number;
  error?: string;
}

export interface FeedPoller {
  /** Poll every source whose next_poll_at has come; never throws. */
  pollDue(): Promise<PollResult[]>;
  start(): void;
  /** Stops the timer and waits for a poll in progress to finish. */
  stop(): Promise<void>;
}

/** Longest wait after repeated errors, whatever the interval. */
const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;

/** Next poll after `errors` consecutive failures: interval × 2^errors, capped at a day. */
export function backoffMs(intervalMinutes: number, errors: number): number {
  const base = intervalMinutes * 60_000;
  return Math.min(MAX_BACKOFF_MS, base * 2 ** Math.min(errors, 20));
}

export function createFeedPoller(options: FeedPollerOptions): FeedPoller {
  const { store, analyzer, clock, logger } = options;
  const fetch = options.fetch ?? createSafeFetch({ allow: new AllowList(options.allow ?? ''), maxBytes: options.maxBytes });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<PollResult[]> | null = null;

  async function pollOne(source: SourceRow): Promise<PollResult> {
    const at = clock.now();
    try {
      const response = await fetch(source.url, { etag: source.etag, lastModified: source.lastModified });
      if (response.status === 304) {
        await store.sources.recordFetch(source.url, { at, status: 'not-modified', nextPollAt: new Date(at.getTime() + backoffMs(options.intervalMinutes, 0)), etag: response.etag, lastModified: response.lastModified });
        return { url: source.url, status: 'not-modified', newItems: 0 };
      }
      const parsed = await parseInput(response.bytes, { name: source.url, sourceId: source.id, fetchedAt: at, documentUrl: response.url, contentType: response.contentType });
      for (const w of parsed.warnings.slice(0, 5)) logger.warn({ source: source.url }, w);
      const counts = parsed.items.length ? await ingestItems(parsed.items, { store, analyzer }) : { new: 0, updated: 0, duplicate: 0 };
      await store.sources.recordFetch(source.url, {
        at,
        status: 'ok',
        etag: response.etag,
        lastModified: response.lastModified,
        nextPollAt: new Date(at.getTime() + backoffMs(options.intervalMinutes, 0)),
        newItems: counts.new,
        title: parsed.feedTitle,
      });
      logger.info({ source: source.url, ...counts }, 'feed polled');
      return { url: source.url, status: 'ok', newItems: counts.new };
    } catch (err) {
      const message = errorMessage(err);
      // recordFetch adds one to error_count; the wait doubles with each consecutive failure.
      const next = new Date(at.getTime() + backoffMs(options.intervalMinutes, source.errorCount + 1));
      try {
        await store.sources.recordFetch(source.url, { at, status: 'error', error: message, nextPollAt: next });
      } catch (recordErr) {
        logger.error({ source: source.url, err: errorMessage(recordErr) }, 'could not record a feed error');
      }
      logger.warn({ source: source.url, error: message, nextPollAt: next.toISOString() }, 'feed poll failed');
      return { url: source.url, status: 'error', newItems: 0, error: message };
    }
  }

  async function pollDue(): Promise<PollResult[]> {
    if (running) return running;
    running = (async () => {
      const results: PollResult[] = [];
      let due: SourceRow[] = [];
      try {
        due = await store.sources.due(clock.now());
      } catch (err) {
        logger.error({ err: errorMessage(err) }, 'could not list due feeds');
      }
      // One at a time: feeds are few and this keeps memory at one feed's worth.
      for (const source of due) {
        const result = await pollOne(source);
        results.push(result);
        try {
          options.onResult?.(result);
        } catch (err) {
          logger.warn({ err: errorMessage(err) }, 'feed poll hook failed');
        }
      }
      return results;
    })();
    try {
      return await running;
    } finally {
      running = null;
    }
  }

  return {
    pollDue,
    start() {
      if (timer) return;
      timer = setInterval(() => void pollDue(), options.tickMs ?? 60_000);
      timer.unref?.();
      void pollDue();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running.catch(() => undefined);
    },
  };
}
