import { ACTION } from '../replies/action-ids.js';
import { entitiesTsquery } from '../analysis/search-text.js';
import type { ItemHead } from '../items/item.js';
import type { ItemRef } from '../store/item-repository.js';
import type { ReplyBlock, ReplyDocument } from '../replies/reply-document.js';
import { buildStoryViews, topicName, translationRequests } from '../replies/story-view.js';
import { languageName } from '../i18n/intl-format.js';
import { formatDate, formatNumber } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import type { Period } from './command.js';
import type { CommandContext } from './command-context.js';
import { errorReply } from './command-replies.js';

/** Stories shown by default, and after "Show more". */
export const DEFAULT_STORY_LIMIT = 5;
export const EXPANDED_STORY_LIMIT = 20;
/**
 * Items considered per query: enough for many stories, bounded so a huge topic stays cheap. Only
 * their ids, stories and times are read; then the items of the stories shown, as heads.
 */
const ITEM_WINDOW = 300;
const DAY_MS = 86_400_000;

export interface QueryOptions {
  /** Stories to show (DEFAULT_STORY_LIMIT unless expanded by "Show more"). */
  limit: number;
  /** The command text that shows more of the same; null hides "Show more". */
  moreCommand: string | null;
}

/** `<topic> [period]`: newest stories on the topic, newest first, whatever their age. */
export async function topicStories(ctx: CommandContext, slug: string, period: Period | null, options: QueryOptions): Promise<ReplyDocument> {
  const since = period ? periodStart(period, ctx.now) : undefined;
  const refs = await ctx.topicRefs(slug, since, ITEM_WINDOW);
  const name = topicName(ctx.deps.taxonomy, slug, ctx.lang);
  const header = period?.kind === 'since' ? t(ctx.lang, 'topic.headerSince', { topic: name, date: formatDate(ctx.lang, `${period.date}T00:00:00Z`) }) : t(ctx.lang, 'topic.header', { topic: name });
  let empty = t(ctx.lang, 'results.noneTopic', { topic: name });
  if (refs.length === 0 && since) {
    // Nothing in the period, but maybe older stories: say so and how to see them, rather than "not yet".
    const [newest] = await ctx.topicRefs(slug, undefined, 1);
    if (newest) empty = t(ctx.lang, 'results.noneTopicPeriod', { topic: name, date: formatDate(ctx.lang, newest.sortTime.toISOString()), command: slug });
  }
  return storiesReply(ctx, refs, { header, empty, ...options, shared: true });
}

/** `search <words>`: items matching the words (tsquery) or naming the entities they name, newest first. */
export async function searchStories(ctx: CommandContext, words: string, options: QueryOptions): Promise<ReplyDocument> {
  const query = ctx.deps.analyzer.searchQuery(words);
  // The words, or any entity they name: one index query gives the newest matches of either.
  const either = [query.tsquery, entitiesTsquery(query.entityIds)].filter((q): q is string => q !== null);
  const tsquery = either.length > 1 ? either.map((q) => `(${q})`).join(' | ') : either[0];
  const refs = tsquery ? await ctx.deps.store.items.findRefs({ tsquery, limit: ITEM_WINDOW }) : [];
  return storiesReply(ctx, refs, { header: t(ctx.lang, 'search.header', { words }), empty: t(ctx.lang, 'results.none'), ...options });
}

/** "More like this": other stories sharing the story's main topic or its named entities. */
export async function moreLikeStory(ctx: CommandContext, storyId: string): Promise<ReplyDocument> {
  const storyItems = await ctx.deps.store.items.findHeads({ storyIds: [storyId], limit: 50 });
  if (storyItems.length === 0) return errorReply(t(ctx.lang, 'error.unknownStory'));
  const [view] = buildStoryViews(storyItems, { taxonomy: ctx.deps.taxonomy, uiLang: ctx.lang, entityNames: ctx.deps.entityNames });
  const mainTopic = view!.topics[0]?.slug;
  const entities = entitiesTsquery([...new Set(storyItems.flatMap((i) => i.analysis.entities.map((e) => e.id)))].slice(0, 20));
  const batches = await Promise.all([
    mainTopic ? ctx.deps.store.items.findRefs({ topic: mainTopic, mainTopicOnly: true, limit: ITEM_WINDOW }) : [],
    entities ? ctx.deps.store.items.findRefs({ tsquery: entities, limit: ITEM_WINDOW }) : [],
  ]);
  const refs = newestFirst(mergeById(batches.flat())).filter((r) => r.storyId !== storyId);
  return storiesReply(ctx, refs, {
    header: t(ctx.lang, 'moreLike.header', { title: view!.title }),
    empty: t(ctx.lang, 'results.none'),
    limit: DEFAULT_STORY_LIMIT,
    moreCommand: null,
  });
}

/** "Show original": the story's shown item as written (verbatim title and summary), only to the person who asked. */
export async function originalStory(ctx: CommandContext, storyId: string): Promise<ReplyDocument> {
  const storyItems = await ctx.deps.store.items.findHeads({ storyIds: [storyId], limit: 50 });
  if (storyItems.length === 0) return errorReply(t(ctx.lang, 'error.unknownStory'));
  const [view] = buildStoryViews(storyItems, { taxonomy: ctx.deps.taxonomy, uiLang: ctx.lang, entityNames: ctx.deps.entityNames });
  const header = t(ctx.lang, 'original.header', { language: languageName(ctx.lang, view!.lang) });
  return { visibility: 'private', fallbackText: `${header}: ${view!.title}`, blocks: [{ type: 'header', text: header }, { type: 'story', story: view! }] };
}

export interface StoriesReplyOptions extends QueryOptions {
  header: string;
  empty: string;
  /** The refs are a cut of a shared read (ctx.topicRefs): the composed listing may be shared too (ListingCache). */
  shared?: boolean;
}

/**
 * Header, story blocks, "Showing N of M · newest first", and "Show more" when more exist. Muted stories
 * never show. `refs` are the considered items, newest first: stories count in the order they first
 * appear there, and only the items (of `refs`) of the stories shown are read.
 */
export async function storiesReply(ctx: CommandContext, refs: readonly ItemRef[], options: StoriesReplyOptions): Promise<ReplyDocument> {
  // A channel's muted stories make its listing its own; every other channel in the language shares it.
  const cache = options.shared && ctx.channel.mutedStories.length === 0 && refs.length > 0 ? ctx.listings : undefined;
  if (!cache) return (await composeStories(ctx, refs, options)).doc;
  const key = JSON.stringify([ctx.lang, options.header, options.empty, options.limit, options.moreCommand]);
  const kept = cache.get(key, refs);
  if (kept) return kept;
  const version = cache.version();
  const composed = await composeStories(ctx, refs, options);
  // A story whose translation is not back yet shows its key facts now and its translation later: not kept.
  return composed.complete ? cache.set(key, refs, composed.doc, version) : composed.doc;
}

/** The listing, and whether it is final: false while a story's translation is still on its way. */
async function composeStories(ctx: CommandContext, refs: readonly ItemRef[], options: StoriesReplyOptions): Promise<{ doc: ReplyDocument; complete: boolean }> {
  const muted = new Set(ctx.channel.mutedStories);
  const visible = refs.filter((r) => !muted.has(r.storyId));
  const storyIds = [...new Set(visible.map((r) => r.storyId))];
  const shownIds = new Set(storyIds.slice(0, options.limit));
  const items: ItemHead[] = await ctx.heads(visible.filter((r) => shownIds.has(r.storyId)).map((r) => r.id));
  // Within the translation budget; what is not back by then shows its key-facts line and is translated later.
  const requests = ctx.deps.translations ? translationRequests(items, ctx.lang) : [];
  const translations = ctx.deps.translations ? await ctx.deps.translations.translate(requests, ctx.lang) : undefined;
  // As TranslationService.translate: what it would translate, all back.
  const complete = !translations || requests.every((r) => r.source === ctx.lang || r.source === 'und' || translations.has(r.itemId));
  const shown = buildStoryViews(items, { taxonomy: ctx.deps.taxonomy, uiLang: ctx.lang, entityNames: ctx.deps.entityNames, translations });
  const blocks: ReplyBlock[] = [{ type: 'header', text: options.header }];
  if (shown.length === 0) {
    blocks.push({ type: 'text', text: options.empty });
    return { doc: { visibility: 'private', fallbackText: `${options.header}: ${options.empty}`, blocks }, complete };
  }
  for (const story of shown) blocks.push({ type: 'story', story });
  blocks.push({ type: 'context', items: [t(ctx.lang, 'results.context', { shown: formatNumber(ctx.lang, shown.length), total: formatNumber(ctx.lang, storyIds.length) })] });
  if (storyIds.length > shown.length && options.moreCommand && options.moreCommand.length <= 200) {
    blocks.push({ type: 'actions', actions: [{ id: ACTION.showMore, label: t(ctx.lang, 'results.showMore'), value: options.moreCommand }] });
  }
  return { doc: { visibility: 'private', fallbackText: `${options.header} (${shown.length})`, blocks }, complete };
}

function periodStart(period: Period, now: Date): Date {
  return period.kind === 'days' ? new Date(now.getTime() - period.days * DAY_MS) : new Date(`${period.date}T00:00:00Z`);
}

function mergeById(refs: ItemRef[]): ItemRef[] {
  const byId = new Map<string, ItemRef>();
  for (const ref of refs) if (!byId.has(ref.id)) byId.set(ref.id, ref);
  return [...byId.values()];
}

/** Newest first, as the store orders them (sort time is the item's time: published, else fetched). */
function newestFirst(refs: ItemRef[]): ItemRef[] {
  return refs.sort((a, b) => b.sortTime.getTime() - a.sortTime.getTime() || (a.id < b.id ? 1 : -1));
}
