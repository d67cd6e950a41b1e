import { sortTime, type ViewItem } from '../items/item.js';
import type { RankedStory } from './rank-stories.js';

export interface FollowedSelection {
  /** Display labels of the follows that matched a chosen story, in the channel's follow order. */
  labels: string[];
  stories: RankedStory[];
  /** Matching stories left out (over the limit). */
  more: number;
}

export interface FollowedOptions {
  exclude: ReadonlySet<string>;
  max: number;
  now: Date;
  /** A frozen digest's stories: take exactly those that match a follow. */
  chosen?: readonly string[];
}

const DAY = 86_400_000;

/**
 * The digest's "Following" section: stories with an item that a follow matched (`matched` holds,
 * per item id, the labels of the follows that matched it). Ranked like topic stories: distinct
 * sources, then recency in whole days, then newest, then id.
 */
export function selectFollowed(items: readonly ViewItem[], matched: ReadonlyMap<string, readonly string[]>, labelOrder: readonly string[], options: FollowedOptions): FollowedSelection {
  const byStory = new Map<string, ViewItem[]>();
  for (const item of items) {
    const id = item.analysis.story;
    if (options.exclude.has(id)) continue;
    const group = byStory.get(id) ?? [];
    if (!group.some((g) => g.id === item.id)) group.push(item);
    byStory.set(id, group);
  }
  const stories: (RankedStory & { labels: string[] })[] = [...byStory].map(([id, group]) => ({
    id,
    topic: '',
    items: group,
    sources: new Set(group.map((i) => i.sourceId)).size,
    newest: new Date(Math.max(...group.map((i) => sortTime(i).getTime()))),
    topicScore: 0,
    labels: [...new Set(group.flatMap((i) => matched.get(i.id) ?? []))],
  }));
  const nowMs = options.now.getTime();
  const daysAgo = (s: RankedStory) => Math.max(0, Math.floor((nowMs - s.newest.getTime()) / DAY));
  stories.sort(
    (a, b) => b.sources - a.sources || daysAgo(a) - daysAgo(b) || b.newest.getTime() - a.newest.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const forced = options.chosen ? new Set(options.chosen) : null;
  const picked = forced ? stories.filter((s) => forced.has(s.id)) : stories.slice(0, options.max);
  const seen = new Set(picked.flatMap((s) => s.labels));
  return {
    labels: labelOrder.filter((label) => seen.has(label)),
    stories: picked.map(({ labels: _labels, ...story }) => story),
    more: stories.length - picked.length,
  };
}
