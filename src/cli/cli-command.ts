import type { Core } from '../core/create-core.js';
import type { Logger } from '../logger.js';
import type { PlatformPlugin } from '../server/platform-plugin.js';
import type { Store } from '../store/store.js';
import type { ServeClaims } from './serve-claims.js';

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
  /** Builds and starts the whole app for `serve` (app/serve-app.ts, injected by app/main.ts). */
  startApp?: StartApp;
  /** Set when the command runs inside `serve`, the owner of an embedded store, for a CLI process (src/cli/owner-endpoint.ts). */
  owner?: CommandOwner;
}

/** What `serve` lends a CLI command it runs: its open store and core, and the CLI's working directory. */
export interface CommandOwner {
  store: Store;
  /** The core over that store for CLI commands: serve's analyzer, no per-user rate limit (the operator runs them). */
  core(): Promise<Core>;
  /** Relative paths in the command's arguments are relative to this (the CLI process's cwd). */
  cwd: string;
}

export interface StartAppContext {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** The data folder's lock and the listening port, claimed before the app's modules load (src/cli/serve-claims.ts). */
  claims?: ServeClaims;
}

/** A started app: HTTP server, adapters, feed poller and scheduler over one store. */
export interface RunningApp {
  /** Graceful stop within the shutdown budget: work intake first, then adapters, the server and the store. */
  stop(): Promise<void>;
}

export type StartApp = (context: StartAppContext) => Promise<RunningApp>;

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], context: CliContext): Promise<number>;
}

/** A usage mistake: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {}
