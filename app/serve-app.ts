// The composition root of `cyberpolicy serve`: the only place that puts the platform-neutral core (src/)
// and the platform adapters (adapters/) together. src/cli/commands/serve.ts starts it and stops it.
import type { RunningApp, StartAppContext } from '../src/cli/cli-command.js';
import { systemClock } from '../src/clock.js';
import { loadCoreConfig, publicUrlOf } from '../src/config.js';
import { createCore } from '../src/core/create-core.js';
import { DemoTransport } from '../src/delivery/demo-transport.js';
import { createScheduler } from '../src/delivery/scheduler.js';
import { TransportRegistry } from '../src/delivery/transport.js';
import { errorMessage } from '../src/errors.js';
import { commandRateLimiter } from '../src/limits/command-limit.js';
import { createSharedLimits, type SharedLimits } from '../src/limits/shared-limits.js';
import { createFeedPoller } from '../src/ingest/feed-poller.js';
import { loadSamplesIfEmpty } from '../src/ingest/load-samples.js';
import { DEMO_PLATFORM, platformOf } from '../src/platform/channel-id.js';
import type { CommandSink } from '../src/platform/command-sink.js';
import { jsonResponse } from '../src/server/http-server.js';
import { createMetrics } from '../src/server/metrics.js';
import type { PlatformPlugin, PluginInstance } from '../src/server/platform-plugin.js';
import { stopInOrder, type Stoppable } from '../src/server/shutdown.js';
import { pingDatabase } from '../src/store/database.js';
import { createAdapterPorts } from '../src/store/adapter-ports.js';
import { openStore, type Store } from '../src/store/store.js';
import { claimServeResources } from '../src/cli/serve-claims.js';
import { openServeDoor } from '../src/cli/serve-door.js';

/** Whole shutdown budget; deliveries get most of it, the rest is for closing the server and store. */
const SHUTDOWN_MS = 10_000;
const DELIVERY_GRACE_MS = 7_000;

/** Opens the store, assembles the core, starts every configured adapter, the feed poller and the scheduler, then listens. */
export async function startApp({ env, logger, claims: claimed }: StartAppContext, plugins: PlatformPlugin[]): Promise<RunningApp> {
  const config = loadCoreConfig(env);
  const clock = systemClock;
  // The data folder's lock and the port, claimed by `serve` before this module loaded (src/cli/serve-claims.ts).
  const claims = claimed ?? (await claimServeResources(config, logger));
  const { lock, http } = claims;
  let store: Store;
  try {
    store = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, encryptionKey: config.ENCRYPTION_KEY, logger, lock: lock ? { held: lock } : undefined });
  } catch (err) {
    await claims.release();
    throw err;
  }
  // Stopped first to last: whatever takes work in (poller, scheduler) before what serves it (adapters, http).
  const stops: Stoppable[] = [];
  let limits: SharedLimits | null = null;
  const stop = async () => {
    await stopInOrder(stops, logger, SHUTDOWN_MS - 500);
    await limits?.close().catch(() => undefined);
    await http.close();
    await store.close().catch(() => undefined);
    await claims.release();
    logger.info('stopped');
  };
  try {
    const metrics = createMetrics({ queueDepth: () => store.deliveries.queueDepth(), defaultMetrics: true });
    // The one place the limiter store is chosen: Redis (REDIS_URL), PostgreSQL (DATABASE_URL), else in memory (PGlite).
    limits = await createSharedLimits({ pgPool: store.database.pgPool, redisUrl: config.REDIS_URL, logger });
    const core = await createCore({ store, clock, logger, env, rateLimiter: commandRateLimiter(limits, clock), deliveriesRun: config.SCHEDULER });
    if (lock) {
      // Other processes' CLI commands on this embedded store run here from now on (src/cli/serve-door.ts).
      const door = await openServeDoor({ dataDir: config.DATA_DIR, store, core, clock, env, logger, plugins, deliveriesRun: config.SCHEDULER });
      stops.push({ name: 'cli endpoint', stop: () => door.close() });
    }
    if (config.SAMPLES) await loadSamplesIfEmpty(store, core.analyzer, logger, clock);

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
    const ports = createAdapterPorts(store);
    for (const plugin of plugins) {
      let instance: PluginInstance | null;
      try {
        instance = await plugin.start({ sink, ports, logger: logger.child({ plugin: plugin.name }), clock, env, http, publicUrl: publicUrlOf(config), demoPosts: demoTransport, limits });
      } catch (err) {
        throw new Error(`${plugin.name} adapter failed to start: ${errorMessage(err)}`, { cause: err });
      }
      if (!instance) {
        logger.info({ plugin: plugin.name }, `${plugin.name}: not configured`);
        continue;
      }
      const started = instance;
      stops.push({ name: plugin.name, stop: () => started.stop() });
      if (started.transport) transports.register(started.transport);
      logger.info({ plugin: plugin.name }, started.describe());
    }

    const poller = createFeedPoller({
      store,
      analyzer: core.analyzer,
      clock,
      logger,
      intervalMinutes: config.FEED_POLL_MINUTES,
      allow: config.FETCH_ALLOW,
      maxBytes: config.FEED_MAX_BYTES,
      onResult: (result) => {
        if (result.status === 'error') metrics.feedFetchErrors.inc();
      },
    });
    poller.start();
    stops.unshift({ name: 'feed poller', stop: () => poller.stop() });

    if (config.SCHEDULER) {
      const scheduler = createScheduler({
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
      stops.unshift({ name: 'scheduler', stop: () => scheduler.stop(DELIVERY_GRACE_MS) });
    }

    const address = http.address()!;
    stops.push({ name: 'http', stop: () => http.close() });
    http.setStarting(false);
    logger.info(
      { url: `http://${address.address}:${address.port}`, store: store.database.kind, scheduler: config.SCHEDULER },
      `cyberpolicy listening on ${address.address}:${address.port} (${store.database.kind}, scheduler ${config.SCHEDULER ? 'on' : 'off'})`,
    );
    return { stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Command latency for /metrics, measured around the core, whatever adapter calls it. */
function timedSink(sink: CommandSink, histogram: { startTimer(labels: { platform: string }): () => number }): CommandSink {
  const timed = async <T>(channelId: string, run: () => Promise<T>): Promise<T> => {
    const end = histogram.startTimer({ platform: platformOf(channelId) });
    try {
      return await run();
    } finally {
      end();
    }
  };
  return {
    processCommand: (origin, text) => timed(origin.channelId, () => sink.processCommand(origin, text)),
    processAction: (origin, action) => timed(origin.channelId, () => sink.processAction(origin, action)),
  };
}
