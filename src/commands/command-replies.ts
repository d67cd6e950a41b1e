import type { ReplyDocument } from '../replies/reply-document.js';
import { joinOr } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import type { CommandError } from './command.js';
import { usageLine } from './help-text.js';

/** The reply to a refused command: what went wrong, "Did you mean …?", and the usage line that helps. */
export function commandErrorReply(error: CommandError, lang: string, extraLines: string[] = []): ReplyDocument {
  const message = t(lang, error.message.key, error.message.params);
  const lines = [message, ...extraLines];
  if (error.candidates && error.candidates.length > 0) {
    lines.push(t(lang, 'error.didYouMean', { candidates: joinOr(lang, error.candidates.slice(0, 3)) }));
  } else if (error.code === 'unknown_topic') {
    lines.push(t(lang, 'error.seeTopics'));
  }
  return errorReply(lines.join('\n'), usageLine(error.command, lang));
}

export function errorReply(text: string, context?: string): ReplyDocument {
  return {
    visibility: 'private',
    fallbackText: text.split('\n')[0]!,
    isError: true,
    blocks: [{ type: 'text', text }, ...(context ? [{ type: 'context' as const, items: [context] }] : [])],
  };
}

/** A private one-paragraph confirmation, with optional context lines. */
export function confirmReply(text: string, context: string[] = []): ReplyDocument {
  return {
    visibility: 'private',
    fallbackText: text.split('\n')[0]!,
    blocks: [{ type: 'text', text }, ...(context.length > 0 ? [{ type: 'context' as const, items: context }] : [])],
  };
}
