import type { ReplyDocument } from '../replies/reply-document.js';
import { t } from '../i18n/t.js';
import type { CommandContext } from './command-context.js';

/** Local names shown next to the UI-language name, so people see what else they can type. */
const SHOWN_LANGS = ['fr', 'de', 'es', 'ru', 'ar', 'zh'];

/** `topics`: every topic with its slug, its name, a few local names, and whether this channel follows it. */
export function listTopics(ctx: CommandContext): ReplyDocument {
  const followed = new Set(ctx.channel.topics);
  const lines = ctx.deps.taxonomy.topics.map((topic) => {
    const name = topic.names[ctx.lang] ?? topic.names.en!;
    const others = [...new Set(SHOWN_LANGS.filter((l) => l !== ctx.lang).map((l) => topic.names[l]).filter((n): n is string => !!n && n !== name))].slice(0, 3);
    const mark = followed.has(topic.slug) ? ` ${t(ctx.lang, 'topics.subscribed')}` : '';
    return `${topic.slug}: ${name}${others.length > 0 ? ` (${others.join(' / ')})` : ''}${mark}`;
  });
  return {
    visibility: 'private',
    fallbackText: t(ctx.lang, 'topics.header'),
    blocks: [
      { type: 'header', text: t(ctx.lang, 'topics.header') },
      { type: 'text', text: lines.join('\n') },
      { type: 'context', items: [t(ctx.lang, 'topics.context')] },
    ],
  };
}
