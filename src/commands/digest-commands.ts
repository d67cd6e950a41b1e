import type { ReplyDocument } from '../replies/reply-document.js';
import { formatNumber } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import type { CommandContext } from './command-context.js';
import { confirmReply } from './command-replies.js';

/** `digest`: what the channel's next digest would hold, shown only to the person who asked. */
export async function previewDigest(ctx: CommandContext): Promise<ReplyDocument> {
  const doc = await ctx.deps.digests.preview(ctx.origin.channelId, ctx.now);
  return { ...doc, visibility: 'private' };
}

/**
 * `digest post`: queue the digest for this channel now. The request id is per user and minute, so a
 * platform retrying the same slash command (or a double press) queues one digest, not two.
 */
export async function postDigest(ctx: CommandContext): Promise<ReplyDocument> {
  const minute = ctx.now.toISOString().slice(0, 16);
  const requestId = `command:${ctx.origin.channelId}:${ctx.origin.userId}:${minute}`;
  const result = await ctx.deps.digests.postNow(ctx.origin.channelId, ctx.now, requestId);
  if (result.stories === 0) return confirmReply(t(ctx.lang, 'digest.nothing'));
  if (!result.queued) return confirmReply(t(ctx.lang, 'digest.alreadyQueued'));
  // Say "posting now" only where a delivery worker runs for this store (serve with its scheduler on).
  const key = ctx.deps.deliveriesRun === false ? 'digest.queuedForServe' : 'digest.queued';
  return confirmReply(t(ctx.lang, key, { count: formatNumber(ctx.lang, result.stories) }));
}
