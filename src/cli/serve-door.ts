import type { Clock } from '../clock.js';
import type { Core } from '../core/create-core.js';
import type { Logger } from '../logger.js';
import type { PlatformPlugin } from '../server/platform-plugin.js';
import type { Store } from '../store/store.js';
import { unlimited } from '../commands/rate-limiter.js';
import { coreCommands } from './command-list.js';
import { startOwnerEndpoint, type OwnerEndpoint } from './owner-endpoint.js';

export interface ServeDoorOptions {
  dataDir: string;
  store: Store;
  core: Core;
  clock: Clock;
  env: NodeJS.ProcessEnv;
  logger: Logger;
  plugins: PlatformPlugin[];
  /** serve's scheduler is on: `digest post` run here really posts now. */
  deliveriesRun: boolean;
}

/** `serve` on an embedded store runs the CLI's store commands for other processes (see owner-endpoint.ts). */
export async function openServeDoor(options: ServeDoorOptions): Promise<OwnerEndpoint> {
  const { runCli } = await import('./main.js');
  const { createCore } = await import('../core/create-core.js');
  // One core for CLI commands: serve's analyzer, and no per-user limit (each CLI run is the operator, as locally).
  let cliCore: Promise<Core> | null = null;
  const core = () =>
    (cliCore ??= createCore({
      store: options.store,
      clock: options.clock,
      logger: options.logger,
      env: options.env,
      analyzer: options.core.analyzer,
      rateLimiter: unlimited,
      deliveriesRun: options.deliveriesRun,
    }));
  return startOwnerEndpoint({
    dataDir: options.dataDir,
    logger: options.logger,
    commands: new Set(coreCommands.filter((c) => c.opensStore).map((c) => c.name)),
    run: (argv, cwd, io) => runCli(argv, { plugins: options.plugins }, io, { store: options.store, core, cwd }),
  });
}
