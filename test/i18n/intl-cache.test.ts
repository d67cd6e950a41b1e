import { describe, expect, it } from 'vitest';
import { dateTimeFormat, displayNames, listFormat, numberFormat } from '../../src/i18n/intl-cache.js';

describe('shared Intl formatters', () => {
  it('gives one formatter per locale and options, formatting as a new one does', () => {
    const a = dateTimeFormat('fr', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Paris' });
    const b = dateTimeFormat('fr', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Paris' });
    expect(b).toBe(a);
    expect(a.format(new Date('2026-11-12T23:30:00Z'))).toBe('13 nov. 2026');
    expect(dateTimeFormat('fr', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })).not.toBe(a);
    expect(dateTimeFormat('de', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Paris' })).not.toBe(a);
    expect(numberFormat('de')).toBe(numberFormat('de'));
    expect(numberFormat('de').format(1234.5)).toBe('1.234,5');
    expect(listFormat('en-GB', { type: 'conjunction' }).format(['a', 'b', 'c'])).toBe('a, b and c');
    expect(displayNames('fr', { type: 'language', fallback: 'none' }).of('ar')).toBe('arabe');
  });

  it('throws for what Intl refuses, and keeps nothing for it', () => {
    expect(() => dateTimeFormat('en', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => dateTimeFormat('en', { timeZone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => numberFormat('en', { style: 'currency', currency: 'EURO' })).toThrow(RangeError);
  });
});
