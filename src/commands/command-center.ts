import { z } from 'zod';
import type { CommandOrigin, CommandSink } from '../platform/command-sink.js';
import { tryParseChannelId } from '../platform/channel-id.js';
import { ACTION, ACTION_IDS, type ActionId } from '../replies/action-ids.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import { DEFAULT_UI_LANG, t } from '../i18n/t.js';
import { subscribe, unsubscribe, unsubscribeAll, listSettings, setSchedule, muteStory } from './channel-commands.js';
import type { Command, CommandError } from './command.js';
import type { CommandCenterDeps, CommandContext, HeadsRead, TopicRefsRead } from './command-context.js';
import { commandErrorReply, errorReply } from './command-replies.js';
import { COMMAND_KEYWORDS } from './command-catalog.js';
import { closestWords } from './closest-words.js';
import { postDigest, previewDigest } from './digest-commands.js';
import { commandHelpReply, helpReply } from './help-text.js';
import { resolveUiLanguage } from '../i18n/ui-language.js';
import { languageCommand } from './language-command.js';
import { followCommand, unfollowCommand } from './follow-commands.js';
import { whyCommand } from './why-command.js';
import { settingsCommand } from './settings-command.js';
import { parseCommand } from './parse-command.js';
import { addSource, listSources, removeSource } from './sources-commands.js';
import { addFromSourceCatalog, listSourceCatalog } from './source-catalog-commands.js';
import { DEFAULT_STORY_LIMIT, EXPANDED_STORY_LIMIT, moreLikeStory, originalStory, searchStories, topicStories } from './story-queries.js';
import { createTopicResolver, type TopicResolution } from './topic-words.js';
import { TopicRefsCache } from './topic-refs-cache.js';
import { HeadCache } from './head-cache.js';
import { ListingCache } from './listing-cache.js';
import { listTopics } from './topics-list.js';

export type { CommandCenterDeps } from './command-context.js';

/**
 * Heads the command center keeps (HeadCache): ~3 KB of heap each, so ~9 MB. Replaying the heads the
 * serve bench's 2,300 commands read (100k items): 2,000 kept answer 99 % of topic commands' heads and
 * 53 % of searches'; 3,000 answer 99 % and 66 %; more gain little (5,441 different heads in all).
 */
const HEAD_CACHE_ENTRIES = 3_000;

const OriginSchema = z.object({
  channelId: z.string().min(1).max(512),
  userId: z.string().min(1).max(256),
  isAdmin: z.boolean().optional(),
  locale: z.string().max(40).optional(),
});

const ActionSchema = z.object({
  id: z.enum(ACTION_IDS),
  // Values are slugs, story ids and command text we built: control characters or broken UTF-16 mean
  // a forged press (and PostgreSQL text cannot hold NUL).
  value: z
    .string()
    .max(200)
    .refine((v) => !/[\u0000-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v)),
});

/**
 * The core's answer to every chat command and button press, whatever the platform. Each call acts
 * only on origin.channelId, is rate limited per origin.userId, and always resolves to a reply document
 * (errors included): no exception reaches a user.
 */
export function createCommandCenter(deps: CommandCenterDeps): CommandSink {
  const topics = createTopicResolver(deps.taxonomy);
  const items = deps.store.items;
  const topicCache = deps.topicCacheMs
    ? new TopicRefsCache((slug, limit) => items.findRefs({ topic: slug, limit }), { ttlMs: deps.topicCacheMs, version: () => items.writeCount })
    : null;
  const topicRefs: TopicRefsRead = topicCache ? (slug, since, limit) => topicCache.refs(slug, since, limit) : (slug, since, limit) => items.findRefs({ topic: slug, since, limit });
  // Source names are part of a head: a write to them drops the kept heads too.
  const headCache = deps.headCacheMs
    ? new HeadCache((ids) => items.headsByIds(ids), { ttlMs: deps.headCacheMs, maxEntries: HEAD_CACHE_ENTRIES, version: () => items.writeCount + deps.store.sources.writeCount })
    : null;
  const heads: HeadsRead = headCache ? (ids) => headCache.heads(ids) : (ids) => items.headsByIds(ids);
  // A listing is made of shared refs and shared heads: kept no longer than either, dropped on the same writes.
  const listings = topicCache && headCache
    ? new ListingCache({ ttlMs: Math.min(deps.topicCacheMs!, deps.headCacheMs!), version: () => items.writeCount + deps.store.sources.writeCount })
    : undefined;
  // The stories of each channel's last listing, so `why 1` names the first one (this process only; bounded).
  const lastListings = new Map<string, string[]>();
  const remember = (channelId: string, doc: ReplyDocument) => {
    const ids = doc.blocks.flatMap((b) => (b.type === 'story' ? [b.story.id] : []));
    if (ids.length === 0) return;
    lastListings.delete(channelId);
    lastListings.set(channelId, ids);
    if (lastListings.size > 5_000) lastListings.delete(lastListings.keys().next().value!);
  };

  /** Validates the origin, applies the rate limit, loads the channel, runs `fn`, and catches everything. */
  async function run(rawOrigin: CommandOrigin, kind: string, fn: (ctx: CommandContext) => Promise<ReplyDocument>, limited = true): Promise<ReplyDocument> {
    const started = deps.clock.now();
    try {
      const parsed = OriginSchema.safeParse(rawOrigin);
      if (!parsed.success || !tryParseChannelId(parsed.data.channelId)) return errorReply(t(DEFAULT_UI_LANG, 'error.badChannel'));
      const origin = parsed.data;
      const limit = limited ? await deps.rateLimiter.take(origin.userId) : { allowed: true as const, retryAfterMs: 0 };
      if (!limit.allowed) {
        return errorReply(t(DEFAULT_UI_LANG, 'error.rateLimited', { seconds: Math.max(1, Math.ceil(limit.retryAfterMs / 1000)) }));
      }
      // A new channel starts in the language of the user who first speaks to it, when the platform says and the bot speaks it.
      const startLang = origin.locale ? resolveUiLanguage(origin.locale) : null;
      const channel = await deps.store.channels.getOrCreate(origin.channelId, started, startLang ? { uiLang: startLang } : {});
      const ctx: CommandContext = { deps, topics, topicRefs, heads, listings, origin, channel, lang: channel.uiLang || DEFAULT_UI_LANG, now: started };
      const reply = await fn(ctx);
      return { ...reply, lang: reply.lang ?? ctx.lang };
    } catch (err) {
      deps.logger.error({ err, kind, channelId: rawOrigin?.channelId }, 'command failed');
      return errorReply(t(DEFAULT_UI_LANG, 'error.internal'));
    }
  }

  return {
    processCommand(origin, text) {
      // Reading the settings form is one row and changes nothing: a settings surface reads it before and
      // after every save, and only the commands that change something count against the user's limit.
      const limited = !(typeof text === 'string' && /^\s*settings\s*$/i.test(text));
      return run(origin, 'command', (ctx) => {
        const parsed = parseCommand(typeof text === 'string' ? text : '');
        if (!parsed.ok) return Promise.resolve(commandErrorReply(parsed.error, ctx.lang));
        if (parsed.command.name === 'why') return whyCommand(ctx, parsed.command.target, lastListings.get(ctx.origin.channelId));
        return execute(ctx, parsed.command, DEFAULT_STORY_LIMIT).then((doc) => {
          remember(ctx.origin.channelId, doc);
          return doc;
        });
      }, limited);
    },
    processAction(origin, action) {
      return run(origin, 'action', (ctx) => {
        const parsed = ActionSchema.safeParse(action);
        if (!parsed.success) return Promise.resolve(errorReply(t(ctx.lang, 'error.badAction')));
        return runAction(ctx, parsed.data.id, parsed.data.value);
      });
    },
  };
}

async function execute(ctx: CommandContext, command: Command, storyLimit: number): Promise<ReplyDocument> {
  switch (command.name) {
    case 'help':
      return command.command ? commandHelpReply(command.command, ctx.lang) : helpReply(ctx.lang);
    case 'topic': {
      const resolved = ctx.topics.resolveOne(command.words);
      if (!resolved.ok) return unknownTopic(ctx, resolved, 'topic', command.words);
      const slug = resolved.slugs[0]!;
      const periodText = command.period ? (command.period.kind === 'days' ? ` ${command.period.days}d` : ` since ${command.period.date}`) : '';
      const moreCommand = storyLimit < EXPANDED_STORY_LIMIT ? `${slug}${periodText}` : null;
      return topicStories(ctx, slug, command.period, { limit: storyLimit, moreCommand });
    }
    case 'search': {
      const moreCommand = storyLimit < EXPANDED_STORY_LIMIT ? `search ${command.words}` : null;
      return searchStories(ctx, command.words, { limit: storyLimit, moreCommand });
    }
    case 'subscribe':
    case 'unsubscribe': {
      const slugs: string[] = [];
      for (const phrase of command.topics) {
        // A followed slug the taxonomy no longer has can still be dropped.
        if (command.name === 'unsubscribe' && ctx.channel.topics.includes(phrase.toLowerCase())) {
          slugs.push(phrase.toLowerCase());
          continue;
        }
        const resolved = ctx.topics.resolveMany(phrase);
        if (!resolved.ok) return unknownTopic(ctx, resolved, command.name);
        slugs.push(...resolved.slugs);
      }
      const unique = [...new Set(slugs)];
      return command.name === 'subscribe' ? subscribe(ctx, unique) : unsubscribe(ctx, unique);
    }
    case 'unsubscribe-all':
      return unsubscribeAll(ctx);
    case 'list':
      return listSettings(ctx);
    case 'settings':
      return settingsCommand(ctx);
    case 'topics':
      return listTopics(ctx);
    case 'digest':
      return command.post ? postDigest(ctx) : previewDigest(ctx);
    case 'schedule':
      return setSchedule(ctx, command.schedule);
    case 'sources':
      return listSources(ctx);
    case 'sources-add':
      return addSource(ctx, command.url);
    case 'sources-remove':
      return removeSource(ctx, command.url);
    case 'sources-catalog':
      return listSourceCatalog(ctx, { language: command.language, kind: command.kind });
    case 'sources-add-catalog':
      return addFromSourceCatalog(ctx, command.target);
    case 'language':
      return languageCommand(ctx, command.code);
    case 'follow':
      return followCommand(ctx, command.phrase, command.quoted);
    case 'unfollow':
      return unfollowCommand(ctx, command.phrase, command.quoted);
    case 'why':
      return whyCommand(ctx, command.target, undefined);
  }
}

async function runAction(ctx: CommandContext, id: ActionId, value: string): Promise<ReplyDocument> {
  switch (id) {
    case ACTION.subscribeTopic: {
      if (!ctx.deps.taxonomy.topics.some((topic) => topic.slug === value)) return errorReply(t(ctx.lang, 'error.badAction'));
      return subscribe(ctx, [value]);
    }
    case ACTION.muteStory:
      if (!value) return errorReply(t(ctx.lang, 'error.badAction'));
      return muteStory(ctx, value);
    case ACTION.moreLikeThis:
      if (!value) return errorReply(t(ctx.lang, 'error.badAction'));
      return moreLikeStory(ctx, value);
    case ACTION.unsubscribeAll:
      return unsubscribeAll(ctx);
    case ACTION.followEntity: {
      // Only a gazetteer entity: the value is an id we put on a story's button.
      const entity = ctx.deps.entities?.find((e) => e.id === value);
      if (!entity) return errorReply(t(ctx.lang, 'error.badAction'));
      return followCommand(ctx, entity.name, false);
    }
    case ACTION.showOriginal:
      if (!value) return errorReply(t(ctx.lang, 'error.badAction'));
      return originalStory(ctx, value);
    case ACTION.whyStory:
      // A story id we put on the story's button (never a listing number: the button names its story).
      if (!value || /^\d{1,3}$/.test(value)) return errorReply(t(ctx.lang, 'error.badAction'));
      return whyCommand(ctx, value, undefined);
    case ACTION.showMore: {
      // The value is command text we built, but it comes back from a client: parse it like any
      // command, and only let read-only queries through.
      const parsed = parseCommand(value);
      if (!parsed.ok || (parsed.command.name !== 'topic' && parsed.command.name !== 'search')) return errorReply(t(ctx.lang, 'error.badAction'));
      return execute(ctx, parsed.command, EXPANDED_STORY_LIMIT);
    }
  }
}

/** "I don't know the topic …" with "Did you mean …?"; for a first word close to a command, that command too. */
function unknownTopic(ctx: CommandContext, resolved: Extract<TopicResolution, { ok: false }>, command: CommandError['command'], words?: string): ReplyDocument {
  const candidates = resolved.candidates.map((slug) => `\`${slug}\``);
  // "subscrbe paris-call" or "lsit" reach here as topic words: offer the command they look like first.
  if (words) for (const keyword of closestWords(words.split(' ')[0]!, COMMAND_KEYWORDS).reverse()) candidates.unshift(`\`${keyword}\``);
  const error: CommandError = {
    code: 'unknown_topic',
    command,
    message: { key: 'error.unknownTopic', params: { word: clipWord(resolved.word) } },
    candidates: [...new Set(candidates)].slice(0, 3),
  };
  return commandErrorReply(error, ctx.lang);
}

function clipWord(word: string): string {
  const chars = Array.from(word);
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : word;
}
