import { loadEnv } from '../config.js';
import { createLogger } from '../logger.js';
import { errorMessage, InputError } from '../errors.js';
import type { PlatformPlugin } from '../server/platform-plugin.js';
import { EXIT_PARTIAL, EXIT_USAGE, UsageError, type CliCommand, type CliContext, type CliIo, type CommandOwner, type StartApp } from './cli-command.js';
import { coreCommands, type LazyCliCommand } from './command-list.js';

const VERSION = '0.1.0';

function helpText(commands: LazyCliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `cyberpolicy ${VERSION}: multilingual cyber-policy news digests for Slack and Microsoft Teams`,
    '',
    'Usage: cyberpolicy <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `cyberpolicy <command> --help` for a command\'s options. Environment variables: see README.md.',
  ].join('\n');
}

/** What the composition root (app/main.ts) hands the CLI. */
export interface CliWiring {
  plugins: PlatformPlugin[];
  startApp?: StartApp;
}

/**
 * Runs one CLI invocation and returns its exit code; never throws. `owner`: run inside `serve` for a
 * CLI process, on serve's store (src/cli/owner-endpoint.ts).
 */
export async function runCli(argv: string[], { plugins, startApp }: CliWiring, io: CliIo = processIo(), owner?: CommandOwner): Promise<number> {
  const pluginCommands: LazyCliCommand[] = plugins.flatMap((p) =>
    Object.entries(p.cliCommands ?? {}).map(([name, c]) => ({
      name,
      summary: c.summary,
      load: async (): Promise<CliCommand> => ({ name, usage: `cyberpolicy ${name}`, summary: c.summary, run: (args: string[]) => c.run(args) }),
    })),
  );
  const commands = [...coreCommands, ...pluginCommands];
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText(commands));
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION);
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(`cyberpolicy: unknown command "${name}". Run \`cyberpolicy --help\` for the list.`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${command.usage}\n\n${command.summary}`);
    return 0;
  }
  let context: CliContext;
  try {
    const { LOG_LEVEL } = loadEnv(process.env, ['LOG_LEVEL']);
    context = { io, env: process.env, logger: createLogger({ level: LOG_LEVEL ?? (name === 'serve' ? 'info' : 'warn') }), plugins, startApp, owner };
  } catch (err) {
    io.err(`cyberpolicy ${name}: ${errorMessage(err)}`);
    return EXIT_USAGE;
  }
  try {
    if (entry.opensStore && !owner) {
      // A running `serve` owns the embedded store: the command runs there, not on a second copy of it.
      const { findServeOwner, runInOwner } = await import('./owner-client.js');
      const serve = await findServeOwner(context.env, (o) => io.err(`waiting for \`${o.command}\` (pid ${o.pid}) to finish starting…`));
      if (serve) return await runInOwner(serve, argv, process.cwd(), io);
    }
    return await command.run(args, context);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`cyberpolicy ${name}: ${err.message}\nUsage: ${command.usage}`);
      return EXIT_USAGE;
    }
    io.err(`cyberpolicy ${name}: ${errorMessage(err)}`);
    if (!(err instanceof InputError)) context.logger.debug({ err }, 'command failed');
    return EXIT_PARTIAL;
  }
}

function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    isTTY: Boolean(process.stderr.isTTY),
  };
}
