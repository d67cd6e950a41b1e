// A delivery worker process for the multi-process tests: `tsx test/delivery/support/worker-process.ts`.
// Env: DATABASE_URL or DATA_DIR, FAKE_URL, WORKER_ID, LEASE_MS, POLL_MS. Prints "ready" when started; SIGTERM stops it gracefully.
// TRANSPORT=slack posts with the real Slack transport to SLACK_API_URL (the fake Slack) as workspace T_TEST.
// TRANSPORT=teams posts with the real Teams transport (the Teams plugin) to the serviceUrl of each stored reference;
// with TEAMS_GRAPH_PROBE=1 the plugin gets MicrosoftAppId/MicrosoftAppPassword/MicrosoftAppTenantId/MICROSOFT_GRAPH_URL/
// MICROSOFT_LOGIN_URL from the env (the Graph probe on) and a fixed Bot Connector token (MSAL accepts only an https
// authority; test/hardening/secrets-full-run.test.ts runs it against one). POST_TIMEOUT_MS: the Slack client's timeout, or
// how long the Teams plugin waits for the connector's answer.
import { systemClock } from '../../../src/clock.js';
import { createDigestService } from '../../../src/digests/create-digest-service.js';
import { createScheduler } from '../../../src/delivery/scheduler.js';
import { TransportRegistry } from '../../../src/delivery/transport.js';
import { createLogger } from '../../../src/logger.js';
import { openStore } from '../../../src/store/store.js';
import { HttpTestTransport } from './http-test-transport.js';

const env = process.env;
const logger = createLogger({ level: env.LOG_LEVEL ?? 'warn' });
const workerId = env.WORKER_ID ?? `p${process.pid}`;
// DATABASE_URL selects PostgreSQL; otherwise PGlite in DATA_DIR (one process at a time).
const store = await openStore({ databaseUrl: env.DATABASE_URL || undefined, dataDir: env.DATA_DIR, poolSize: 4, logger });
const transports = new TransportRegistry();
if (env.TRANSPORT === 'slack') {
  const [{ createSlackWebApi }, { SlackTransport }, { PostRateLimiter }] = await Promise.all([
    import('../../../adapters/slack/slack-web-api.js'),
    import('../../../adapters/slack/slack-transport.js'),
    import('../../../adapters/slack/post-rate-limiter.js'),
  ]);
  const api = await createSlackWebApi({ apiUrl: env.SLACK_API_URL!, logger, timeoutMs: Number(env.POST_TIMEOUT_MS ?? 2_000) });
  const tokens = { botToken: async (team: string) => (team === 'T_TEST' ? 'xoxb-test' : null) };
  transports.register(new SlackTransport({ api, tokens, limiter: new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 100 }), logger }));
} else if (env.TRANSPORT === 'teams') {
  const [{ createTeamsPlugin }, { createAdapterPorts }, { HttpServer }] = await Promise.all([
    import('../../../adapters/teams/teams-plugin.js'),
    import('../../../src/store/adapter-ports.js'),
    import('../../../src/server/http-server.js'),
  ]);
  const { textReply } = await import('../../../src/replies/reply-document.js');
  const sink = { processCommand: async () => textReply('unused'), processAction: async () => textReply('unused') };
  const probe = env.TEAMS_GRAPH_PROBE === '1';
  const names = ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'MICROSOFT_GRAPH_URL', 'MICROSOFT_LOGIN_URL'] as const;
  const teamsEnv = probe ? Object.fromEntries(names.map((n) => [n, env[n] ?? ''])) : {};
  const answerTimeoutMs = env.POST_TIMEOUT_MS ? Number(env.POST_TIMEOUT_MS) : undefined;
  const plugin = createTeamsPlugin({ ...(probe ? { outboundToken: async () => 'connector-token' } : {}), answerTimeoutMs });
  const instance = await plugin.start({ sink, ports: createAdapterPorts(store), logger, clock: systemClock, env: teamsEnv, http: new HttpServer({ logger }), publicUrl: 'http://127.0.0.1' });
  transports.register(instance!.transport!);
} else {
  transports.register(new HttpTestTransport(env.FAKE_URL!, workerId, Number(env.POST_TIMEOUT_MS ?? 2_000)));
}
const taxonomy = { topics: [{ slug: 'paris-call', names: { en: 'Paris Call' } }] };
const scheduler = createScheduler({
  store,
  composer: createDigestService({ store, taxonomy, clock: systemClock, logger }),
  transports,
  clock: systemClock,
  logger,
  workerId,
  leaseMs: Number(env.LEASE_MS ?? 3_000),
  pollMs: Number(env.POLL_MS ?? 100),
  concurrency: 4,
  policy: { baseMs: 200, maxMs: 2_000, maxAttempts: 50, permanentAttempts: 2, maxRateLimitedAttempts: 50 },
});
await scheduler.start();
process.stdout.write('ready\n');

process.once('SIGTERM', () => {
  const started = Date.now();
  void scheduler
    .stop(5_000)
    .then(() => store.close())
    .then(() => {
      process.stdout.write(`stopped in ${Date.now() - started} ms\n`);
      process.exit(0);
    });
});
