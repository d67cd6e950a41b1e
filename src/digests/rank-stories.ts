import { sortTime, type ViewItem } from '../items/item.js';
import type { FollowedSelection } from './followed-stories.js';

export interface RankOptions {
  /** The channel's topics, in its own order (ties go to the earlier one). */
  topics: readonly string[];
  /** Stories never to include: already sent to the channel, or muted there. */
  exclude: ReadonlySet<string>;
  maxStories: number;
  perTopic: number;
  now: Date;
  /** Take exactly these stories (a frozen digest being re-sent); the rest count as "more". */
  chosen?: readonly string[];
}

export interface RankedStory {
  id: string;
  /** The channel topic it is filed under. */
  topic: string;
  items: ViewItem[];
  sources: number;
  newest: Date;
  topicScore: number;
}

export interface DigestSelection {
  /** Topic groups, best group first; each holds its stories best first and how many more it had. */
  groups: { topic: string; stories: RankedStory[]; more: number }[];
  /** Story ids in the digest, in display order. */
  storyIds: string[];
  more: number;
  /** Stories matching the channel's follows, shown under their own heading before the topics (never again under a topic). */
  followed?: FollowedSelection;
}

const DAY = 86_400_000;

/**
 * Group items into stories and pick a digest's worth. A story ranks by number of distinct sources,
 * then by recency (in whole days, so a day-old story with more coverage beats a fresher single
 * report), then by its best score on the channel's topic, then newest time and id (deterministic).
 * Each story is filed under the channel topic it scores best on; at most `perTopic` per topic and
 * `maxStories` in all; the rest are counted per topic as "more".
 */
export function selectStories(items: readonly ViewItem[], options: RankOptions): DigestSelection {
  const byStory = new Map<string, ViewItem[]>();
  for (const item of items) {
    const id = item.analysis.story;
    if (options.exclude.has(id)) continue;
    const group = byStory.get(id);
    if (group) {
      if (!group.some((g) => g.id === item.id)) group.push(item);
    } else byStory.set(id, [item]);
  }
  const stories: RankedStory[] = [];
  for (const [id, group] of byStory) {
    const filed = fileUnder(group, options.topics);
    if (!filed) continue;
    stories.push({
      id,
      topic: filed.topic,
      items: group,
      sources: new Set(group.map((i) => i.sourceId)).size,
      newest: new Date(Math.max(...group.map((i) => sortTime(i).getTime()))),
      topicScore: filed.score,
    });
  }
  const nowMs = options.now.getTime();
  const daysAgo = (s: RankedStory) => Math.max(0, Math.floor((nowMs - s.newest.getTime()) / DAY));
  stories.sort(
    (a, b) =>
      b.sources - a.sources ||
      daysAgo(a) - daysAgo(b) ||
      b.topicScore - a.topicScore ||
      b.newest.getTime() - a.newest.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const perTopicCount = new Map<string, number>();
  const picked: RankedStory[] = [];
  const rest: RankedStory[] = [];
  const forced = options.chosen ? new Set(options.chosen) : null;
  for (const story of stories) {
    const count = perTopicCount.get(story.topic) ?? 0;
    const fits = forced ? forced.has(story.id) : picked.length < options.maxStories && count < options.perTopic;
    if (fits) {
      picked.push(story);
      perTopicCount.set(story.topic, count + 1);
    } else rest.push(story);
  }

  // Groups in the order of their best story; "more" counts per topic.
  const groups: DigestSelection['groups'] = [];
  for (const story of picked) {
    let group = groups.find((g) => g.topic === story.topic);
    if (!group) groups.push((group = { topic: story.topic, stories: [], more: 0 }));
    group.stories.push(story);
  }
  for (const story of rest) {
    let group = groups.find((g) => g.topic === story.topic);
    if (!group) groups.push((group = { topic: story.topic, stories: [], more: 0 }));
    group.more++;
  }
  return { groups, storyIds: groups.flatMap((g) => g.stories.map((s) => s.id)), more: rest.length };
}

/** The channel topic a story scores best on (ties: the channel's earlier topic), or null if none. */
function fileUnder(group: ViewItem[], topics: readonly string[]): { topic: string; score: number } | null {
  let best: { topic: string; score: number } | null = null;
  for (const topic of topics) {
    let score = -Infinity;
    for (const item of group) {
      for (const t of item.analysis.topics) if (t.slug === topic) score = Math.max(score, t.score);
    }
    if (score > -Infinity && (!best || score > best.score)) best = { topic, score };
  }
  return best;
}
