import { languageName } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';
import { describeUiLanguages, resolveUiLanguage } from '../i18n/ui-language.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import type { CommandContext } from './command-context.js';
import { commandErrorReply, confirmReply } from './command-replies.js';

/**
 * `language` shows the channel's reading language; `language <code>` sets it (stored with the
 * channel's other settings) and answers in the new language. Acts on ctx.origin.channelId only.
 */
export async function languageCommand(ctx: CommandContext, input: string | null): Promise<ReplyDocument> {
  const available = t(ctx.lang, 'language.available', { languages: describeUiLanguages() });
  if (input === null) {
    return confirmReply(t(ctx.lang, 'language.current', { language: languageName(ctx.lang, ctx.lang), code: ctx.lang }), [available]);
  }
  const lang = resolveUiLanguage(input, ctx.lang);
  if (!lang) {
    return commandErrorReply(
      { code: 'unknown_language', command: 'language', message: { key: 'error.unknownLanguage', params: { code: input } }, candidates: [] },
      ctx.lang,
      [available],
    );
  }
  if (lang !== ctx.channel.uiLang) await ctx.deps.store.channels.update(ctx.origin.channelId, { uiLang: lang }, ctx.now);
  const text = t(lang, 'language.set', { language: languageName(lang, lang), code: lang });
  return { ...confirmReply(text, [t(lang, 'language.available', { languages: describeUiLanguages() })]), lang };
}
