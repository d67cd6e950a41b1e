import type { FeedCheck } from '../ingest/check-feed.js';
import { formatBytes } from '../ingest/safe-fetch.js';
import { formatDate, formatNumber, languageName } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';

type FeedFound = Extract<FeedCheck, { kind: 'feed' }>;

/**
 * What a feed check found, in the channel's language: one line naming the feed's title, item count,
 * languages and newest item date. Used by the chat command and the CLI alike (the CLI in English).
 */
export function feedSummaryText(lang: string, check: FeedFound): string {
  const languages =
    check.languages.length === 0
      ? t(lang, 'sources.check.noLanguages')
      : check.languages.map((l) => `${l.lang === 'und' ? t(lang, 'sources.check.undetermined') : languageName(lang, l.lang)} (${formatNumber(lang, l.items)})`).join(', ');
  return t(lang, 'sources.check.summary', {
    title: check.title ?? t(lang, 'sources.check.untitled'),
    count: formatNumber(lang, check.items),
    languages,
    newest: check.newest ? formatDate(lang, check.newest) : t(lang, 'sources.check.noDates'),
  });
}

/** Why a checked URL was not added, with the feed to add instead when the page links to one. Null for a feed. */
export function feedProblemText(lang: string, check: FeedCheck): string[] | null {
  const { url } = check;
  switch (check.kind) {
    case 'feed':
      return null;
    case 'html': {
      const lines = [t(lang, 'sources.check.html', { url })];
      const [first, ...others] = check.feedLinks;
      if (!first) lines.push(t(lang, 'sources.check.htmlNoLink'));
      else {
        lines.push(t(lang, 'sources.check.htmlLink', { feed: first.url }));
        for (const other of others.slice(0, 4)) lines.push(t(lang, 'sources.check.htmlOtherLink', { feed: other.url }));
      }
      return lines;
    }
    case 'not-a-feed':
      return [t(lang, 'sources.check.notFeed', { url, reason: check.reason })];
    case 'http-status':
      return [t(lang, check.status === 404 || check.status === 410 ? 'sources.check.notFound' : 'sources.check.httpStatus', { url, status: String(check.status) })];
    case 'too-large':
      return [t(lang, 'sources.check.tooLarge', { url, limit: formatBytes(check.maxBytes) })];
    case 'refused':
      return [t(lang, 'error.sourceRefused', { url, reason: check.reason })];
    case 'unreachable':
      return [t(lang, 'sources.check.unreachable', { url, reason: check.reason })];
  }
}
