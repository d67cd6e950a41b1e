import { CyberpolicyError } from '../errors.js';

/** Why a fetch failed, for callers that answer differently (`sources add` says "too large" or "404"). */
export type FetchFailure = 'status' | 'too-large' | 'timeout' | 'network';

/** A feed could not be fetched: network error, HTTP error status, timeout, size cap, redirect loop. */
export class FetchFailedError extends CyberpolicyError {
  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown; status?: number; kind?: FetchFailure },
  ) {
    super('fetch_failed', `${url}: ${message}`, options);
    this.status = options?.status ?? null;
    this.kind = options?.kind ?? (options?.status ? 'status' : 'network');
    this.detail = message;
  }
  readonly status: number | null;
  readonly kind: FetchFailure;
  /** The message without the URL it starts with. */
  readonly detail: string;
}
