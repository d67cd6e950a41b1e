import { systemClock } from '../../clock.js';
import { loadCoreConfig, publicUrlOf } from '../../config.js';
import { errorMessage } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { DEMO_PLATFORM, platformOf } from '../../platform/channel-id.js';
import type { CommandSink } from '../../platform/command-sink.js';
import type { PluginInstance } from '../../server/platform-plugin.js';
import type { Store } from '../../store/store.js';
import { UsageError, type CliCommand } from '../cli-command.js';

/** Whole shutdown budget; deliveries get most of it, the rest is for closing the server and store. */
const SHUTDOWN_MS = 10_000;
const DELIVERY_GRACE_MS = 7_000;
const SAMPLES_LOCK = 7_361_003; // advisory-lock key: first-start sample loading

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'cyberpolicy serve',
  summary: 'Run the bot: HTTP endpoints (Slack, Teams, playground, /healthz, /metrics), feed polling and scheduled digests',
  async run(args, { env, logger, plugins }) {
    if (args.length > 0) throw new UsageError(`unexpected argument "${args[0]}"`);
    const config = loadCoreConfig(env);
    const clock = systemClock;
    // Listen from the start: a SIGTERM during start-up is remembered and honoured once start-up is done.
    const stopSignal = waitForSignal();
    // Heavy modules load here, not at CLI start-up, so `cyberpolicy --help` stays fast.
    const [{ openStore }, { pingDatabase }, { createCore }, { HttpServer, jsonResponse }, { createMetrics }, { TransportRegistry }, { DemoTransport }, { createScheduler }] =
      await Promise.all([
        import('../../store/store.js'),
        import('../../store/database.js'),
        import('../../core/create-core.js'),
        import('../../server/http-server.js'),
        import('../../server/metrics.js'),
        import('../../delivery/transport.js'),
        import('../../delivery/demo-transport.js'),
        import('../../delivery/scheduler.js'),
      ]);

    const store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, encryptionKey: config.ENCRYPTION_KEY, logger });
    const stops: { name: string; stop(): Promise<unknown> }[] = [];
    try {
      const metrics = createMetrics({ queueDepth: () => store.deliveries.queueDepth(), defaultMetrics: true });
      countFeedErrors(store, () => metrics.feedFetchErrors.inc());
      const core = await createCore({ store, clock, logger, env });
      if (config.SAMPLES) await loadSamplesIfEmpty(store, core.analyzer, logger);

      const http = new HttpServer({ logger });
      http.route('GET', '/healthz', async () => {
        const up = await pingDatabase(store.database);
        const items = up ? await store.items.count().catch(() => null) : null;
        return items === null
          ? jsonResponse({ status: 'unavailable', store: store.database.kind, error: 'database is not answering' }, 503)
          : jsonResponse({ status: 'ok', items, store: store.database.kind });
      });
      http.route('GET', '/metrics', async () => {
        const { body, contentType } = await metrics.render();
        return new Response(body, { headers: { 'content-type': contentType } });
      });

      const transports = new TransportRegistry();
      const demoTransport = new DemoTransport(logger.child({ platform: DEMO_PLATFORM }), () => clock.now());
      transports.register(demoTransport);
      const sink = timedSink(core.sink, metrics.commandLatency);
      const publicUrl = publicUrlOf(config);
      for (const plugin of plugins) {
        let instance: PluginInstance | null;
        try {
          instance = await plugin.start({ sink, store, logger: logger.child({ plugin: plugin.name }), clock, env, http, publicUrl, demoPosts: demoTransport });
        } catch (err) {
          throw new Error(`${plugin.name} adapter failed to start: ${errorMessage(err)}`, { cause: err });
        }
        if (!instance) {
          logger.info({ plugin: plugin.name }, `${plugin.name}: not configured`);
          continue;
        }
        stops.push({ name: plugin.name, stop: () => instance.stop() });
        if (instance.transport) transports.register(instance.transport);
        logger.info({ plugin: plugin.name }, instance.describe());
      }

      const { createFeedPoller } = await import('../../ingest/feed-poller.js');
      const poller = createFeedPoller({ store, analyzer: core.analyzer, clock, logger, intervalMinutes: config.FEED_POLL_MINUTES, allow: config.FETCH_ALLOW, maxBytes: config.FEED_MAX_BYTES });
      poller.start();
      stops.unshift({ name: 'feed poller', stop: () => poller.stop() });

      let scheduler: Awaited<ReturnType<typeof createScheduler>> | null = null;
      if (config.SCHEDULER) {
        scheduler = createScheduler({
          store,
          composer: core.digests,
          transports,
          clock,
          logger,
          leaseMs: config.DELIVERY_LEASE_MS,
          pollMs: config.DELIVERY_POLL_MS,
          // Unset: the transports' declared in-flight (Slack: workspace rate x 2 s; Teams: 50).
          concurrency: config.DELIVERY_CONCURRENCY,
          composeConcurrency: config.DELIVERY_COMPOSE_CONCURRENCY,
          onOutcome: (outcome, d) => metrics.recordDelivery(outcome, d.channelId),
        });
        await scheduler.start();
        const s = scheduler;
        stops.unshift({ name: 'scheduler', stop: () => s.stop(DELIVERY_GRACE_MS) });
      }

      const address = await http.listen(config.PORT, config.HOST);
      stops.push({ name: 'http', stop: () => http.close() });
      logger.info(
        { url: `http://${address.address}:${address.port}`, store: store.database.kind, scheduler: config.SCHEDULER },
        `cyberpolicy listening on ${address.address}:${address.port} (${store.database.kind}, scheduler ${config.SCHEDULER ? 'on' : 'off'})`,
      );

      const signal = await stopSignal;
      logger.info({ signal }, 'shutting down');
      await shutdown(stops, logger);
      return 0;
    } finally {
      await store.close().catch(() => undefined);
    }
  },
};

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** Stop everything in order within SHUTDOWN_MS; whatever hangs past that is abandoned (leases cover deliveries). */
async function shutdown(stops: { name: string; stop(): Promise<unknown> }[], logger: Logger): Promise<void> {
  const deadline = Date.now() + SHUTDOWN_MS - 500;
  for (const { name, stop } of stops) {
    const left = deadline - Date.now();
    if (left <= 0) {
      logger.warn({ component: name }, 'shutdown budget spent; not waiting');
      continue;
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      stop().then(
        () => false,
        (err) => {
          logger.warn({ component: name, err: errorMessage(err) }, 'stop failed');
          return false;
        },
      ),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(true), left))),
    ]);
    clearTimeout(timer);
    if (timedOut) logger.warn({ component: name }, 'stop timed out');
  }
  logger.info('stopped');
}

/** Command latency for /metrics, measured around the core, whatever adapter calls it. */
function timedSink(sink: CommandSink, histogram: { startTimer(labels: { platform: string }): () => number }): CommandSink {
  return {
    async processCommand(origin, text) {
      const end = histogram.startTimer({ platform: platformOf(origin.channelId) });
      try {
        return await sink.processCommand(origin, text);
      } finally {
        end();
      }
    },
    async processAction(origin, action) {
      const end = histogram.startTimer({ platform: platformOf(origin.channelId) });
      try {
        return await sink.processAction(origin, action);
      } finally {
        end();
      }
    },
  };
}

/** Count failed feed polls, whichever poller records them (every poll ends in sources.recordFetch). */
function countFeedErrors(store: Store, onError: () => void): void {
  const record = store.sources.recordFetch.bind(store.sources);
  store.sources.recordFetch = async (url, result) => {
    if (result.error) onError();
    return record(url, result);
  };
}

/** First start on an empty store: load the bundled samples so every command has something to show. */
async function loadSamplesIfEmpty(store: Store, analyzer: import('../../analysis/analyzer.js').Analyzer, logger: Logger): Promise<void> {
  // Replicas starting together take turns (advisory lock on PostgreSQL), so only the first one loads.
  const locking = store.database.kind === 'postgres';
  await store.database.withSession(async (query) => {
    if (locking) await query(`SELECT pg_advisory_lock(${SAMPLES_LOCK})`);
    try {
      if ((await store.items.count()) > 0) return;
      const [{ loadSampleItems }, { ingestItems }] = await Promise.all([import('../../ingest/sample-items.js'), import('../../ingest/ingest-items.js')]);
      const files = await loadSampleItems();
      const items = files.flatMap((f) => f.items);
      const counts = await ingestItems(items, { store, analyzer });
      logger.info({ files: files.length, items: items.length, counts }, 'sample items loaded into the empty store');
    } finally {
      if (locking) await query(`SELECT pg_advisory_unlock(${SAMPLES_LOCK})`);
    }
  });
}
