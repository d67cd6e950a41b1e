/**
 * Loads digests/entities.json and the files it includes (countries generated from
 * i18n-iso-countries and world-countries, agencies, companies, threats, laws, people): canonical
 * entities with their names per language, compiled into one phrase index whose name words match
 * only their own inflections (name-inflection.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../data-file.js';
import { InputError } from '../errors.js';
import { fromRoot } from '../package-root.js';
import { foldWord } from './fold-word.js';
import { compileNameWord } from './name-inflection.js';
import { PhraseIndex } from './phrase-index.js';
import { scanText } from './text-scanner.js';
import type { NameCues } from './name-type.js';

/** Finer than `type`: what kind of organisation, place or initiative (cue words are per kind). */
export const ENTITY_KINDS = [
  'country', 'territory', 'region', 'state', 'city',
  'agency', 'cert', 'ministry', 'regulator', 'court', 'police', 'intelligence', 'military', 'parliament', 'government',
  'international', 'ngo', 'company', 'telecom', 'platform', 'app', 'media',
  'threat-group', 'malware', 'spyware',
  'law', 'treaty', 'initiative', 'forum', 'politician', 'official', 'expert', 'person',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

const Names = z.record(z.string().regex(/^[a-z]{2,3}$/), z.array(z.string().min(1)));

export const GazetteerEntitySchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  /** Canonical display name (English). */
  name: z.string().min(1),
  type: z.enum(['organization', 'person', 'place', 'initiative']),
  kind: z.enum(ENTITY_KINDS).optional(),
  /** Names per language (ISO 639-1) that are matched; the canonical name is always matched too. */
  aliases: Names.default({}),
  /** Display name per language, for writing about the entity in a channel's language (else the first alias). */
  names: z.record(z.string(), z.string().min(1)).default({}),
  /** Adjective forms (French, russe, российский): matched as evidence, never reported as a mention. */
  adjectives: Names.default({}),
  /**
   * Single-word names must be capitalised in the text to count (Orange, Apple, Meta). Set false
   * for names that are never common words.
   */
  capitalised: z.boolean().default(true),
  /**
   * A single-word name is also a common word, a given name or another place (Signal, Jordan,
   * Pegasus): it counts only with a cue word of its kind or its own cues nearby, a longer name of
   * it, or a related entity in the same item, and never as part of a longer capitalised name.
   */
  context: z.boolean().default(false),
  /** Cue words (folded prefixes) that confirm this entity, per language. */
  cues: Names.default({}),
  /** Entities whose presence confirms this one (Pegasus with NSO Group). */
  related: z.array(z.string()).default([]),
  /**
   * Latin-script names in a language other than English match only in text of that language
   * (country names of 30 languages collide with words of others: Swedish "Island" is Iceland).
   */
  scoped: z.boolean().default(false),
});
export type GazetteerEntity = z.infer<typeof GazetteerEntitySchema>;
/** An entity as written in the data (optional fields may be left out). */
export type GazetteerEntityInput = z.input<typeof GazetteerEntitySchema>;

export const GazetteerSchema = z.object({
  version: z.number().int(),
  /** Further files of entities, relative to this one. */
  include: z.array(z.string()).default([]),
  entities: z.array(GazetteerEntitySchema).default([]),
});

export const CueFileSchema = z.object({
  version: z.number().int(),
  /** Cue words per entity kind (for names that need context), per language. */
  kinds: z.partialRecord(z.enum(ENTITY_KINDS), Names),
  /** Typing names the gazetteer lacks (folded): organisation and place head words, words before a person's name. */
  names: z
    .object({ organization: z.array(z.string().min(2)), place: z.array(z.string().min(2)), personBefore: z.array(z.string().min(1)), titles: z.array(z.string().min(3)) })
    .optional(),
});

/** What one compiled name points to. */
export interface NameRef {
  entity: number;
  /** An adjective form (evidence, not a mention). */
  adjective: boolean;
  /** Text languages the name matches in; null: any. */
  langs: ReadonlySet<string> | null;
}

export interface Gazetteer {
  entities: GazetteerEntity[];
  byId: Map<string, GazetteerEntity>;
  /** Position of each entity in `entities`. */
  indexById: Map<string, number>;
  index: PhraseIndex<NameRef>;
  /** Folded cue words per entity index (own cues and its kind's), for entities that need context. */
  cues: Map<number, string[]>;
  /** Cues for typing unknown capitalised names; none: they stay 'unknown'. */
  nameCues: NameCues | null;
}

export function defaultGazetteerPath(): string {
  return fromRoot('digests', 'entities.json');
}

function parseFile(path: string): z.infer<typeof GazetteerSchema> {
  return readJsonFile(path, 'entity gazetteer', GazetteerSchema);
}

/** Entities of a gazetteer file and the files it includes (one level). */
export function readGazetteerEntities(path: string = defaultGazetteerPath()): GazetteerEntity[] {
  const root = parseFile(path);
  const entities = [...root.entities];
  for (const rel of root.include) entities.push(...parseFile(join(dirname(path), rel)).entities);
  return entities;
}

export function loadGazetteer(path: string = defaultGazetteerPath(), cuesPath: string = join(dirname(path), 'entity-cues.json')): Gazetteer {
  const entities = readGazetteerEntities(path);
  // A gazetteer given by path (tests, the bench) may come without cue words.
  if (!existsSync(cuesPath)) return compileGazetteer(entities, path);
  const cues = readJsonFile(cuesPath, 'entity cues', CueFileSchema);
  const names = cues.names;
  const nameCues = names ? { organization: names.organization, place: names.place, personBefore: new Set(names.personBefore), titles: names.titles } : null;
  return { ...compileGazetteer(entities, path, cues.kinds), nameCues };
}

const LATIN = /^[\p{Script=Latin}\p{M}\p{N}\p{P}\p{Zs}]+$/u;
/** Languages that decline foreign names written in Latin letters without an apostrophe or hyphen (pl Microsoftu, cs Googlu, lt Europolo, et Microsofti). */
const INFLECTS_FOREIGN_NAMES = ['pl', 'cs', 'sk', 'hr', 'sl', 'lt', 'et'];

const foldCue = (cue: string) => cue.split(/\s+/).map(foldWord).join(' ');

export function compileGazetteer(input: GazetteerEntityInput[], where = 'gazetteer', kindCues: Partial<Record<EntityKind, Record<string, string[]>>> = {}): Gazetteer {
  // Entities read by readGazetteerEntities are parsed already; hand-built ones get their defaults here.
  const entities = input.map((e) => ('names' in e && 'related' in e && 'cues' in e ? (e as GazetteerEntity) : GazetteerEntitySchema.parse(e)));
  const byId = new Map<string, GazetteerEntity>();
  const indexById = new Map<string, number>();
  const index = new PhraseIndex<NameRef>();
  const cues = new Map<number, string[]>();
  entities.forEach((entity, i) => {
    if (byId.has(entity.id)) throw new InputError(where, `entity "${entity.id}" is defined twice`);
    byId.set(entity.id, entity);
    indexById.set(entity.id, i);
    const add = (alias: string, lang: string, adjective: boolean) => {
      // A name never ends in a function word: "Santa Sé" without "Sé" would be "Santa".
      if (/\s/.test(alias.trim())) {
        const words = scanText(alias);
        if (words[words.length - 1]?.stop) return;
      }
      // Scoped: Latin-script names of other languages than English (the collisions are among them).
      const scoped = entity.scoped && lang !== 'en' && LATIN.test(alias);
      const ref: NameRef = { entity: i, adjective, langs: scoped ? new Set([lang]) : null };
      // Adjectives are lower case in most languages (français, российский).
      const capFirst = entity.capitalised && !adjective;
      index.add(alias, lang, ref, `${entity.id}|${adjective ? 'a' : 'n'}|${scoped ? lang : ''}`, { capFirst, compile: compileNameWord });
    };
    const addIn = (alias: string, lang: string) => {
      if (/\s/.test(alias.trim()) && scanText(alias).at(-1)?.stop) return;
      index.add(alias, lang, { entity: i, adjective: false, langs: new Set([lang]) }, `${entity.id}|n|${lang}`, { capFirst: entity.capitalised, compile: compileNameWord });
    };
    add(entity.name, 'en', false);
    for (const [lang, list] of Object.entries(entity.aliases)) for (const alias of list) add(alias, lang, false);
    // A foreign name takes the endings of the language it is written in ("Microsoftu", "Europolo"):
    // its English names compiled for text of each such language that has no name of its own for it.
    if (entity.type === 'organization' || entity.type === 'person') {
      const foreign = [entity.name, ...(entity.aliases.en ?? [])].filter((a) => LATIN.test(a) && a.length >= 5);
      for (const lang of INFLECTS_FOREIGN_NAMES) if (!entity.aliases[lang]) for (const alias of foreign) addIn(alias, lang);
    }
    for (const [lang, list] of Object.entries(entity.adjectives)) for (const adjective of list) add(adjective, lang, true);
    if (entity.context) {
      const own = Object.values(entity.cues).flat();
      const ofKind = entity.kind ? Object.values(kindCues[entity.kind] ?? {}).flat() : [];
      cues.set(i, [...new Set([...own, ...ofKind].map(foldCue))]);
    }
  });
  for (const entity of entities) {
    for (const id of entity.related) if (!byId.has(id)) throw new InputError(where, `entity "${entity.id}" relates to unknown "${id}"`);
  }
  return { entities, byId, indexById, index, cues, nameCues: null };
}

/** The entity's name in `lang` for display: its `names` entry, else its first alias there, else the canonical name. */
export function displayName(entity: GazetteerEntity, lang: string): string {
  return entity.names[lang] ?? entity.aliases[lang]?.[0] ?? entity.name;
}
