import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/package-root.js';
import { loadGazetteer, displayName } from '../../src/analysis/entity-gazetteer.js';
import { buildCountryEntities } from '../../scripts/build-country-entities.js';

describe('digests/entities-countries.json', () => {
  it('is what npm run build:countries makes from i18n-iso-countries, world-countries and country-extras.json (stale data fails here)', () => {
    const shipped = readFileSync(fromRoot('digests', 'entities-countries.json'), 'utf8');
    expect(`${JSON.stringify(buildCountryEntities(), null, 1)}\n` === shipped, 'run npm run build:countries').toBe(true);
  });

  it('holds every ISO 3166 country with names in many languages, capitals, and display names per language', () => {
    const g = loadGazetteer();
    const countries = g.entities.filter((e) => e.kind === 'country' || e.kind === 'territory');
    expect(countries.length).toBe(250);
    expect(g.entities.length).toBeGreaterThan(1200);
    const lt = g.byId.get('lithuania')!;
    expect(Object.keys(lt.aliases).length).toBeGreaterThanOrEqual(30);
    expect(displayName(lt, 'de')).toBe('Litauen');
    expect(displayName(lt, 'ru')).toBe('Литва');
    expect(displayName(g.byId.get('vilnius')!, 'ru')).toBe('Вильнюс');
    expect(g.byId.get('vilnius')!.related).toEqual(['lithuania']);
  });
});
