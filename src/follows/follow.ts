import { z } from 'zod';

/**
 * What a channel follows besides topics: a gazetteer entity (matched by its id, so every language and
 * script of its names counts) or a keyword phrase (matched through the multilingual search, its
 * tsquery computed once when followed).
 */
export const FollowSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('entity'), id: z.string().min(1).max(200), name: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('keyword'), phrase: z.string().min(1).max(200), tsquery: z.string().min(1).max(4000) }),
]);
export type Follow = z.infer<typeof FollowSchema>;

/** A channel follows at most this many names and phrases (each is one index query per digest). */
export const MAX_FOLLOWS = 30;

/** Identity of a follow: one entity, or one phrase whatever its case. */
export function followKey(follow: Follow): string {
  return follow.kind === 'entity' ? `e:${follow.id}` : `k:${follow.phrase.toLocaleLowerCase('und').normalize('NFC')}`;
}

/** What users see: the entity's name, or the phrase in quotes. */
export function followLabel(follow: Follow): string {
  return follow.kind === 'entity' ? follow.name : `“${follow.phrase}”`;
}

/** The stored array, dropping anything malformed (a hand-edited row must not break a digest). */
export function parseFollows(raw: unknown): Follow[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((f) => {
    const parsed = FollowSchema.safeParse(f);
    return parsed.success ? [parsed.data] : [];
  });
}
