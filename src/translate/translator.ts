import { retryAfterMs } from '../limits/retry-after.js';

/**
 * A machine-translation provider: texts in one source language into one target language, in order.
 * Off unless the operator sets TRANSLATE_PROVIDER: no text leaves the machine otherwise.
 */
export interface Translator {
  /** Shown in "machine translation (<provider>)". */
  readonly provider: string;
  /** A demonstration that tags text instead of translating it (TRANSLATE_PROVIDER=demo). */
  readonly demo?: boolean;
  /** Most texts one request may carry, and most characters in all of them (the provider's limits). */
  readonly maxTexts: number;
  readonly maxChars: number;
  translate(texts: readonly string[], source: string, target: string, signal: AbortSignal): Promise<string[]>;
}

/** A provider answered with an HTTP error (the body is never kept: it may echo the request). */
export class TranslateHttpError extends Error {
  constructor(
    readonly provider: string,
    readonly status: number,
    /** From Retry-After on 429/503, else null. */
    readonly retryAfterMs: number | null,
  ) {
    super(`${provider} answered HTTP ${status}`);
    this.name = 'TranslateHttpError';
  }
}

/** POSTs JSON and returns the parsed answer; HTTP errors become TranslateHttpError (no body, no headers kept). */
export async function postJson(
  fetchFn: typeof fetch,
  provider: string,
  url: string,
  body: unknown,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<unknown> {
  const response = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
    redirect: 'error',
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new TranslateHttpError(provider, response.status, retryAfterMs(response.headers.get('retry-after'), Date.now()));
  }
  return response.json();
}

/** Splits texts into batches of at most `maxTexts` texts and `maxChars` characters (a longer text goes alone). */
export function batches(texts: readonly string[], maxTexts: number, maxChars: number): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  let chars = 0;
  texts.forEach((text, i) => {
    if (current.length > 0 && (current.length >= maxTexts || chars + text.length > maxChars)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(i);
    chars += text.length;
  });
  if (current.length > 0) out.push(current);
  return out;
}
