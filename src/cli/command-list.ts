import type { CliCommand } from './cli-command.js';

/** A command as `--help` lists it; its module (and what that imports) loads only when the command runs. */
export interface LazyCliCommand {
  name: string;
  summary: string;
  /** Opens the store: while `serve` owns an embedded store, the command runs inside it (src/cli/owner-endpoint.ts). */
  opensStore?: boolean;
  load(): Promise<CliCommand>;
}

/** Every core CLI command, in help order. Adapters add theirs through PlatformPlugin.cliCommands. */
export const coreCommands: LazyCliCommand[] = [
  { name: 'status', opensStore: true, summary: 'Counts of items, sources, channels and pending deliveries', load: async () => (await import('./commands/status.js')).statusCommand },
  { name: 'ingest', opensStore: true, summary: 'Import feeds, JSON Lines and text files (or the bundled samples) into the store', load: async () => (await import('./commands/ingest.js')).ingestCommand },
  { name: 'analyze', summary: 'Parse and analyse inputs without storing them (one JSON object per item with --json)', load: async () => (await import('./commands/analyze.js')).analyzeCommand },
  { name: 'sources', opensStore: true, summary: 'List, add (checking the feed), remove, import or export (OPML) the feeds that `serve` polls; `sources catalog` lists real feeds to add', load: async () => (await import('./commands/sources.js')).sourcesCommand },
  { name: 'deliveries', opensStore: true, summary: 'Digest deliveries, newest first; --failed shows failed and dead ones and why their channel was disabled', load: async () => (await import('./commands/deliveries.js')).deliveriesCommand },
  { name: 'serve', summary: 'Run the bot: HTTP endpoints (Slack, Teams, playground, /healthz, /metrics), feed polling and scheduled digests', load: async () => (await import('./commands/serve.js')).serveCommand },
  { name: 'ask', opensStore: true, summary: 'Run a chat command (e.g. "subscribe paris-call") for a channel and print the reply', load: async () => (await import('./commands/ask.js')).askCommand },
  { name: 'backup', opensStore: true, summary: 'Write a consistent, portable copy of the whole store to a file (also while serve runs)', load: async () => (await import('./commands/backup.js')).backupCommand },
  { name: 'restore', opensStore: true, summary: 'Load a backup into an empty store (with DATABASE_URL: the move to PostgreSQL)', load: async () => (await import('./commands/restore.js')).restoreCommand },
  { name: 'topics', summary: 'List the topics you can follow: slug, English name and some local names', load: async () => (await import('./commands/topics.js')).topicsCommand },
];
