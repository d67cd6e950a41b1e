/**
 * Fan-out: one digest to N channels, through the delivery outbox (claim, compose from the store,
 * freeze, post, record) and the real platform adapter, against a fake platform server on 127.0.0.1
 * that enforces the platform's limits and answers 429 beyond them.
 *   --platform slack: 1 message/s per channel and `--rate` messages/s per workspace. The adapter's
 *     limiter is NOT told that rate (Slack does not publish it): it starts from `--limiter-rate`
 *     (default 1.5 x the fake's) and learns from the fake's 429s and Retry-After. Two fan-outs run, as
 *     a day's two scheduled digests to the workspace with a restart between: the first from a cold
 *     limiter (fanout_efficiency_cold, fanout_cold_*), the second, measured as fanout_efficiency, on
 *     other channels of the same workspace with a fresh limiter that starts from the rate the first
 *     learned and kept in the store (learned_rates, as serve keeps it: SLACK_LEARNED_RATE_DAYS); each
 *     against a fresh fake (the same limits, a full burst allowance). --warm 0: the cold run only.
 *   --platform teams: Teams' per-conversation limits and a service-wide `--rate`; each channel follows
 *     8 topics with `--max-stories` 20, so its digest fills two cards (a digest is at most 25 stories,
 *     three cards), and `--digests-per-channel` 5 digests are due in each conversation at once (its
 *     scheduled digest and four its members posted with `digest`): ~10 cards per conversation, so
 *     the per-conversation windows (7/1 s, 8/2 s) bind, not only the service rate. `--channels` counts
 *     conversations; run-bench passes a fifth of the scale's channels, so the deliveries stay 1,000.
 * Both fakes count duplicates (the same digest or message landing twice in a channel or thread):
 * fanout_duplicates, fanout_duplicates_teams (must be 0).
 * The fake platform runs in a worker thread: its clock and event loop are its own, as a real platform's
 * are, so a post's arrival time is when it left this process, not when this process's event loop
 * (busy composing) got round to the server's side of the socket.
 * Efficiency = theoretical minimum time / measured time. The minimum is the larger of two lower
 * bounds the fake platform imposes: every message at the workspace/service rate (the first at t=0),
 * and, on Slack, the busiest channel's messages one channel interval apart (a digest of k messages
 * cannot finish in under k-1 seconds, whatever the rate).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { LearnedWorkspaceRates } from '../../adapters/slack/learned-workspace-rates.js';
import { PostRateLimiter } from '../../adapters/slack/post-rate-limiter.js';
import { SlackTransport } from '../../adapters/slack/slack-transport.js';
import { createSlackWebApi } from '../../adapters/slack/slack-web-api.js';
import { createTeamsPlugin } from '../../adapters/teams/teams-plugin.js';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import { loadTaxonomy } from '../../src/analysis/taxonomy-loader.js';
import { systemClock } from '../../src/clock.js';
import { createDeliveryWorker } from '../../src/delivery/delivery-worker.js';
import { TransportRegistry, type Transport } from '../../src/delivery/transport.js';
import { createDigestService } from '../../src/digests/create-digest-service.js';
import { silentLogger } from '../../src/logger.js';
import { HttpServer } from '../../src/server/http-server.js';
import { openStore } from '../../src/store/store.js';
import { FakeSlackServer } from '../../test/helpers/fake-slack-server.js';
import { emit, flag, round } from '../bench-util.js';
import { generateRecords, recordToItem } from '../generate-items.js';
import { minimumSpanMs, RateLimitedConnector } from '../rate-limited-connector.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';

type Counts = { posts: number; throttled: number; busiestChannel: number; duplicates: number; throttledBy?: Record<string, number> };

if (!isMainThread) {
  // The fake platform's thread: start it, report its URL, answer 'counts', stop on 'close'.
  const { platform, rate } = workerData as { platform: 'slack' | 'teams'; rate: number };
  let counts: () => Counts;
  let close: () => Promise<void>;
  let url: string;
  if (platform === 'slack') {
    const slack = await new FakeSlackServer().start();
    slack.channelIntervalMs = 1000;
    slack.workspacePerSecond = rate;
    // Message ts from the wall clock, as Slack's: the outbox's probe (conversations.history since the
    // first attempt) must find a post whose answer timed out, or the retry posts it again.
    slack.clockTs = true;
    url = slack.apiUrl;
    counts = () => {
      // slack.posts() lists every chat.postMessage call, 429s included: count the accepted ones. A
      // message retried after a 429 is the same message, so a channel's distinct messages are its posts.
      const perChannel = new Map<string, Set<string>>();
      for (const c of slack.posts()) {
        const channel = String(c.args.channel);
        if (!perChannel.has(channel)) perChannel.set(channel, new Set());
        perChannel.get(channel)!.add(JSON.stringify([c.args.text, c.args.blocks]));
      }
      const posts = slack.posts().length - slack.rejected.channel - slack.rejected.workspace;
      // Duplicates: a digest posted twice (same delivery key) or the same message landing twice in a channel or thread.
      const duplicates = Math.max(slack.duplicates(), slack.repeatedPosts());
      if (duplicates > 0) {
        // Which messages landed twice, and when: enough to tell a re-sent digest from a re-sent thread reply.
        const seen = new Map<string, number>();
        for (const [i, m] of slack.landed.entries()) {
          const key = JSON.stringify([m.channel, m.threadTs ?? '', m.text, m.blocksJson ?? '', m.metadata ?? null]);
          const first = seen.get(key);
          if (first === undefined) seen.set(key, i);
          else process.stderr.write(`duplicate: channel ${m.channel} ${m.threadTs ? `thread ${m.threadTs}` : 'top-level'} key ${String(m.metadata?.event_payload?.delivery_key ?? '-')} landed #${first} and #${i}: ${m.text.slice(0, 60)}\n`);
        }
      }
      return { posts, duplicates, throttled: slack.rejected.channel + slack.rejected.workspace, throttledBy: { ...slack.rejected }, busiestChannel: Math.max(0, ...[...perChannel.values()].map((m) => m.size)) };
    };
    close = () => slack.close();
  } else {
    const connector = await new RateLimitedConnector(rate).start();
    url = connector.url;
    counts = () => ({ posts: connector.posts, throttled: connector.throttled, duplicates: connector.repeated, busiestChannel: Math.max(0, ...connector.cards.values()) });
    close = () => connector.stop();
  }
  parentPort!.on('message', (m: string) => {
    if (m === 'counts') parentPort!.postMessage({ counts: counts() });
    if (m === 'close') void close().then(() => parentPort!.postMessage({ closed: true }));
  });
  parentPort!.postMessage({ url });
  await new Promise(() => undefined);
}

/** Starts the fake platform in its own thread. */
async function startFakePlatform(platform: 'slack' | 'teams', rate: number) {
  const thread = new Worker(fileURLToPath(import.meta.url), { workerData: { platform, rate } });
  const next = <T>(key: string) => new Promise<T>((resolve, reject) => {
    const onMessage = (m: Record<string, unknown>) => {
      if (!(key in m)) return;
      thread.off('message', onMessage);
      resolve(m[key] as T);
    };
    thread.on('message', onMessage);
    thread.once('error', reject);
  });
  const url = await next<string>('url');
  return {
    url,
    counts: () => {
      const reply = next<Counts>('counts');
      thread.postMessage('counts');
      return reply;
    },
    close: async () => {
      const done = next('closed');
      thread.postMessage('close');
      await done;
      await thread.terminate();
    },
  };
}

const platform = flag('platform', 'slack') as 'slack' | 'teams';
const channels = Number(flag('channels', '1000'));
const rate = Number(flag('rate', platform === 'slack' ? '100' : '50'));
// Teams: long digests (8 topics, up to 20 stories) fill several cards, the first a new post and the
// rest in its thread, so the per-conversation windows (7/1 s, 8/2 s) bind.
const maxStories = Number(flag('max-stories', platform === 'teams' ? '20' : '0')) || undefined;
const digestsPerChannel = Math.max(1, Number(flag('digests-per-channel', platform === 'teams' ? '5' : '1')));
const concurrency = Number(flag('concurrency', '0')) || undefined;
const composeConcurrency = Number(flag('compose-concurrency', '0')) || undefined;
const limiterStartRate = Number(flag('limiter-rate', String(rate * 1.5)));
// Slack: a cold fan-out first (a limiter that knows nothing), then, as the day's next scheduled fan-out
// after a restart, a fresh limiter that starts from the rate the first kept in the store. --warm 0: cold only.
const warm = platform === 'slack' && flag('warm', '1') !== '0';

const now = new Date();
const store = await openStore({ dataDir: 'memory://' });
// A week of news for the digests to choose from.
const analyzer = await createAnalyzer();
const records = generateRecords({ count: Number(flag('week-items', maxStories ? '1200' : '400')), seed: 5, days: 7, end: now });
await store.items.upsert(analyzer.analyze(records.map((r) => recordToItem(r, now))));
const ports = createAdapterPorts(store);
const taxonomy = loadTaxonomy();
const topics = maxStories ? taxonomy.topics.map((t) => t.slug).slice(0, 8) : ['paris-call', 'ransomware', 'data-protection', 'critical-infrastructure'];
// The learned workspace rates, kept in the store as serve keeps them (SLACK_LEARNED_RATE_DAYS).
const memory = new LearnedWorkspaceRates({ port: ports.learnedRates, clock: systemClock, maxAgeMs: 7 * 86_400_000, logger: silentLogger });

type Run = Record<string, number>;

/**
 * One fan-out: `channels` channels (ids from `first`), each with its digests queued in the outbox, a
 * fresh fake platform and a fresh adapter (a restarted process), drained until every delivery is done.
 */
async function fanOut(first: number): Promise<Run> {
  const ids = Array.from({ length: channels }, (_, k) => {
    const i = first + k;
    return platform === 'slack' ? `slack:T_BENCH:C${String(i).padStart(6, '0')}` : `teams:bench-tenant:19:bench${i}@thread.tacv2`;
  });
  let transport: Transport;
  let startRate = () => 0;
  let learnedRate = () => 0;
  let stopPlugin = async () => {};
  const fake = await startFakePlatform(platform, rate);
  if (platform === 'slack') {
    const api = await createSlackWebApi({ apiUrl: fake.url, logger: silentLogger });
    const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: limiterStartRate, memory });
    const kept = (await store.learnedRates.get('slack', 'T_BENCH'))?.perSecond;
    startRate = () => kept ?? limiterStartRate;
    learnedRate = () => limiter.workspaceRate('T_BENCH');
    transport = new SlackTransport({ api, tokens: { botToken: async () => 'xoxb-bench' }, limiter, logger: silentLogger });
  } else {
    const http = new HttpServer({ logger: silentLogger });
    const sink = { processCommand: async () => ({ visibility: 'private' as const, fallbackText: '', blocks: [] }), processAction: async () => ({ visibility: 'private' as const, fallbackText: '', blocks: [] }) };
    const instance = await createTeamsPlugin().start({ sink, ports, logger: silentLogger, clock: systemClock, env: {}, http, publicUrl: 'http://127.0.0.1' });
    if (!instance?.transport) throw new Error('teams plugin did not start');
    transport = instance.transport;
    for (const id of ids) {
      const conversation = id.split(':').slice(2).join(':');
      await store.conversations.save(
        id,
        { serviceUrl: `${fake.url}/`, channelId: 'msteams', tenantId: 'bench-tenant', conversation: { id: conversation, conversationType: 'channel', isGroup: true }, bot: { id: '28:bench-bot', name: 'cyberpolicy' }, teamId: '19:bench-team@thread.tacv2', teamsChannelId: conversation },
        now,
      );
    }
    stopPlugin = () => instance.stop();
  }

  for (const id of ids) {
    await store.channels.getOrCreate(id, now);
    await store.channels.addTopics(id, topics, now);
    if (maxStories) await store.channels.update(id, { maxStories }, now);
  }
  // One digest per channel, queued in the outbox as the scheduler does when the week comes round; with
  // --digests-per-channel, more due at the same moment (as `digest` queues one posted on request), a
  // channel's rows next to each other so they are claimed, and meet its per-conversation windows, together.
  const rows = ids.flatMap((id) => Array.from({ length: digestsPerChannel }, (_, k) => ({ id, period: k === 0 ? 'scheduled:bench' : `manual:bench-${k}`, kind: k === 0 ? 'scheduled' : 'manual' })));
  const due = new Date();
  await store.database.query(
    `INSERT INTO deliveries (channel_id, period_key, kind, status, next_attempt_at, created_at)
     SELECT channel_id, period_key, kind, 'pending', $4::timestamptz, $4::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[]) AS r(channel_id, period_key, kind)`,
    [rows.map((r) => r.id), rows.map((r) => r.period), rows.map((r) => r.kind), due.toISOString()],
  );

  const transports = new TransportRegistry();
  transports.register(transport);
  const outcomes = new Map<string, number>();
  const worker = createDeliveryWorker({
    store,
    composer: createDigestService({ store, taxonomy, clock: systemClock, logger: silentLogger }),
    transports,
    clock: systemClock,
    logger: silentLogger,
    concurrency,
    composeConcurrency,
    onOutcome: (o) => outcomes.set(o, (outcomes.get(o) ?? 0) + 1),
  });

  const started = performance.now();
  const cpu = process.cpuUsage();
  const mainCpu = mainThreadCpuS();
  // Retries (429s) come due later: keep draining until every delivery is sent or given up.
  for (let idle = 0; idle < 600; ) {
    const n = await worker.runOnce();
    const open = await store.deliveries.queueDepth();
    if (open === 0) break;
    if (n === 0) {
      idle++;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const measuredS = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const mainCpuEnd = mainThreadCpuS();
  const { posts, throttled, busiestChannel, throttledBy, duplicates } = await fake.counts();
  await memory.flush();
  await stopPlugin();
  await fake.close();
  // Every message of every digest at the rate; the first leaves at t=0. Also the busiest channel's
  // messages: 1 s apart on Slack, within the per-conversation windows on Teams.
  const theoreticalS = Math.max(Math.max(posts - 1, 1) / rate, platform === 'slack' ? busiestChannel - 1 : minimumSpanMs(busiestChannel) / 1000);
  return {
    efficiency: round(theoreticalS / measuredS, 3),
    deliveries: rows.length,
    messages: posts,
    sent: outcomes.get('sent') ?? 0,
    // Posts whose answer was lost (a timeout on a busy event loop) and which the probe found on the retry.
    recovered: outcomes.get('recovered') ?? 0,
    retries: outcomes.get('retry') ?? 0,
    lost_leases: outcomes.get('lost_lease') ?? 0,
    '429s': throttled,
    duplicates,
    busiest_channel_messages: busiestChannel,
    ...(throttledBy ? { '429s_channel': throttledBy.channel ?? 0, '429s_workspace': throttledBy.workspace ?? 0 } : {}),
    theoretical_s: round(theoreticalS, 2),
    measured_s: round(measuredS, 2),
    cpu_s: round((used.user + used.system) / 1e6, 2),
    ...(mainCpu !== null && mainCpuEnd !== null ? { main_thread_cpu_s: round(mainCpuEnd - mainCpu, 2) } : {}),
    concurrency: worker.concurrency,
    ...(platform === 'slack' ? { limiter_start_rate_per_s: round(startRate(), 1), limiter_learned_rate_per_s: round(learnedRate(), 1) } : {}),
  };
}

/**
 * CPU seconds of this process's main thread (Linux: /proc/self/task/<pid>/stat, utime + stime in clock
 * ticks), the thread that composes, posts and runs the store; process.cpuUsage also counts the fake
 * platform's thread. null where /proc is not there.
 */
function mainThreadCpuS(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const cold = await fanOut(0);
// The measured run: after the cold one in the same store (its learned rate kept), on other channels
// of the same workspace, so no digest repeats one already posted.
const measured = warm ? await fanOut(channels) : cold;
await store.close();

const key = platform === 'slack' ? 'fanout' : 'fanout_teams';
const { efficiency, duplicates, ...rest } = measured;
emit({
  [key === 'fanout' ? 'fanout_efficiency' : 'fanout_efficiency_teams']: efficiency!,
  [`${key}_channels`]: channels,
  [`${key}_rate_per_s`]: rate,
  [`${key}_max_stories`]: maxStories ?? 10,
  // Duplicates over every run of the part, the cold one included.
  [key === 'fanout' ? 'fanout_duplicates' : 'fanout_duplicates_teams']: duplicates! + (warm ? cold.duplicates! : 0),
  ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k.startsWith('limiter_') ? `fanout_${k}` : `${key}_${k}`, v])),
  // The cold run on its own (a limiter that knows nothing of the workspace's rate), so nothing is hidden.
  ...(warm
    ? {
        fanout_efficiency_cold: cold.efficiency!,
        fanout_cold_duplicates: cold.duplicates!,
        ...Object.fromEntries(Object.entries(cold).filter(([k]) => k !== 'efficiency' && k !== 'duplicates').map(([k, v]) => [`fanout_cold_${k}`, v])),
      }
    : {}),
});
