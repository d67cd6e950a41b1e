import type { Logger } from '../logger.js';
import type { StoredTranslation, TranslationRepository } from '../store/translation-repository.js';
import { batches, TranslateHttpError, type Translator } from './translator.js';

/** What to translate of one item: its title and summary sentences, from its language. */
export interface TranslationRequest {
  itemId: string;
  source: string;
  title: string;
  summary: readonly string[];
}

export interface Translated {
  title: string;
  summary: string[];
  provider: string;
  demo: boolean;
}

export interface TranslationServiceOptions {
  translator: Translator;
  store: Pick<TranslationRepository, 'find' | 'save'>;
  logger: Logger;
  /** How long one digest or command may wait for the provider (TRANSLATE_BUDGET_MS). */
  budgetMs: number;
  /** One provider request may take this long before it is given up (it goes on after the budget). */
  requestTimeoutMs?: number;
  now?: () => number;
}

const FIELDS_TITLE = 'title';
const summaryField = (i: number) => `summary.${i}`;
/** After a failure or a 429 without Retry-After, the provider is left alone this long. */
const FAILURE_PAUSE_MS = 30_000;

/**
 * Machine translations with a cache and a time budget. Cached translations (store, per item, field
 * and language) come back at once; missing ones are requested in batches within the provider's
 * limits, and waited for at most the budget: whatever is not back by then is left out (the caller
 * shows the key-facts line), and the request goes on in the background and fills the cache for the
 * next digest. A provider that fails or asks to slow down (429, Retry-After) is not called again
 * until that time has passed; no error ever reaches the caller.
 */
export class TranslationService {
  private readonly inFlight = new Map<string, Promise<void>>();
  private pausedUntil = 0;
  private readonly now: () => number;

  constructor(private readonly options: TranslationServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  get provider(): string {
    return this.options.translator.provider;
  }

  /** Requests made to the provider so far (the bench and tests read it). */
  calls = 0;

  async translate(requests: readonly TranslationRequest[], target: string, budgetMs = this.options.budgetMs): Promise<Map<string, Translated>> {
    const started = this.now();
    const wanted = requests.filter((r) => r.source !== target && r.source !== 'und');
    if (wanted.length === 0) return new Map();
    const found = await this.cached(wanted.map((r) => r.itemId), target);
    const missing: { request: TranslationRequest; field: string; text: string }[] = [];
    for (const request of wanted) {
      for (const [field, text] of fieldsOf(request)) if (!found.get(request.itemId)?.has(field)) missing.push({ request, field, text });
    }
    if (missing.length > 0 && this.now() >= this.pausedUntil) {
      const jobs = this.request(missing, target, found);
      const remaining = budgetMs - (this.now() - started);
      if (jobs.length > 0 && remaining > 0) await waitAtMost(Promise.allSettled(jobs), remaining);
    }
    const out = new Map<string, Translated>();
    for (const request of wanted) {
      const fields = found.get(request.itemId);
      if (!fields || fieldsOf(request).some(([field]) => !fields.has(field))) continue;
      const title = fields.get(FIELDS_TITLE)!;
      out.set(request.itemId, {
        title: title.text,
        summary: request.summary.map((_, i) => fields.get(summaryField(i))!.text),
        provider: title.provider,
        demo: this.options.translator.demo === true && title.provider === this.options.translator.provider,
      });
    }
    return out;
  }

  private async cached(itemIds: string[], target: string): Promise<Map<string, Map<string, StoredTranslation>>> {
    const found = new Map<string, Map<string, StoredTranslation>>();
    try {
      for (const row of await this.options.store.find(itemIds, target)) {
        const fields = found.get(row.itemId) ?? new Map<string, StoredTranslation>();
        fields.set(row.field, row);
        found.set(row.itemId, fields);
      }
    } catch (err) {
      this.options.logger.warn({ err: (err as Error).message }, 'translations: cache read failed');
    }
    return found;
  }

  /** Starts (or joins) the provider requests for the missing fields; each fills `found` and the store when it lands. */
  private request(missing: { request: TranslationRequest; field: string; text: string }[], target: string, found: Map<string, Map<string, StoredTranslation>>): Promise<void>[] {
    const { translator } = this.options;
    const jobs: Promise<void>[] = [];
    const bySource = new Map<string, typeof missing>();
    for (const m of missing) {
      const key = `${m.request.itemId}\u0000${m.field}\u0000${target}`;
      const running = this.inFlight.get(key);
      if (running) {
        jobs.push(running.then(() => this.refill(m.request.itemId, target, found)));
        continue;
      }
      bySource.set(m.request.source, [...(bySource.get(m.request.source) ?? []), m]);
    }
    for (const [source, list] of bySource) {
      for (const batch of batches(list.map((m) => m.text), translator.maxTexts, translator.maxChars)) {
        const parts = batch.map((i) => list[i]!);
        const job = this.runBatch(parts, source, target, found);
        for (const part of parts) {
          const key = `${part.request.itemId}\u0000${part.field}\u0000${target}`;
          this.inFlight.set(key, job);
          void job.finally(() => this.inFlight.delete(key));
        }
        jobs.push(job);
      }
    }
    return jobs;
  }

  private async runBatch(parts: { request: TranslationRequest; field: string; text: string }[], source: string, target: string, found: Map<string, Map<string, StoredTranslation>>): Promise<void> {
    const { translator, logger } = this.options;
    if (this.now() < this.pausedUntil) return;
    this.calls++;
    try {
      const texts = await translator.translate(
        parts.map((p) => p.text),
        source,
        target,
        AbortSignal.timeout(this.options.requestTimeoutMs ?? 20_000),
      );
      const rows: StoredTranslation[] = parts.map((p, i) => ({ itemId: p.request.itemId, field: p.field, lang: target, text: texts[i]!, provider: translator.provider }));
      for (const row of rows) {
        const fields = found.get(row.itemId) ?? new Map<string, StoredTranslation>();
        fields.set(row.field, row);
        found.set(row.itemId, fields);
      }
      await this.options.store.save(rows);
    } catch (err) {
      const retryAfter = err instanceof TranslateHttpError ? err.retryAfterMs : null;
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + (retryAfter ?? FAILURE_PAUSE_MS));
      // Provider, status and pause only: never the texts, the request or the key.
      logger.warn(
        { provider: translator.provider, status: err instanceof TranslateHttpError ? err.status : null, error: err instanceof Error ? err.name : 'error', pauseMs: retryAfter ?? FAILURE_PAUSE_MS },
        'translations: provider request failed; items keep their key-facts line',
      );
    }
  }

  /** After joining another caller's request: its results are in the store. */
  private async refill(itemId: string, target: string, found: Map<string, Map<string, StoredTranslation>>): Promise<void> {
    const again = await this.cached([itemId], target);
    const fields = again.get(itemId);
    if (fields) found.set(itemId, new Map([...(found.get(itemId) ?? []), ...fields]));
  }
}

function fieldsOf(request: TranslationRequest): [string, string][] {
  return [[FIELDS_TITLE, request.title], ...request.summary.map((s, i): [string, string] => [summaryField(i), s])];
}

async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
