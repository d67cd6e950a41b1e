import { t } from '../i18n/t.js';
import type { CommandName } from './command.js';

export interface CommandCatalogEntry {
  /** Stable name (`help <name>`); 'topic' stands for any topic word, not a keyword. */
  name: CommandName;
  /** What to type, after `/cyberpolicy` on Slack or the bot mention on Teams. */
  usage: string;
  /** One line in English, at most 128 characters (Teams commandLists limit); `command.<name>` in digests/strings/. */
  description: string;
  /** A complete example that works on the sample data. */
  example: string;
  /** Only workspace admins (or CYBERPOLICY_ADMINS) may run it. */
  adminOnly?: boolean;
}

/**
 * THE list of chat commands. The parser, `help`, the Slack manifest usage hint and the Teams
 * commandLists are all checked against it, so a command is added here first.
 */
const ENTRIES: readonly Omit<CommandCatalogEntry, 'description'>[] = [
  {
    name: 'topic',
    usage: '<topic> [90d | since YYYY-MM-DD]',
    example: 'paris-call 90d',
  },
  {
    name: 'search',
    usage: 'search <words>',
    example: 'search Kaspersky',
  },
  {
    name: 'subscribe',
    usage: 'subscribe <topic>...',
    example: 'subscribe paris-call ransomware',
  },
  {
    name: 'unsubscribe',
    usage: 'unsubscribe <topic>... | all',
    example: 'unsubscribe paris-call',
  },
  {
    name: 'list',
    usage: 'list',
    example: 'list',
  },
  {
    name: 'topics',
    usage: 'topics',
    example: 'topics',
  },
  {
    name: 'digest',
    usage: 'digest [post]',
    example: 'digest',
  },
  {
    name: 'schedule',
    usage: 'schedule weekly <day> <HH:MM> [zone] | daily <HH:MM> [zone] | off',
    example: 'schedule weekly mon 09:00 Europe/Vilnius',
  },
  {
    name: 'sources',
    usage: 'sources [add <url> | remove <url> | catalog [lang | kind] | add catalog:<id> | add --catalog <kind | lang>]',
    example: 'sources add https://example.org/feed.xml',
    adminOnly: true,
  },
  {
    name: 'language',
    usage: 'language [code]',
    example: 'language fr',
  },
  {
    name: 'help',
    usage: 'help [command]',
    example: 'help schedule',
  },
  // After `help`: Teams lists the first 10 commands, and those stay the ones it listed before.
  {
    name: 'follow',
    usage: 'follow <name | "phrase">',
    example: 'follow Kaspersky',
  },
  {
    name: 'unfollow',
    usage: 'unfollow <name | "phrase">',
    example: 'unfollow Kaspersky',
  },
  {
    name: 'why',
    usage: 'why <story number | story id>',
    example: 'why 1',
  },
  {
    name: 'settings',
    usage: 'settings',
    example: 'settings',
  },
];

export const COMMAND_CATALOG: readonly CommandCatalogEntry[] = ENTRIES.map((entry) => ({ ...entry, description: commandDescription(entry.name) }));

/** What a command does, in `lang` (the Teams manifest and the Slack usage hint use English). */
export function commandDescription(name: CommandName, lang = 'en'): string {
  return t(lang, `command.${name}`);
}

export function catalogEntry(name: CommandName): CommandCatalogEntry {
  return COMMAND_CATALOG.find((entry) => entry.name === name)!;
}

/** Keywords the parser recognises as commands (every entry but the topic form). */
export const COMMAND_KEYWORDS: readonly string[] = COMMAND_CATALOG.filter((e) => e.name !== 'topic').map((e) => e.name);
