import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/ingest/parse-feed-date.js';

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 EST', '2003-06-10T09:00:00.000Z'],
    ['Tue, 10 Jun 2003 04:00:00 +0530', '2003-06-09T22:30:00.000Z'],
    ['10 Jun 03 04:00 PDT', '2003-06-10T11:00:00.000Z'],
    ['Mon, 3 Nov 2025 10:00:00 CEST', '2025-11-03T08:00:00.000Z'],
    ['lun., 03 nov. 2025 10:00:00 +0100', '2025-11-03T09:00:00.000Z'],
    ['Sat, 01 Nov 2025 10:00:00 Z', '2025-11-01T10:00:00.000Z'],
    ['2026-01-02T03:04:05+02:00', '2026-01-02T01:04:05.000Z'],
    ['2026-01-02T03:04:05.123Z', '2026-01-02T03:04:05.123Z'],
    ['2026-01-02 03:04:05', '2026-01-02T03:04:05.000Z'],
    ['2026-01-02', '2026-01-02T00:00:00.000Z'],
    ['20260102T030405Z', '2026-01-02T03:04:05.000Z'],
    ['Tue Jun 10 2003 04:00:00 GMT+0000', '2003-06-10T04:00:00.000Z'],
  ])('%s', (raw, iso) => {
    expect(parseFeedDate(raw)?.toISOString()).toBe(iso);
  });

  it.each(['', 'yesterday', 'sometime last week', '2003-02-31T00:00:00Z', 'Fri, 14 Nov 2025 08:15:00 XYZ', '32 Jan 2025', '1850-01-01'])('null for %j', (raw) => {
    expect(parseFeedDate(raw)).toBeNull();
  });
});
