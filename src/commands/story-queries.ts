import { itemTime, type AnalyzedItem } from '../items/item.js';
import type { ReplyBlock, ReplyDocument } from '../replies/reply-document.js';
import { buildStoryViews, topicName } from '../replies/story-view.js';
import { t } from '../replies/ui-strings.js';
import type { Period } from './command.js';
import type { CommandContext } from './command-context.js';
import { errorReply } from './command-replies.js';

/** Stories shown by default, and after "Show more". */
export const DEFAULT_STORY_LIMIT = 5;
export const EXPANDED_STORY_LIMIT = 20;
/** Items read per query: enough for many stories, bounded so a huge topic stays cheap. */
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
  const items = await ctx.deps.store.items.find({ topic: slug, since, limit: ITEM_WINDOW });
  const name = topicName(ctx.deps.taxonomy, slug, ctx.lang);
  const header = period?.kind === 'since' ? t(ctx.lang, 'topic.headerSince', { topic: name, date: period.date }) : t(ctx.lang, 'topic.header', { topic: name });
  return storiesReply(ctx, items, { header, empty: t(ctx.lang, 'results.noneTopic', { topic: name }), ...options });
}

/** `search <words>`: items matching the words (tsquery) or the entities they name, newest first. */
export async function searchStories(ctx: CommandContext, words: string, options: QueryOptions): Promise<ReplyDocument> {
  const query = ctx.deps.analyzer.searchQuery(words);
  const batches = await Promise.all([
    query.tsquery ? ctx.deps.store.items.find({ tsquery: query.tsquery, limit: ITEM_WINDOW }) : [],
    query.entityIds.length > 0 ? ctx.deps.store.items.find({ entityIds: query.entityIds, limit: ITEM_WINDOW }) : [],
  ]);
  const items = newestFirst(mergeById(batches.flat()));
  return storiesReply(ctx, items, { header: t(ctx.lang, 'search.header', { words }), empty: t(ctx.lang, 'results.none'), ...options });
}

/** "More like this": other stories sharing the story's main topic or its named entities. */
export async function moreLikeStory(ctx: CommandContext, storyId: string): Promise<ReplyDocument> {
  const storyItems = await ctx.deps.store.items.find({ storyIds: [storyId], limit: 50 });
  if (storyItems.length === 0) return errorReply(t(ctx.lang, 'error.unknownStory'));
  const [view] = buildStoryViews(storyItems, { taxonomy: ctx.deps.taxonomy, uiLang: ctx.lang });
  const mainTopic = view!.topics[0]?.slug;
  const entityIds = [...new Set(storyItems.flatMap((i) => i.analysis.entities.map((e) => e.id)))].slice(0, 20);
  const batches = await Promise.all([
    mainTopic ? ctx.deps.store.items.find({ topic: mainTopic, mainTopicOnly: true, limit: ITEM_WINDOW }) : [],
    entityIds.length > 0 ? ctx.deps.store.items.find({ entityIds, limit: ITEM_WINDOW }) : [],
  ]);
  const items = newestFirst(mergeById(batches.flat())).filter((i) => i.analysis.story !== storyId);
  return storiesReply(ctx, items, {
    header: t(ctx.lang, 'moreLike.header', { title: view!.title }),
    empty: t(ctx.lang, 'results.none'),
    limit: DEFAULT_STORY_LIMIT,
    moreCommand: null,
  });
}

interface StoriesReplyOptions extends QueryOptions {
  header: string;
  empty: string;
}

/** Header, story blocks, "Showing N of M · newest first", and "Show more" when more exist. Muted stories never show. */
function storiesReply(ctx: CommandContext, items: AnalyzedItem[], options: StoriesReplyOptions): ReplyDocument {
  const muted = new Set(ctx.channel.mutedStories);
  const stories = buildStoryViews(
    items.filter((i) => !muted.has(i.analysis.story)),
    { taxonomy: ctx.deps.taxonomy, uiLang: ctx.lang },
  );
  const shown = stories.slice(0, options.limit);
  const blocks: ReplyBlock[] = [{ type: 'header', text: options.header }];
  if (shown.length === 0) {
    blocks.push({ type: 'text', text: options.empty });
    return { visibility: 'private', fallbackText: `${options.header}: ${options.empty}`, blocks };
  }
  for (const story of shown) blocks.push({ type: 'story', story });
  blocks.push({ type: 'context', items: [t(ctx.lang, 'results.context', { shown: shown.length, total: stories.length })] });
  if (stories.length > shown.length && options.moreCommand && options.moreCommand.length <= 200) {
    blocks.push({ type: 'actions', actions: [{ id: 'show_more', label: t(ctx.lang, 'results.showMore'), value: options.moreCommand }] });
  }
  return { visibility: 'private', fallbackText: `${options.header} (${shown.length})`, blocks };
}

function periodStart(period: Period, now: Date): Date {
  return period.kind === 'days' ? new Date(now.getTime() - period.days * DAY_MS) : new Date(`${period.date}T00:00:00Z`);
}

function mergeById(items: AnalyzedItem[]): AnalyzedItem[] {
  const byId = new Map<string, AnalyzedItem>();
  for (const item of items) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()];
}

function newestFirst(items: AnalyzedItem[]): AnalyzedItem[] {
  return items.sort((a, b) => itemTime(b).getTime() - itemTime(a).getTime() || (a.id < b.id ? 1 : -1));
}
