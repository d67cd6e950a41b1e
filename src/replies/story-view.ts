import { ACTION } from './action-ids.js';
import type { Topic } from '../analysis/taxonomy.js';
import { dateSource, itemTime, leadOf, type ViewItem } from '../items/item.js';
import type { ReplyAction, StoryView } from './reply-document.js';
import { NO_ENTITY_NAMES, type EntityNames } from '../i18n/entity-names.js';
import type { Translated, TranslationRequest } from '../translate/translation-service.js';
import { actionLabel } from './action-labels.js';
import { keyFactsLine, keyFactsOf } from './key-facts.js';
import { t } from '../i18n/t.js';

/** What story views need from the taxonomy: display names per language. */
export interface TopicNameSource {
  topics: readonly Pick<Topic, 'slug' | 'names'>[];
}

export interface StoryViewOptions {
  taxonomy: TopicNameSource;
  /** UI language for topic names and action labels. */
  uiLang: string;
  /** At most this many stories (default: all). */
  limit?: number;
  /** Entity names per language for key-facts lines (default: the English names the analysis carries). */
  entityNames?: EntityNames;
  /** Machine translations by item id (src/translate); a story whose shown item has one shows it. */
  translations?: ReadonlyMap<string, Translated>;
}

const RTL_LANGS = new Set(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'ckb', 'dv', 'sd', 'ug']);
const MAX_ACTION_VALUE = 200;
const MAX_TITLE = 300;
const MAX_SENTENCE = 600;

/**
 * Groups items into stories (by analysis.story) in the order each story first appears, so callers
 * decide the ranking (newest first for queries, ranked for digests). Every string stays plain text.
 */
export function buildStoryViews(items: readonly ViewItem[], options: StoryViewOptions): StoryView[] {
  const groups = new Map<string, ViewItem[]>();
  for (const item of items) {
    const group = groups.get(item.analysis.story);
    if (group) group.push(item);
    else groups.set(item.analysis.story, [item]);
  }
  const views: StoryView[] = [];
  for (const [id, group] of groups) {
    if (options.limit !== undefined && views.length >= options.limit) break;
    views.push(storyView(id, group, options));
  }
  return views;
}

/** What a translator gets for each foreign story: the shown item's title and summary as the view shows them. */
export function translationRequests(items: readonly ViewItem[], uiLang: string, limit?: number): TranslationRequest[] {
  const requests: TranslationRequest[] = [];
  for (const group of groupByStory(items, limit)) {
    const best = pickBest(group);
    if (!isForeign(best.analysis.lang, uiLang) || !titleOf(best)) continue;
    requests.push({ itemId: best.id, source: best.analysis.lang, title: titleOf(best), summary: summaryOf(best) });
  }
  return requests;
}

function groupByStory(items: readonly ViewItem[], limit?: number): ViewItem[][] {
  const groups = new Map<string, ViewItem[]>();
  for (const item of items) {
    const group = groups.get(item.analysis.story);
    if (group) group.push(item);
    else if (limit === undefined || groups.size < limit) groups.set(item.analysis.story, [item]);
  }
  return [...groups.values()];
}

function titleOf(best: ViewItem): string {
  return cut(best.title.trim() || best.analysis.summary[0] || leadOf(best) || '', MAX_TITLE);
}

function summaryOf(best: ViewItem): string[] {
  return best.analysis.summary.slice(0, 3).map((s) => cut(s, MAX_SENTENCE));
}

function storyView(id: string, group: ViewItem[], options: StoryViewOptions): StoryView {
  const best = pickBest(group);
  const lang = best.analysis.lang;
  const topics = mergeTopics(group, best).map((slug) => ({ slug, name: topicName(options.taxonomy, slug, options.uiLang) }));
  // A feed's date is preferred to one read from a text, then the newest.
  const newestDated = group
    .filter((i) => i.published)
    .sort((a, b) => Number(dateSource(a) === 'text') - Number(dateSource(b) === 'text') || b.published!.getTime() - a.published!.getTime())[0];
  const source = newestDated ? dateSource(newestDated) : null;
  const alsoIn = [...new Set(group.map((i) => i.analysis.lang))]
    .filter((l) => l !== lang && l !== 'und' && /^[a-z]{2,3}$/.test(l))
    .map((l) => l.toUpperCase())
    .sort();
  const actions: ReplyAction[] = [];
  const mainTopic = topics[0]?.slug;
  if (mainTopic && mainTopic.length <= MAX_ACTION_VALUE) {
    actions.push({ id: ACTION.subscribeTopic, label: actionLabel(options.uiLang, ACTION.subscribeTopic), value: mainTopic });
  }
  if (id.length <= MAX_ACTION_VALUE) {
    actions.push({ id: ACTION.muteStory, label: actionLabel(options.uiLang, ACTION.muteStory), value: id });
    actions.push({ id: ACTION.moreLikeThis, label: actionLabel(options.uiLang, ACTION.moreLikeThis), value: id });
    actions.push({ id: ACTION.whyStory, label: actionLabel(options.uiLang, ACTION.whyStory), value: id });
  }
  for (const entity of mainEntities(group, options.entityNames)) {
    actions.push({ id: ACTION.followEntity, label: t(options.uiLang, 'action.followEntity', { name: entity.name(options.uiLang) }), value: entity.id });
  }
  return {
    id,
    title: titleOf(best) || id,
    summary: summaryOf(best),
    lang,
    dir: RTL_LANGS.has(lang) ? 'rtl' : 'ltr',
    topics,
    sources: storySources(best, group, options.uiLang),
    alsoIn,
    published: newestDated ? newestDated.published!.toISOString() : null,
    ...(isForeign(lang, options.uiLang)
      ? { facts: keyFactsLine(keyFactsOf(best, topics.map((tp) => tp.name), options.uiLang, options.entityNames ?? NO_ENTITY_NAMES), options.uiLang) }
      : {}),
    dateSource: source,
    dateNote: source === 'feed' ? null : t(options.uiLang, source === 'text' ? 'story.dateFromText' : 'story.undated'),
    ...translationOf(best, id, options, actions),
    actions,
  };
}

/** Buttons offer to follow at most this many of a story's entities. */
const FOLLOW_BUTTONS = 2;

/**
 * The story's main entities that the gazetteer knows (organisations, people, initiatives: places are
 * too broad to follow), most items naming them first, then first mentioned. None without a gazetteer.
 */
function mainEntities(group: ViewItem[], entityNames: EntityNames | undefined): { id: string; name: (lang: string) => string }[] {
  if (!entityNames) return [];
  const counts = new Map<string, number>();
  for (const item of group) {
    for (const id of new Set(item.analysis.entities.filter((e) => e.type !== 'place' && e.type !== 'unknown').map((e) => e.id))) {
      if (id.length <= MAX_ACTION_VALUE && entityNames.nameOf(id, 'en') !== null) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, FOLLOW_BUTTONS)
    .map(([id]) => ({ id, name: (lang: string) => entityNames.nameOf(id, lang) ?? id }));
}

/** The machine translation of the shown item, with its mark, and a "Show original" button. */
function translationOf(best: ViewItem, id: string, options: StoryViewOptions, actions: ReplyAction[]): Pick<StoryView, 'translation'> {
  const translated = options.translations?.get(best.id);
  if (!translated || !isForeign(best.analysis.lang, options.uiLang)) return {};
  if (id.length <= MAX_ACTION_VALUE) actions.push({ id: ACTION.showOriginal, label: actionLabel(options.uiLang, ACTION.showOriginal), value: id });
  const mark = t(options.uiLang, translated.demo ? 'translation.demoMark' : 'translation.mark', { provider: translated.provider });
  return { translation: { title: cut(translated.title, MAX_TITLE), summary: translated.summary.map((s) => cut(s, MAX_SENTENCE)), mark } };
}

/** An item the reader may not read: its language is known and is not the channel's. */
export function isForeign(itemLang: string, uiLang: string): boolean {
  return itemLang !== 'und' && itemLang !== uiLang;
}

/** The item that speaks for the story: the most complete one, then the earliest (the original report). */
function pickBest(group: ViewItem[]): ViewItem {
  const completeness = (i: ViewItem) => (i.analysis.summary.length > 0 ? 4 : 0) + (i.title.trim() ? 2 : 0) + (i.url ? 1 : 0);
  return [...group].sort((a, b) => completeness(b) - completeness(a) || itemTime(a).getTime() - itemTime(b).getTime() || (a.id < b.id ? -1 : 1))[0]!;
}

/** Topic slugs of the story, the best item's main topic first, then by highest score. */
function mergeTopics(group: ViewItem[], best: ViewItem): string[] {
  const scores = new Map<string, number>();
  for (const item of group) {
    for (const topic of item.analysis.topics) scores.set(topic.slug, Math.max(scores.get(topic.slug) ?? 0, topic.score));
  }
  const main = best.analysis.topics[0]?.slug;
  return [...scores.entries()]
    .sort((a, b) => Number(b[0] === main) - Number(a[0] === main) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([slug]) => slug);
}

/** One entry per source (the best item's first), each linking to its item when it has a web URL. */
function storySources(best: ViewItem, group: ViewItem[], uiLang: string): StoryView['sources'] {
  const ordered = [best, ...group.filter((i) => i !== best).sort((a, b) => itemTime(a).getTime() - itemTime(b).getTime())];
  const seen = new Set<string>();
  const sources: StoryView['sources'] = [];
  for (const item of ordered) {
    const url = webUrl(item.url);
    const name = sourceName(item.sourceId, url, item.sourceName ?? null, uiLang);
    const key = `${name}\u0000${url ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    sources.push({ name, url });
  }
  return sources;
}

/**
 * A source's display name: the name the store keeps for it (an operator's `--source-name`, a feed's
 * title), else the host of the item's link, else a readable form of its id (a feed's host, a file's
 * name), never a content hash.
 */
export function sourceName(sourceId: string, url: string | null, known: string | null = null, uiLang = 'en'): string {
  const name = known?.replace(/\s+/g, ' ').trim();
  if (name) return name;
  if (url) {
    try {
      return new URL(url).hostname.replace(/^www\./, '');
    } catch {
      // fall through to the id
    }
  }
  return readableSourceId(sourceId, uiLang);
}

/** `feed:<host>:<hash>` -> host; `file:<name>` -> name, unless the name is mostly a hash. */
function readableSourceId(sourceId: string, uiLang: string): string {
  const feed = /^feed:([^:]+):[0-9a-f]{8}$/.exec(sourceId);
  if (feed) return feed[1]!;
  const file = /^file:(.+)$/.exec(sourceId);
  if (!file) return sourceId;
  return /[0-9a-f]{12,}/i.test(file[1]!) ? t(uiLang, 'story.unnamedFile') : file[1]!;
}

/**
 * The URL when it is an absolute http(s) URL without credentials, else null (renderers only ever link
 * those). Characters that mean something in Markdown, Slack or Teams markup are percent-encoded.
 */
export function webUrl(url: string | null | undefined): string | null {
  if (!url || url.length > 4096) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) return null;
  const tail = `${parsed.pathname}${parsed.search}${parsed.hash}`.replace(
    /[@()<>[\]|!*_~`'"\\ {}]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `${parsed.protocol}//${parsed.host}${tail}`;
}

/** A topic's name in `lang`, else English, else its slug. */
export function topicName(taxonomy: TopicNameSource, slug: string, lang: string): string {
  const topic = taxonomy.topics.find((tp) => tp.slug === slug);
  return topic?.names[lang] ?? topic?.names.en ?? slug;
}

function cut(text: string, max: number): string {
  const chars = Array.from(text.trim());
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}
