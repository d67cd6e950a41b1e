import { languageName } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import type { AnalyzedItem } from '../items/item.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import { topicName } from '../replies/story-view.js';
import type { CommandContext } from './command-context.js';
import { errorReply } from './command-replies.js';

/** Items of one story explained at most (the rest are counted). */
const MAX_ITEMS = 5;

/**
 * `why <n | story id>`: for each item of the story, which phrases (as written), key entities and
 * negative cues gave each topic its rule score, whether the learned model changed the rules' choice,
 * and what the items share that grouped them. `n` is the story's place in this channel's last listing.
 */
export async function whyCommand(ctx: CommandContext, target: string, lastListing: readonly string[] | undefined): Promise<ReplyDocument> {
  const storyId = /^\d{1,3}$/.test(target) ? lastListing?.[Number(target) - 1] : target;
  const items: AnalyzedItem[] = storyId ? await ctx.deps.store.items.find({ storyIds: [storyId], limit: 50 }) : [];
  if (items.length === 0) return errorReply(t(ctx.lang, 'why.unknown', { target }));
  const explain = ctx.deps.analyzer.explainTopics?.bind(ctx.deps.analyzer);
  const lines: string[] = [];
  let model = false;
  for (const item of items.slice(0, MAX_ITEMS)) {
    lines.push(t(ctx.lang, 'why.item', { lang: languageName(ctx.lang, item.analysis.lang), title: item.title }));
    const explanation = explain?.(item);
    if (!explanation) continue;
    model ||= explanation.model;
    for (const topic of explanation.topics) {
      const phrases = topic.hits.map((h) => (h.kind === 'keyEntity' ? (ctx.deps.entityNames?.nameOf(h.phrase, ctx.lang) ?? h.phrase) : `“${h.phrase}”`) + (h.kind === 'negative' ? ' (−)' : ''));
      lines.push(
        t(ctx.lang, 'why.topic', {
          topic: topicName(ctx.deps.taxonomy, topic.slug, ctx.lang),
          score: topic.score ?? '–',
          rule: topic.ruleScore ?? '–',
          phrases: phrases.length > 0 ? [...new Set(phrases)].join(', ') : t(ctx.lang, 'why.noRules'),
        }),
      );
    }
  }
  if (items.length > MAX_ITEMS) lines.push(t(ctx.lang, 'why.moreItems', { count: items.length - MAX_ITEMS }));
  if (model) lines.push(t(ctx.lang, 'why.model'));
  if (items.length > 1) lines.push(t(ctx.lang, 'why.grouped', { count: items.length, evidence: groupingEvidence(ctx, items) }));
  const header = t(ctx.lang, 'why.header', { title: items[0]!.title });
  return { visibility: 'private', fallbackText: header, blocks: [{ type: 'header', text: header }, { type: 'text', text: lines.join('\n') }] };
}

/** What at least two items of the story share: named entities, numbers, links. */
function groupingEvidence(ctx: CommandContext, items: AnalyzedItem[]): string {
  const shared = (values: (i: AnalyzedItem) => string[]) => {
    const counts = new Map<string, number>();
    for (const item of items) for (const v of new Set(values(item))) counts.set(v, (counts.get(v) ?? 0) + 1);
    return [...counts].filter(([, n]) => n >= 2).map(([v]) => v);
  };
  const entities = shared((i) => i.analysis.entities.filter((e) => !e.id.startsWith('x:')).map((e) => e.id)).map((id) => ctx.deps.entityNames?.nameOf(id, ctx.lang) ?? id);
  const numbers = shared((i) => i.analysis.fingerprint.numbers);
  const links = shared((i) => i.analysis.fingerprint.links);
  const parts = [...entities, ...numbers.map((n) => `№ ${n}`), ...links];
  return parts.length > 0 ? parts.slice(0, 8).join(', ') : t(ctx.lang, 'why.similarText');
}
