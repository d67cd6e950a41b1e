import { CyberpolicyError } from '../errors.js';

/** A feed could not be fetched: network error, HTTP error status, timeout, size cap, redirect loop. */
export class FetchFailedError extends CyberpolicyError {
  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super('fetch_failed', `${url}: ${message}`, options);
    this.status = options?.status ?? null;
  }
  readonly status: number | null;
}
