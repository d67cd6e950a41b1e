/**
 * `npm run build:countries`: writes digests/entities-countries.json, every ISO 3166 country with
 * its names in the product's languages (i18n-iso-countries), its capital (world-countries), and
 * what the team wrote in digests/country-extras.json (ids kept from earlier gazetteers, further
 * aliases, adjective forms, capital names per language, which names need context). Deterministic:
 * test/analysis/country-entities.test.ts rebuilds it and compares.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { fromRoot } from '../src/package-root.js';
import type { GazetteerEntity } from '../src/analysis/entity-gazetteer.js';

const require = createRequire(import.meta.url);

const Names = z.record(z.string(), z.array(z.string()));
const ExtraEntity = z.object({ id: z.string().optional(), name: z.string().optional(), aliases: Names.optional() });
const ExtrasSchema = z.object({
  version: z.number().int(),
  languages: z.array(z.string()),
  /** Capitals (English names) that are also given names, other towns or common words. */
  ambiguousCapitals: z.array(z.string()),
  countries: z.record(
    z.string().regex(/^[A-Z]{2}$/),
    ExtraEntity.extend({
      adjectives: Names.optional(),
      context: z.boolean().optional(),
      cues: Names.optional(),
      capital: ExtraEntity.optional(),
    }),
  ),
});

interface WorldCountry {
  cca2: string;
  independent: boolean | null;
  name: { common: string };
  capital: string[];
  translations: Record<string, { common: string }>;
}

/** world-countries keys translations by ISO 639-3. */
const ISO3: Record<string, string> = {
  ar: 'ara', cs: 'ces', de: 'deu', et: 'est', fi: 'fin', fr: 'fra', hr: 'hrv', hu: 'hun', it: 'ita', ja: 'jpn', ko: 'kor', lt: 'lit',
  nl: 'nld', fa: 'per', pl: 'pol', pt: 'por', ru: 'rus', sk: 'slk', es: 'spa', sr: 'srp', sv: 'swe', tr: 'tur', zh: 'zho',
};

export function kebab(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Usable names from one i18n-iso-countries entry: no inverted "Korea, Republic of"; parentheses split off. */
function cleanNames(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of raw) {
    if (name.includes(',')) continue;
    const paren = /^(.*?)\s*\((.*)\)\s*$/.exec(name);
    // A one-word parenthesis names the sovereign ("Внешние малые острова (США)"), not this territory.
    const parts = paren ? [paren[1]!, ...(/\s/.test(paren[2]!.trim()) ? [paren[2]!] : [])] : [name];
    for (const part of parts) {
      const trimmed = part.trim();
      if (trimmed && !/province of/i.test(trimmed) && !out.includes(trimmed)) out.push(trimmed);
    }
  }
  return out;
}

function merge(into: Record<string, string[]>, from: Record<string, string[]> | undefined): void {
  for (const [lang, names] of Object.entries(from ?? {})) {
    const list = (into[lang] ??= []);
    for (const n of names) if (!list.includes(n)) list.push(n);
  }
}

export function buildCountryEntities(extrasPath = fromRoot('digests', 'country-extras.json')): { version: number; entities: GazetteerEntity[] } {
  const extras = ExtrasSchema.parse(JSON.parse(readFileSync(extrasPath, 'utf8')));
  const countries = require('i18n-iso-countries') as {
    registerLocale(locale: unknown): void;
    getNames(lang: string, options: { select: 'all' }): Record<string, string[]>;
  };
  const world = require('world-countries') as WorldCountry[];
  const byCode = new Map(world.map((w) => [w.cca2, w]));
  const namesByLang = new Map<string, Record<string, string[]>>();
  for (const lang of extras.languages) {
    countries.registerLocale(require(`i18n-iso-countries/langs/${lang === 'nb' ? 'nb' : lang}.json`));
    namesByLang.set(lang, countries.getNames(lang, { select: 'all' }));
  }
  const ambiguous = new Set(extras.ambiguousCapitals);
  const codes = Object.keys(namesByLang.get('en')!).sort();
  const entities: GazetteerEntity[] = [];
  const capitals: GazetteerEntity[] = [];
  for (const code of codes) {
    const w = byCode.get(code);
    const extra = extras.countries[code] ?? {};
    const name = extra.name ?? w?.name.common ?? namesByLang.get('en')![code]![0]!;
    const id = extra.id ?? kebab(name);
    const aliases: Record<string, string[]> = {};
    const names: Record<string, string> = {};
    for (const lang of extras.languages) {
      const list = cleanNames(namesByLang.get(lang)![code] ?? []);
      if (list.length) aliases[lang] = list;
      const common = lang === 'en' ? w?.name.common : w?.translations[ISO3[lang] ?? '']?.common;
      const display = common && !common.includes(',') ? common : list[list.length - 1];
      if (display) names[lang] = display;
      // The common name is how news writes a country (한국, 러시아, not 대한민국, 러시아연방): match it too.
      if (display && list.length && !/[()]/.test(display) && !list.includes(display)) aliases[lang]!.push(display);
    }
    merge(aliases, extra.aliases);
    const capitalName = extra.capital?.name ?? w?.capital[0];
    let capitalId: string | undefined;
    // Capitals of independent countries only, unless the country itself is its capital's name.
    if (capitalName && (w?.independent || extra.capital) && kebab(capitalName) !== kebab(name)) {
      capitalId = extra.capital?.id ?? kebab(capitalName);
      const capitalAliases: Record<string, string[]> = { en: [capitalName] };
      merge(capitalAliases, extra.capital?.aliases);
      capitals.push({
        id: capitalId, name: capitalName, type: 'place', kind: 'city', aliases: capitalAliases, names: {}, adjectives: {}, capitalised: true,
        context: ambiguous.has(capitalName), cues: {}, related: [id], scoped: true,
      });
    }
    entities.push({
      id, name, type: 'place', kind: w?.independent ? 'country' : 'territory', aliases, names, adjectives: extra.adjectives ?? {}, capitalised: true,
      context: extra.context ?? false, cues: extra.cues ?? {}, related: extra.context && capitalId ? [capitalId] : [], scoped: true,
    });
  }
  // Ids must stay unique across countries and capitals (Kuwait and Kuwait City are both kept).
  const seen = new Set<string>();
  const all = [...entities, ...capitals].filter((e) => !seen.has(e.id) && seen.add(e.id));
  return { version: 1, entities: all };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = fromRoot('digests', 'entities-countries.json');
  const built = buildCountryEntities();
  writeFileSync(out, `${JSON.stringify(built, null, 1)}\n`);
  process.stdout.write(`${out}: ${built.entities.length} entities\n`);
}
