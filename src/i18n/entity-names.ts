/** What a gazetteer entry offers for display: its English name, its matched names and, where set, a display name per language. */
export interface NamedEntity {
  id: string;
  name: string;
  aliases: Readonly<Record<string, readonly string[]>>;
  /** Display name per language where it differs from the English name (digests/entities.json `names`). */
  names?: Readonly<Record<string, string>>;
}

/** An entity's name in a language, from the gazetteer; null for an id it does not know. */
export interface EntityNames {
  nameOf(id: string, lang: string): string | null;
}

/** Display name in `lang`: its `names` entry, else the first name listed for that language, else the English name. */
export function entityNamesFrom(entities: Iterable<NamedEntity>): EntityNames {
  const byId = new Map<string, NamedEntity>();
  for (const entity of entities) byId.set(entity.id, entity);
  return {
    nameOf(id, lang) {
      const entity = byId.get(id);
      if (!entity) return null;
      return entity.names?.[lang] ?? entity.aliases[lang]?.[0] ?? entity.name;
    },
  };
}

/** No gazetteer: every known entity keeps the English name its mention carries. */
export const NO_ENTITY_NAMES: EntityNames = { nameOf: () => null };
