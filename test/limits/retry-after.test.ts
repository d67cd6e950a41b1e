import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../src/limits/retry-after.js';

const NOW = Date.parse('2026-12-07T16:00:00Z');

describe('retryAfterMs', () => {
  it('reads delay-seconds, fractions included', () => {
    expect([retryAfterMs('0', NOW), retryAfterMs('30', NOW), retryAfterMs(' 2 ', NOW), retryAfterMs('1.5', NOW)]).toEqual([0, 30_000, 2_000, 1_500]);
  });

  it('reads an HTTP-date as the time left until it, and a past date as 0', () => {
    expect(retryAfterMs('Mon, 07 Dec 2026 16:00:45 GMT', NOW)).toBe(45_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 15:59:00 GMT', NOW)).toBe(0);
  });

  it('gives null for a missing or unreadable header, so the caller keeps its default', () => {
    expect([null, undefined, '', '  ', '-5', 'soon', '1e3', 'NaN', 'Mon, 99 Foo 2026'].map((h) => retryAfterMs(h, NOW))).toEqual([null, null, null, null, null, null, null, null, null]);
  });
});
