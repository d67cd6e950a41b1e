import type { Logger } from '../logger.js';
import type { PlatformPlugin } from '../server/platform-plugin.js';

export const EXIT_OK = 0;
/** Some inputs were rejected or the command failed. */
export const EXIT_PARTIAL = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  isTTY: boolean;
}

export interface CliContext {
  io: CliIo;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Platform adapters, injected by the composition root (app/). */
  plugins: PlatformPlugin[];
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], context: CliContext): Promise<number>;
}

/** A usage mistake: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {}
