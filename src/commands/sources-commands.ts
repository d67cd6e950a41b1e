import { BlockedUrlError } from '../errors.js';
import { sourceIdForUrl } from '../ingest/source-id.js';
import { checkFeedUrl } from '../ingest/url-guard.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import { formatNumber } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import { isAdmin, type CommandContext } from './command-context.js';
import { confirmReply, errorReply } from './command-replies.js';
import { usageLine } from './help-text.js';

// Sources are shared by every channel of this deployment, so only admins may see or change them.

export async function listSources(ctx: CommandContext): Promise<ReplyDocument> {
  const refused = refuseNonAdmin(ctx);
  if (refused) return refused;
  const sources = await ctx.deps.store.sources.list();
  if (sources.length === 0) return confirmReply(t(ctx.lang, 'sources.none'));
  const lines = sources.slice(0, 100).map((s) =>
    t(ctx.lang, 'sources.line', { url: s.url, items: formatNumber(ctx.lang, s.itemCount), status: s.lastError ?? s.lastStatus ?? t(ctx.lang, 'sources.neverFetched') }),
  );
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

export async function addSource(ctx: CommandContext, url: string): Promise<ReplyDocument> {
  const refused = refuseNonAdmin(ctx);
  if (refused) return refused;
  try {
    await (ctx.deps.checkSourceUrl ?? defaultCheck)(url);
  } catch (err) {
    if (err instanceof BlockedUrlError) return errorReply(t(ctx.lang, 'error.sourceRefused', { url, reason: reasonOf(err) }), usageLine('sources', ctx.lang));
    throw err;
  }
  const added = await ctx.deps.store.sources.add({ id: sourceIdForUrl(url), url, addedBy: ctx.origin.userId, now: ctx.now });
  return confirmReply(t(ctx.lang, added ? 'sources.added' : 'sources.exists', { url }));
}

export async function removeSource(ctx: CommandContext, url: string): Promise<ReplyDocument> {
  const refused = refuseNonAdmin(ctx);
  if (refused) return refused;
  const removed = await ctx.deps.store.sources.remove(url);
  return removed ? confirmReply(t(ctx.lang, 'sources.removed', { url })) : errorReply(t(ctx.lang, 'sources.notFound', { url }));
}

function refuseNonAdmin(ctx: CommandContext): ReplyDocument | null {
  if (isAdmin(ctx)) return null;
  return errorReply(t(ctx.lang, 'error.notAdmin', { action: t(ctx.lang, 'admin.manageSources') }));
}

async function defaultCheck(url: string): Promise<void> {
  await checkFeedUrl(url);
}

/** The guard's reason without the URL it already starts with. */
function reasonOf(err: BlockedUrlError): string {
  const match = /\(([\s\S]*)\)$/.exec(err.userMessage);
  return match ? match[1]! : err.userMessage;
}
