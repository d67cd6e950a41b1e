import { COMMAND_CATALOG, type CommandCatalogEntry } from '../../src/commands/command-catalog.js';

export const MANIFEST_SCHEMA_URL = 'https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json';
export const MANIFEST_VERSION = '1.22';

export interface ManifestOptions {
  /** The Azure Bot's Microsoft App ID; also used as the Teams app id. */
  botId: string;
  /** The app's version (semver), bumped for each upload to Teams. */
  version: string;
  /** Where the bot's home page, privacy notice and terms live (https). */
  websiteUrl?: string;
}

/** The command as Teams lists it: the word a user types (a real topic stands in for "<topic>"). */
export function commandTitle(entry: CommandCatalogEntry): string {
  return entry.name === 'topic' ? entry.example.split(' ')[0]! : entry.name;
}

/** Teams lists at most this many commands per list. */
export const MAX_MANIFEST_COMMANDS = 10;

/** The catalog entries Teams lists: all of them, leaving out admin-only ones first when there are more than 10. */
export function listedCommands(catalog: readonly CommandCatalogEntry[] = COMMAND_CATALOG): CommandCatalogEntry[] {
  let entries = [...catalog];
  for (let i = entries.length - 1; entries.length > MAX_MANIFEST_COMMANDS && i >= 0; i--) if (entries[i]!.adminOnly) entries.splice(i, 1);
  return entries.slice(0, MAX_MANIFEST_COMMANDS);
}

/** Teams shows at most 10 commands per list, title <= 32 and description <= 128 characters. */
export function manifestCommands(catalog: readonly CommandCatalogEntry[] = COMMAND_CATALOG): { title: string; description: string }[] {
  return listedCommands(catalog).map((entry) => ({
    title: commandTitle(entry).slice(0, 32),
    description: (entry.name === 'topic' ? `<topic>: ${entry.description}` : entry.description).slice(0, 128),
  }));
}

/** manifest.json for the Teams app package (schema 1.22): one bot, usable in personal chat, teams and group chats. */
export function buildManifest(options: ManifestOptions): Record<string, unknown> {
  const website = options.websiteUrl ?? 'https://github.com/cyberpolicy/cyberpolicy';
  const commands = manifestCommands();
  return {
    $schema: MANIFEST_SCHEMA_URL,
    manifestVersion: MANIFEST_VERSION,
    version: options.version,
    id: options.botId,
    developer: {
      name: 'cyberpolicy',
      websiteUrl: website,
      privacyUrl: `${website}#privacy`,
      termsOfUseUrl: `${website}#terms`,
    },
    name: { short: 'cyberpolicy', full: 'cyberpolicy: cyber-policy news digests' },
    description: {
      short: 'Multilingual cyber-policy news, summarised into channel digests.',
      full:
        'cyberpolicy follows cyber-policy news in many languages and scripts (Paris Call, ransomware, sanctions, norms, data protection) and posts ' +
        'short digests into your channels on a schedule you choose. Mention it with a topic to see the newest stories, subscribe a channel to ' +
        'topics, and search across languages. Type "help" to see every command.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#1F4E79',
    bots: [
      {
        botId: options.botId,
        scopes: ['personal', 'team', 'groupChat'],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [
          { scopes: ['personal'], commands },
          { scopes: ['team', 'groupChat'], commands },
        ],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [],
    // Resource-specific consent: a team owner adding the app lets it read that team's channel messages,
    // so a digest whose post outcome is unknown (crash, lost answer) is looked up instead of re-sent
    // (adapters/teams/README.md, "Why the app reads channel messages"). Without it: at most one duplicate.
    webApplicationInfo: { id: options.botId, resource: `api://cyberpolicy/${options.botId}` },
    authorization: { permissions: { resourceSpecific: [{ name: 'ChannelMessage.Read.Group', type: 'Application' }] } },
  };
}
