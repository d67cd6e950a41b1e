import type { NamedEntity } from '../i18n/entity-names.js';
import { joinOr } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import { followKey, followLabel, MAX_FOLLOWS, parseFollows, type Follow } from '../follows/follow.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import { closestWords } from './closest-words.js';
import type { CommandContext } from './command-context.js';
import { confirmReply, errorReply } from './command-replies.js';
import { usageLine } from './help-text.js';
import { DEFAULT_STORY_LIMIT, storiesReply } from './story-queries.js';

/** Items a follow's lookup considers (as for a topic query). */
const LOOKUP_WINDOW = 300;

/** Case, width and diacritics folded: "KASPERSKY" and "Kaspersky", "Касперский" and "касперский" are one name. */
export function foldName(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLocaleLowerCase('und').replace(/\s+/g, ' ').trim();
}

/** Every name of an entity: its English name and its names in every language. */
function namesOf(entity: NamedEntity): string[] {
  return [entity.name, ...Object.values(entity.aliases).flat(), ...Object.values(entity.names ?? {})];
}

/**
 * What `follow <phrase>` means: the gazetteer entity it names (so every language's names count), a
 * near spelling of one ("did you mean"), or the words themselves as a keyword through the search.
 * A quoted phrase is never corrected: `follow "Kasperski"` follows those words.
 */
export type FollowResolution =
  | { kind: 'follow'; follow: Follow }
  | { kind: 'suggest'; names: string[] }
  | { kind: 'empty' };

export function resolveFollow(ctx: CommandContext, phrase: string, quoted: boolean): FollowResolution {
  const query = ctx.deps.analyzer.searchQuery(phrase);
  const entities = ctx.deps.entities;
  const folded = foldName(phrase);
  if (query.entityIds.length === 1) {
    const id = query.entityIds[0]!;
    const entity = entities?.find((e) => e.id === id);
    // The phrase is the entity's name (in some language), not a sentence that mentions it.
    if (!entities || (entity && namesOf(entity).some((name) => foldName(name) === folded))) {
      const name = ctx.deps.entityNames?.nameOf(id, ctx.lang) ?? entity?.name ?? phrase;
      return { kind: 'follow', follow: { kind: 'entity', id, name: entity?.name ?? name } };
    }
  }
  if (!quoted && entities) {
    // Words the search reads as an entity ("Kasperski", an inflected "Касперского") or a near spelling of a name.
    const named = query.entityIds.flatMap((id) => entities.filter((e) => e.id === id).map((e) => e.name));
    const names = [...new Set([...named, ...suggestNames(folded, entities)])].slice(0, 3);
    if (names.length > 0) return { kind: 'suggest', names };
  }
  if (!query.tsquery) return { kind: 'empty' };
  return { kind: 'follow', follow: { kind: 'keyword', phrase, tsquery: query.tsquery } };
}

/** English names of the entities one of whose names is a near spelling of `folded`, best first (at most 3). */
function suggestNames(folded: string, entities: readonly NamedEntity[]): string[] {
  const owner = new Map<string, string>();
  for (const entity of entities) for (const name of namesOf(entity)) if (!owner.has(foldName(name))) owner.set(foldName(name), entity.name);
  return [...new Set(closestWords(folded, [...owner.keys()]).map((name) => owner.get(name)!))];
}

/** `follow <name | "phrase">`: store it, then show the older stories it matches, as `<topic>` does. */
export async function followCommand(ctx: CommandContext, phrase: string, quoted: boolean): Promise<ReplyDocument> {
  const resolved = resolveFollow(ctx, phrase, quoted);
  if (resolved.kind === 'empty') return errorReply(t(ctx.lang, 'follow.nothing', { word: phrase }), usageLine('follow', ctx.lang));
  if (resolved.kind === 'suggest') {
    const lines = [
      t(ctx.lang, 'follow.unknownName', { word: phrase }),
      t(ctx.lang, 'error.didYouMean', { candidates: joinOr(ctx.lang, resolved.names.map((n) => `\`follow ${n}\``)) }),
      t(ctx.lang, 'follow.asWords', { word: phrase }),
    ];
    return errorReply(lines.join('\n'), usageLine('follow', ctx.lang));
  }
  const follow = resolved.follow;
  const { outcome } = await ctx.deps.store.channels.addFollow(ctx.origin.channelId, follow, ctx.now);
  if (outcome === 'full') return errorReply(t(ctx.lang, 'follow.full', { max: MAX_FOLLOWS }));
  const label = displayLabel(ctx, follow);
  const said =
    outcome === 'already'
      ? t(ctx.lang, 'follow.already', { name: label })
      : follow.kind === 'entity'
        ? t(ctx.lang, 'follow.entity', { name: label })
        : t(ctx.lang, 'follow.keyword', { phrase: follow.phrase });
  const lookup = await followLookup(ctx, follow);
  return { ...lookup, fallbackText: said, blocks: [{ type: 'text', text: said }, ...lookup.blocks] };
}

/** The stories a follow matches, newest first, whatever their age (the lookup part of `follow`). */
export async function followLookup(ctx: CommandContext, follow: Follow): Promise<ReplyDocument> {
  const refs =
    follow.kind === 'entity'
      ? await ctx.deps.store.items.findRefs({ entityIds: [follow.id], limit: LOOKUP_WINDOW })
      : await ctx.deps.store.items.findRefs({ tsquery: follow.tsquery, limit: LOOKUP_WINDOW });
  const label = displayLabel(ctx, follow);
  return storiesReply(ctx, refs, {
    header: t(ctx.lang, 'follow.lookupHeader', { name: label }),
    empty: t(ctx.lang, 'follow.lookupNone', { name: label }),
    limit: DEFAULT_STORY_LIMIT,
    moreCommand: null,
  });
}

/** `unfollow <name | "phrase">`: drops the follows it names (by entity, in any language, or by phrase). */
export async function unfollowCommand(ctx: CommandContext, phrase: string, quoted: boolean): Promise<ReplyDocument> {
  const follows = parseFollows(ctx.channel.follows);
  const folded = foldName(phrase);
  const entityIds = quoted ? [] : ctx.deps.analyzer.searchQuery(phrase).entityIds;
  const matching = follows.filter((f) =>
    f.kind === 'keyword' ? foldName(f.phrase) === folded : foldName(f.name) === folded || entityIds.includes(f.id),
  );
  if (matching.length === 0) {
    return errorReply(t(ctx.lang, 'unfollow.notFollowed', { word: phrase }), followsLine(ctx, follows));
  }
  const after = await ctx.deps.store.channels.removeFollows(ctx.origin.channelId, matching.map(followKey), ctx.now);
  return confirmReply(t(ctx.lang, 'unfollow.done', { name: matching.map((f) => displayLabel(ctx, f)).join(', ') }), [followsLine(ctx, after)]);
}

/** "Follows: Kaspersky, “zero trust”" or that there are none. */
export function followsLine(ctx: CommandContext, follows: readonly Follow[]): string {
  return follows.length > 0
    ? t(ctx.lang, 'list.follows', { follows: follows.map((f) => displayLabel(ctx, f)).join(', ') })
    : t(ctx.lang, 'list.noFollows');
}

/** An entity in the channel's language where the gazetteer has its name, else as stored. */
export function displayLabel(ctx: Pick<CommandContext, 'deps' | 'lang'>, follow: Follow): string {
  if (follow.kind === 'entity') return ctx.deps.entityNames?.nameOf(follow.id, ctx.lang) ?? follow.name;
  return followLabel(follow);
}
