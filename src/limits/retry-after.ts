/**
 * A Retry-After header in milliseconds from `now`: delay-seconds ("120", fractions accepted) or an
 * HTTP-date (RFC 9110 §10.2.3). Null when absent or unreadable, so each caller keeps its own default.
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only a date that names its weekday or month parses as one; "soon" or "-5" stays unreadable.
  if (!/[A-Za-z]{3}/.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
