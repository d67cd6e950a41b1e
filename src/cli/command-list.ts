import type { CliCommand } from './cli-command.js';
import { statusCommand } from './commands/status.js';
import { ingestCommand } from './commands/ingest.js';
import { analyzeCommand } from './commands/analyze.js';
import { sourcesCommand } from './commands/sources.js';
import { deliveriesCommand } from './commands/deliveries.js';
import { serveCommand } from './commands/serve.js';
import { askCommand } from './commands/ask.js';
import { topicsCommand } from './commands/topics.js';

/** Every core CLI command, in help order. Adapters add theirs through PlatformPlugin.cliCommands. */
export const coreCommands: CliCommand[] = [statusCommand, ingestCommand, analyzeCommand, sourcesCommand, deliveriesCommand, serveCommand, askCommand, topicsCommand];
