/**
 * Loads digests/entities.json: canonical entities (id, English name, type) with their names in
 * many languages and scripts, compiled into one phrase index.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { fromRoot } from '../package-root.js';
import { PhraseIndex } from './phrase-index.js';

export const GazetteerEntitySchema = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  /** Canonical display name (English). */
  name: z.string().min(1),
  type: z.enum(['organization', 'person', 'place', 'initiative']),
  /** Names per language (ISO 639-1); the canonical name is always matched too. */
  aliases: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /**
   * Single-word names must be capitalised in the text to count (Orange, Apple, Meta). Set false
   * for names that are never common words.
   */
  capitalised: z.boolean().default(true),
});
export type GazetteerEntity = z.infer<typeof GazetteerEntitySchema>;

export const GazetteerSchema = z.object({ version: z.number().int(), entities: z.array(GazetteerEntitySchema).min(1) });

export interface Gazetteer {
  entities: GazetteerEntity[];
  byId: Map<string, GazetteerEntity>;
  /** Pattern data: index into `entities`. */
  index: PhraseIndex<number>;
}

export function defaultGazetteerPath(): string {
  return fromRoot('digests', 'entities.json');
}

export function loadGazetteer(path: string = defaultGazetteerPath()): Gazetteer {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, `cannot read the entity gazetteer: ${(err as Error).message}`, { cause: err });
  }
  const parsed = GazetteerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(path, `invalid entity gazetteer at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return compileGazetteer(parsed.data.entities, path);
}

export function compileGazetteer(entities: GazetteerEntity[], where = 'gazetteer'): Gazetteer {
  const byId = new Map<string, GazetteerEntity>();
  const index = new PhraseIndex<number>();
  entities.forEach((entity, i) => {
    if (byId.has(entity.id)) throw new InputError(where, `entity "${entity.id}" is defined twice`);
    byId.set(entity.id, entity);
    const options = { capFirst: entity.capitalised };
    index.add(entity.name, 'en', i, entity.id, options);
    for (const [lang, list] of Object.entries(entity.aliases)) for (const alias of list) index.add(alias, lang, i, entity.id, options);
  });
  return { entities, byId, index };
}
