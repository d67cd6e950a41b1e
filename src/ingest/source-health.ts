/** How long a source's fetches must keep failing before `sources` and the newsroom call it failing. */
export const FAILING_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * When the source started failing, if its fetches have failed without a success for at least a day
 * at `now`; null otherwise (a failure of a few hours is a hiccup the backoff handles on its own).
 */
export function failingSince(source: { failingSince: Date | null }, now: Date): Date | null {
  const since = source.failingSince;
  if (!since) return null;
  return now.getTime() - since.getTime() >= FAILING_AFTER_MS ? since : null;
}
