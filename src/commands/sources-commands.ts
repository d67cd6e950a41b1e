import { errorMessage } from '../errors.js';
import { createFeedChecker, mainLanguage, type FeedCheck, type FeedChecker } from '../ingest/check-feed.js';
import { sourceIdForUrl } from '../ingest/source-id.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import { failingSince } from '../ingest/source-health.js';
import { formatDate, formatNumber } from '../i18n/intl-format.js';
import type { SourceRow } from '../store/source-repository.js';
import { t } from '../i18n/t.js';
import { isAdmin, type CommandContext } from './command-context.js';
import { confirmReply, errorReply } from './command-replies.js';
import { feedProblemText, feedSummaryText } from './feed-check-text.js';
import { usageLine } from './help-text.js';

// Sources are shared by every channel of this deployment, so only admins may see or change them.

export async function listSources(ctx: CommandContext): Promise<ReplyDocument> {
  const refused = refuseNonAdmin(ctx);
  if (refused) return refused;
  const sources = await ctx.deps.store.sources.list();
  if (sources.length === 0) return confirmReply(t(ctx.lang, 'sources.none'));
  const lines = sources.slice(0, 100).map((s) => t(ctx.lang, 'sources.line', { url: s.url, items: formatNumber(ctx.lang, s.itemCount), status: sourceStatus(ctx, s) }));
  return {
    visibility: 'private',
    fallbackText: t(ctx.lang, 'sources.header'),
    blocks: [
      { type: 'header', text: t(ctx.lang, 'sources.header') },
      { type: 'text', text: lines.join('\n') },
      { type: 'context', items: [t(ctx.lang, 'sources.count', { shown: formatNumber(ctx.lang, lines.length), total: formatNumber(ctx.lang, sources.length) })] },
    ],
  };
}

/**
 * Adds a feed after fetching it once: the answer names its title, item count, languages and newest date,
 * or says why it is not added (a web page, with the feed it links to; 404; too large; a refused address).
 * Nothing is stored unless the check finds a feed.
 */
export async function addSource(ctx: CommandContext, url: string): Promise<ReplyDocument> {
  const refused = refuseNonAdmin(ctx);
  if (refused) return refused;
  if (await ctx.deps.store.sources.get(url)) return confirmReply(t(ctx.lang, 'sources.exists', { url }));
  const checker = ctx.deps.checkFeed ?? defaultChecker(ctx);
  let check: FeedCheck;
  try {
    check = await checker(url, ctx.now);
  } catch (err) {
    // The checker answers every fetch and parse failure itself; anything else is still the feed's problem to report.
    ctx.deps.logger.warn({ url, err: errorMessage(err) }, 'feed check failed');
    check = { kind: 'unreachable', url, reason: errorMessage(err) };
  }
  const problem = feedProblemText(ctx.lang, check);
  if (problem || check.kind !== 'feed') return errorReply((problem ?? []).join('\n'), usageLine('sources', ctx.lang));
  const added = await ctx.deps.store.sources.add({ id: sourceIdForUrl(url), url, title: check.title, language: mainLanguage(check), addedBy: ctx.origin.userId, now: ctx.now });
  if (!added) return confirmReply(t(ctx.lang, 'sources.exists', { url }));
  return confirmReply(t(ctx.lang, 'sources.added', { url }), [feedSummaryText(ctx.lang, check)]);
}

export async function removeSource(ctx: CommandContext, url: string): Promise<ReplyDocument> {
  const refused = refuseNonAdmin(ctx);
  if (refused) return refused;
  const removed = await ctx.deps.store.sources.remove(url);
  return removed ? confirmReply(t(ctx.lang, 'sources.removed', { url })) : errorReply(t(ctx.lang, 'sources.notFound', { url }));
}

/** "failing since <date>: <error>" once fetches have failed for a day; else the last error or status. */
function sourceStatus(ctx: CommandContext, s: SourceRow): string {
  const since = failingSince(s, ctx.now);
  if (since) return t(ctx.lang, 'sources.failing', { date: formatDate(ctx.lang, since, ctx.channel.timeZone), error: s.lastError ?? s.lastStatus ?? '' });
  return s.lastError ?? s.lastStatus ?? t(ctx.lang, 'sources.neverFetched');
}

function refuseNonAdmin(ctx: CommandContext): ReplyDocument | null {
  if (isAdmin(ctx)) return null;
  return errorReply(t(ctx.lang, 'error.notAdmin', { action: t(ctx.lang, 'admin.manageSources') }));
}

/** The guarded fetch with no operator allow-list (create-core passes one built from FETCH_ALLOW). */
function defaultChecker(ctx: CommandContext): FeedChecker {
  const detect = ctx.deps.analyzer.detectLanguage?.bind(ctx.deps.analyzer);
  return createFeedChecker({ detectLanguage: (item) => detect?.(item) ?? item.lang ?? 'und' });
}
