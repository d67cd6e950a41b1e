import type { TranslationService } from '../translate/translation-service.js';
import { translationRequests } from '../replies/story-view.js';
import type { EntityNames } from '../i18n/entity-names.js';
import type { Clock } from '../clock.js';
import type { ItemHead } from '../items/item.js';
import type { Logger } from '../logger.js';
import { textReply, type ReplyDocument } from '../replies/reply-document.js';
import type { TopicNameSource } from '../replies/story-view.js';
import type { ChannelSettings } from '../store/channel-repository.js';
import type { Store } from '../store/store.js';
import { CandidateCache } from './candidate-cache.js';
import { digestDocument } from './digest-document.js';
import type { ComposedDigest, DigestComposer, DigestService } from './digest-service.js';
import { loadDigestSettings, type DigestSettings } from './digest-settings.js';
import { formatDate } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import { selectStories, type DigestSelection, type RankedStory } from './rank-stories.js';
import { selectFollowed, type FollowedSelection } from './followed-stories.js';
import { followLabel, parseFollows, type Follow } from '../follows/follow.js';

export interface DigestServiceDeps {
  store: Store;
  taxonomy: TopicNameSource;
  clock: Clock;
  logger: Logger;
  /** Entity names per language for key-facts lines. */
  entityNames?: EntityNames;
  /** Machine translation of foreign stories (TRANSLATE_PROVIDER); absent: off. */
  translations?: TranslationService;
  /** Defaults to digests/cadences.json. */
  settings?: DigestSettings;
}

/** The digest service the commands use, which is also the composer the delivery worker uses. */
export type FullDigestService = DigestService & DigestComposer;

const DAY = 86_400_000;

interface Composition {
  channel: ChannelSettings | null;
  windowStart: Date;
  windowEnd: Date;
  selection: DigestSelection;
}

export function createDigestService(deps: DigestServiceDeps): FullDigestService {
  const { store, taxonomy } = deps;
  const settings = deps.settings ?? loadDigestSettings();
  const log = deps.logger.child({ module: 'digests' });
  const shared = new CandidateCache((topic, since, until, limit) => store.items.findHeads({ topic, since, until, limit }), {
    version: () => store.items.writeCount,
  });

  /** Choose the channel's stories for [windowStart, windowEnd] (or since its last digest up to now). */
  /**
   * `shareReads`: a scheduled digest's first composition may take its candidates from another
   * channel's read of a few seconds ago (see CandidateCache); previews and frozen re-compositions
   * always read their exact window.
   */
  async function compose(
    channelId: string,
    now: Date,
    frozen?: { windowStart: Date; windowEnd: Date; storyIds: string[] },
    shareReads = false,
    known?: ChannelSettings,
  ): Promise<Composition> {
    const channel = known?.id === channelId ? known : await store.channels.get(channelId);
    const windowEnd = frozen?.windowEnd ?? now;
    const windowStart = frozen?.windowStart ?? channel?.lastDigestAt ?? new Date(now.getTime() - settings.firstDigestDays * DAY);
    const empty: DigestSelection = { groups: [], storyIds: [], more: 0 };
    const follows = parseFollows(channel?.follows);
    if (!channel || (channel.topics.length === 0 && follows.length === 0)) return { channel, windowStart, windowEnd, selection: empty };

    // Heads, not whole items: ranking and story views never read the content or the search text.
    const candidates = new Map<string, ItemHead>();
    for (const topic of channel.topics) {
      const limit = settings.limits.candidateItems;
      const found =
        shareReads && !frozen
          ? await shared.heads(topic, windowStart, windowEnd, limit)
          : await store.items.findHeads({ topic, since: windowStart, until: windowEnd, limit });
      for (const item of found) candidates.set(item.id, item);
    }
    const sent = await store.deliveries.sentStoryIds(channelId);
    // A frozen digest keeps its stories even if muted since (they were promised), but drops any that
    // another delivery to this channel sent meanwhile: a story is never sent to a channel twice.
    const promised = new Set(frozen?.storyIds ?? []);
    const exclude = new Set([...sent, ...channel.mutedStories.filter((id) => !promised.has(id))]);
    const maxStories = Math.min(channel.maxStories || settings.limits.maxStories, settings.limits.hardMaxStories);
    const perTopic = Math.max(1, channel.perTopic || settings.limits.perTopic);
    // Followed names and phrases first: their stories get their own section and are left out of the topics.
    const followed = follows.length > 0 ? await followedStories(channel, follows, { windowStart, windowEnd, exclude, maxStories, frozen }) : null;
    const followedIds = new Set(followed?.stories.map((s) => s.id) ?? []);
    let selection = selectStories([...candidates.values()], {
      topics: channel.topics,
      exclude: new Set([...exclude, ...followedIds]),
      maxStories: maxStories - followedIds.size,
      perTopic,
      now: windowEnd,
      chosen: frozen?.storyIds.filter((id) => !followedIds.has(id)),
    });
    if (followed && followed.stories.length > 0) {
      selection = { ...selection, followed, storyIds: [...followed.stories.map((s) => s.id), ...selection.storyIds] };
    }
    // Show each chosen story whole (every source and language), not only its items inside the window.
    if (selection.storyIds.length > 0) {
      const readStories = (storyIds: string[]) => store.items.findHeads({ storyIds, limit: 50 * storyIds.length });
      const full = shareReads && !frozen ? await shared.storyHeads(selection.storyIds, readStories) : await readStories(selection.storyIds);
      const byStory = new Map<string, ItemHead[]>();
      for (const item of full) byStory.set(item.analysis.story, [...(byStory.get(item.analysis.story) ?? []), item]);
      const whole = (s: RankedStory): RankedStory => ({ ...s, items: byStory.get(s.id) ?? s.items });
      selection = {
        ...selection,
        groups: selection.groups.map((g) => ({ ...g, stories: g.stories.map(whole) })),
        ...(selection.followed ? { followed: { ...selection.followed, stories: selection.followed.stories.map(whole) } } : {}),
      };
    }
    return { channel, windowStart, windowEnd, selection };
  }

  /** The stories of the window that the channel's follows match (entities by id, phrases through the search index). */
  async function followedStories(
    channel: ChannelSettings,
    follows: Follow[],
    w: { windowStart: Date; windowEnd: Date; exclude: ReadonlySet<string>; maxStories: number; frozen?: { storyIds: string[] } },
  ): Promise<FollowedSelection> {
    const heads = new Map<string, ItemHead>();
    const matched = new Map<string, string[]>();
    const labels: string[] = [];
    for (const follow of follows) {
      const label = follow.kind === 'entity' ? (deps.entityNames?.nameOf(follow.id, channel.uiLang) ?? follow.name) : followLabel(follow);
      labels.push(label);
      const base = { since: w.windowStart, until: w.windowEnd, limit: settings.limits.candidateItems };
      const found = await store.items.findHeads(follow.kind === 'entity' ? { ...base, entityIds: [follow.id] } : { ...base, tsquery: follow.tsquery });
      for (const item of found) {
        heads.set(item.id, item);
        matched.set(item.id, [...(matched.get(item.id) ?? []), label]);
      }
    }
    return selectFollowed([...heads.values()], matched, labels, {
      exclude: w.exclude,
      max: w.maxStories,
      now: w.windowEnd,
      chosen: w.frozen?.storyIds,
    });
  }

  async function render(c: Composition, visibility: ReplyDocument['visibility']): Promise<ReplyDocument | null> {
    if (!c.channel) return null;
    // One translation call per digest, within its budget: stories not back in time keep their key-facts line.
    const items = [...(c.selection.followed?.stories ?? []), ...c.selection.groups.flatMap((g) => g.stories)].flatMap((s) => s.items);
    const translations = deps.translations && items.length > 0 ? await deps.translations.translate(translationRequests(items, c.channel.uiLang), c.channel.uiLang) : undefined;
    return digestDocument(c.selection, {
      taxonomy,
      uiLang: c.channel.uiLang,
      timeZone: c.channel.timeZone,
      windowStart: c.windowStart,
      windowEnd: c.windowEnd,
      visibility,
      entityNames: deps.entityNames,
      translations,
    });
  }

  return {
    async preview(channelId, now) {
      const c = await compose(channelId, now);
      const lang = c.channel?.uiLang ?? 'en';
      if (!c.channel || (c.channel.topics.length === 0 && parseFollows(c.channel.follows).length === 0)) return { ...textReply(t(lang, 'digest.previewNoTopics')), lang };
      const doc = await render(c, 'private');
      if (!doc) return { ...textReply(t(lang, 'digest.previewNothing', { from: formatDate(lang, c.windowStart, c.channel.timeZone) })), lang };
      return { ...doc, blocks: [...doc.blocks, { type: 'context', items: [t(lang, 'digest.previewNote')] }] };
    },

    async postNow(channelId, now, requestId) {
      const c = await compose(channelId, now);
      const stories = c.selection.storyIds.length;
      if (stories === 0) return { stories: 0, queued: false };
      const { inserted } = await store.deliveries.enqueueFrozen(
        { channelId, periodKey: `manual:${requestId}`, kind: 'manual', windowStart: c.windowStart, windowEnd: c.windowEnd, storyIds: c.selection.storyIds },
        now,
      );
      log.info({ channel: channelId, stories, queued: inserted }, 'manual digest requested');
      return { stories, queued: inserted };
    },

    async composeForDelivery(channelId, now, frozen, options): Promise<ComposedDigest> {
      const c = await compose(channelId, now, frozen, options?.shareReads ?? false, options?.channel);
      let doc = await render(c, 'channel');
      if (!doc && c.channel?.notifyEmpty) {
        doc = { ...textReply(t(c.channel.uiLang, 'digest.empty', { from: formatDate(c.channel.uiLang, c.windowStart, c.channel.timeZone) }), 'channel'), lang: c.channel.uiLang };
      }
      return { windowStart: c.windowStart, windowEnd: c.windowEnd, storyIds: c.selection.storyIds, doc };
    },
  };
}
