import { describe, expect, it } from 'vitest';
import { monthsTsquery } from '../../src/store/month-lexemes.js';

describe('monthsTsquery', () => {
  it('names every UTC month from the first date to the last, across a year edge', () => {
    expect(monthsTsquery(new Date('2026-10-03T06:00:00Z'), new Date('2027-01-02T00:00:00Z'))).toBe("('m202610' | 'm202611' | 'm202612' | 'm202701')");
  });

  it('reads dates in UTC and writes one month bare', () => {
    expect(monthsTsquery(new Date('2026-10-31T23:30:00-02:00'), new Date('2026-11-30T23:59:59Z'))).toBe("'m202611'");
    expect(monthsTsquery(new Date('0999-03-01T00:00:00Z'), new Date('0999-03-02T00:00:00Z'))).toBe("'m099903'");
  });
});
