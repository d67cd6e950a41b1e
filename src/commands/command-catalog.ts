import type { CommandName } from './command.js';

export interface CommandCatalogEntry {
  /** Stable name (`help <name>`); 'topic' stands for any topic word, not a keyword. */
  name: CommandName;
  /** What to type, after `/cyberpolicy` on Slack or the bot mention on Teams. */
  usage: string;
  /** One line, at most 128 characters (Teams commandLists limit). */
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
export const COMMAND_CATALOG: readonly CommandCatalogEntry[] = [
  {
    name: 'topic',
    usage: '<topic> [90d | since YYYY-MM-DD]',
    description: 'Newest stories on a topic (5, newest first), optionally only the last N days or since a date',
    example: 'paris-call 90d',
  },
  {
    name: 'search',
    usage: 'search <words>',
    description: 'Search stories in every language and script, by words or by names of organisations and people',
    example: 'search Kaspersky',
  },
  {
    name: 'subscribe',
    usage: 'subscribe <topic>...',
    description: "Add topics to this channel's digest",
    example: 'subscribe paris-call ransomware',
  },
  {
    name: 'unsubscribe',
    usage: 'unsubscribe <topic>... | all',
    description: "Remove topics (or all of them) from this channel's digest",
    example: 'unsubscribe paris-call',
  },
  {
    name: 'list',
    usage: 'list',
    description: "Show this channel's topics, digest schedule and settings",
    example: 'list',
  },
  {
    name: 'topics',
    usage: 'topics',
    description: 'List every topic you can follow, with its names',
    example: 'topics',
  },
  {
    name: 'digest',
    usage: 'digest [post]',
    description: 'Preview the next digest (only you see it), or post it to the channel now',
    example: 'digest',
  },
  {
    name: 'schedule',
    usage: 'schedule weekly <day> <HH:MM> [zone] | daily <HH:MM> [zone] | off',
    description: "Set when this channel's digest is posted, in an IANA time zone",
    example: 'schedule weekly mon 09:00 Europe/Vilnius',
  },
  {
    name: 'sources',
    usage: 'sources [add <url> | remove <url>]',
    description: 'List, add or remove news feeds (admins only)',
    example: 'sources add https://example.org/feed.xml',
    adminOnly: true,
  },
  {
    name: 'help',
    usage: 'help [command]',
    description: 'Show the commands, or the details of one',
    example: 'help schedule',
  },
];

export function catalogEntry(name: CommandName): CommandCatalogEntry {
  return COMMAND_CATALOG.find((entry) => entry.name === name)!;
}

/** Keywords the parser recognises as commands (every entry but the topic form). */
export const COMMAND_KEYWORDS: readonly string[] = COMMAND_CATALOG.filter((e) => e.name !== 'topic').map((e) => e.name);
