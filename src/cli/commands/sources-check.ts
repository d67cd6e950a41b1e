import type { CliContext } from '../cli-command.js';
import { feedProblemText, feedSummaryText } from '../../commands/feed-check-text.js';
import { AllowList } from '../../ingest/address-policy.js';
import { createFeedChecker, mainLanguage } from '../../ingest/check-feed.js';
import type { Item } from '../../items/item.js';

export type CliFeedCheck =
  | { ok: true; title: string | null; language: string | null; summary: string }
  | { ok: false; lines: string[] };

/**
 * `cyberpolicy sources add` checks the feed as the chat command does, with the analysis's language
 * detection: serve's own when the command runs inside serve, else a detector loaded for this one check.
 */
export async function checkFeedForCli(url: string, context: CliContext, options: { allow: string; maxBytes: number; now: Date }): Promise<CliFeedCheck> {
  const detectLanguage = await languageDetection(context);
  const check = await createFeedChecker({ allow: new AllowList(options.allow), maxBytes: options.maxBytes, detectLanguage })(url, options.now);
  const problem = feedProblemText('en', check);
  if (problem || check.kind !== 'feed') return { ok: false, lines: problem ?? [] };
  return { ok: true, title: check.title, language: mainLanguage(check), summary: feedSummaryText('en', check) };
}

async function languageDetection(context: CliContext): Promise<(item: Pick<Item, 'title' | 'content' | 'lang'>) => string> {
  if (context.owner) {
    const { analyzer } = await context.owner.core();
    if (analyzer.detectLanguage) return (item) => analyzer.detectLanguage!(item);
  }
  const [{ createLanguageDetector }, { detectItemLanguage }] = await Promise.all([import('../../analysis/detect-language.js'), import('../../analysis/create-analyzer.js')]);
  const detector = await createLanguageDetector();
  return (item) => detectItemLanguage(detector, item);
}
