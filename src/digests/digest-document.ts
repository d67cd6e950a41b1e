import type { Translated } from '../translate/translation-service.js';
import type { EntityNames } from '../i18n/entity-names.js';
import { TZDate } from '@date-fns/tz';
import type { ReplyBlock, ReplyDocument } from '../replies/reply-document.js';
import { buildStoryViews, topicName, type TopicNameSource } from '../replies/story-view.js';
import { formatDate } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import type { DigestSelection } from './rank-stories.js';

export interface DigestDocumentOptions {
  taxonomy: TopicNameSource;
  uiLang: string;
  timeZone: string;
  windowStart: Date;
  windowEnd: Date;
  visibility: ReplyDocument['visibility'];
  entityNames?: EntityNames;
  translations?: ReadonlyMap<string, Translated>;
}

/** YYYY-MM-DD of `date` in `timeZone` (falls back to UTC for an unknown zone). */
export function localDate(date: Date, timeZone: string): string {
  try {
    const d = TZDate.tz(timeZone, date);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

/**
 * The digest as a reply document: a header, then per topic its name, its story blocks and an
 * "and N more" line with the command that lists them (`<topic> since <date>`). Null when the
 * selection holds no story.
 */
export function digestDocument(selection: DigestSelection, options: DigestDocumentOptions): ReplyDocument | null {
  if (selection.storyIds.length === 0) return null;
  const { uiLang: lang, taxonomy } = options;
  const from = localDate(options.windowStart, options.timeZone);
    const blocks: ReplyBlock[] = [
    { type: 'header', text: t(lang, 'digest.header', { from: formatDate(lang, options.windowStart, options.timeZone), to: formatDate(lang, options.windowEnd, options.timeZone) }) },
  ];
  const names: string[] = [];
  const followed = selection.followed;
  if (followed && followed.stories.length > 0) {
    // What the channel follows comes first, each story once (the topic groups below leave these out).
    blocks.push({ type: 'text', text: t(lang, 'digest.follows', { names: followed.labels.join(', ') }) });
    names.push(...followed.labels);
    const views = buildStoryViews(followed.stories.flatMap((s) => s.items), { taxonomy, uiLang: lang, entityNames: options.entityNames, translations: options.translations });
    for (const view of views) blocks.push({ type: 'story', story: view });
    if (followed.more > 0) blocks.push({ type: 'context', items: [t(lang, 'digest.followsMore', { count: followed.more })] });
  }
  selection.groups.forEach((group, index) => {
    const name = topicName(taxonomy, group.topic, lang);
    if (group.stories.length === 0 && group.more === 0) return;
    if (index > 0 || blocks.length > 1) blocks.push({ type: 'divider' });
    blocks.push({ type: 'text', text: t(lang, 'digest.topic', { topic: name }) });
    if (group.stories.length > 0) names.push(name);
    const views = buildStoryViews(
      group.stories.flatMap((s) => s.items),
      { taxonomy, uiLang: lang, entityNames: options.entityNames, translations: options.translations },
    );
    for (const view of views) blocks.push({ type: 'story', story: view });
    if (group.more > 0) {
      blocks.push({ type: 'context', items: [t(lang, 'digest.more', { count: group.more, topic: name, command: `${group.topic} since ${from}` })] });
    }
  });
  return {
    visibility: options.visibility,
    lang,
    fallbackText: t(lang, selection.storyIds.length === 1 ? 'digest.fallbackOne' : 'digest.fallback', { count: selection.storyIds.length, topics: names.join(', ') }),
    blocks,
  };
}
