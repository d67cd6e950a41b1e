import { forwardedSignal } from '../bounded-heap.js';
import { UsageError, type CliCommand } from '../cli-command.js';

/**
 * `cyberpolicy serve`: starts the app the composition root (app/serve-app.ts) assembles, and stops it on
 * SIGTERM or SIGINT. The core does not know the adapters, so it cannot build the app itself.
 */
export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'cyberpolicy serve',
  summary: 'Run the bot: HTTP endpoints (Slack, Teams, playground, /healthz, /metrics), feed polling and scheduled digests',
  async run(args, { env, logger, startApp }) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    if (!startApp) throw new Error('serve runs from the composition root (app/main.ts), which was not loaded');
    // Listen from the start: a SIGTERM during start-up is remembered and honoured once start-up is done.
    const stopSignal = waitForSignal();
    // The data folder and the port first: a second serve or a busy port ends here, before the app loads.
    const [{ loadCoreConfig }, { claimServeResources }] = await Promise.all([import('../../config.js'), import('../serve-claims.js')]);
    const claims = await claimServeResources(loadCoreConfig(env), logger);
    let app: Awaited<ReturnType<typeof startApp>>;
    try {
      app = await startApp({ env, logger, claims });
    } catch (err) {
      await claims.release(); // idempotent: a failed start has stopped what it started
      throw err;
    }
    const signal = await stopSignal;
    logger.info({ signal }, 'shutting down');
    await app.stop();
    return 0;
  },
};

/** SIGTERM or SIGINT; in the bounded-heap worker (src/cli/bounded-heap.ts) the main thread forwards them. */
function waitForSignal(): Promise<NodeJS.Signals> {
  return (
    forwardedSignal() ??
    new Promise((resolve) => {
      const on = (signal: NodeJS.Signals) => {
        process.off('SIGTERM', on);
        process.off('SIGINT', on);
        resolve(signal);
      };
      process.on('SIGTERM', on);
      process.on('SIGINT', on);
    })
  );
}
