import type { ReplyDocument } from '../replies/reply-document.js';
import { t } from '../i18n/t.js';
import { catalogEntry, COMMAND_CATALOG, commandDescription } from './command-catalog.js';
import type { CommandName } from './command.js';

/** `help`: every command of the catalog, one line each. */
export function helpReply(lang: string): ReplyDocument {
  const lines = COMMAND_CATALOG.map((entry) => `${entry.usage}: ${commandDescription(entry.name, lang)}`);
  return {
    visibility: 'private',
    fallbackText: t(lang, 'help.header'),
    blocks: [
      { type: 'header', text: t(lang, 'help.header'), own: true },
      { type: 'text', text: lines.join('\n'), own: true },
      { type: 'context', items: [t(lang, 'help.footer')], own: true },
    ],
  };
}

/** `help <command>`: usage, description, details and an example. */
export function commandHelpReply(name: CommandName, lang: string): ReplyDocument {
  const entry = catalogEntry(name);
  const usage = t(lang, 'help.usage', { usage: entry.usage });
  return {
    visibility: 'private',
    fallbackText: usage,
    blocks: [
      { type: 'header', text: usage, own: true },
      { type: 'text', text: `${commandDescription(name, lang)}.\n${t(lang, `help.detail.${name}`)}`, own: true },
      { type: 'context', items: [t(lang, 'help.example', { example: entry.example })], own: true },
    ],
  };
}

/** The usage line shown under an error about `name`. */
export function usageLine(name: CommandName | null, lang: string): string {
  return name ? t(lang, 'help.usage', { usage: catalogEntry(name).usage }) : t(lang, 'help.seeHelp');
}
