/**
 * Server-side command latency with the 100k-item store: from command text to rendered Slack reply
 * (parse, channel lookup, queries, story views, Block Kit), through the same command center `serve`
 * uses. `--backend pglite` reads the data folder built by the ingest part; `--backend postgres`
 * copies its rows into a fresh database on the local PostgreSQL (created here, dropped at the end).
 */
import { renderBlockKit } from '../../adapters/slack/block-kit-renderer.js';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import { loadTaxonomy } from '../../src/analysis/taxonomy-loader.js';
import { systemClock } from '../../src/clock.js';
import { createCommandCenter } from '../../src/commands/command-center.js';
import { unlimited } from '../../src/commands/rate-limiter.js';
import { createDigestService } from '../../src/digests/create-digest-service.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import { createTestDatabase } from '../../test/helpers/postgres.js';
import { searchCommands, topicCommands } from '../ask-commands.js';
import { emit, flag, median, percentile, round } from '../bench-util.js';
import { prng } from '../../test/helpers/prng.js';

const backend = flag('backend', 'pglite');
const dataDir = flag('dir', '/tmp/cpbench/store-100k');
const rounds = Number(flag('rounds', '8'));
// `--by-command yes`: also print each command's median and worst time to stderr (where a p99 comes from).
const byCommand = flag('by-command', 'no') === 'yes';

let store: Store;
let dropDatabase: (() => Promise<void>) | null = null;
if (backend === 'postgres') {
  const database = await createTestDatabase('cpbench');
  dropDatabase = database.drop;
  store = await openStore({ databaseUrl: database.url });
  const source = await openStore({ dataDir });
  const copied = await copyItems(source, store);
  await source.close();
  // Production PostgreSQL has statistics from autovacuum; a freshly filled database needs them now
  // (item_topics too: without them a topic page is every row of the topic fetched and sorted).
  await store.database.query('ANALYZE items, item_topics');
  process.stderr.write(`copied ${copied} items into PostgreSQL\n`);
} else {
  store = await openStore({ dataDir });
}

try {
  const taxonomy = loadTaxonomy();
  const analyzer = await createAnalyzer();
  const sink = createCommandCenter({
    store,
    taxonomy,
    analyzer,
    digests: createDigestService({ store, taxonomy, clock: systemClock, logger: silentLogger }),
    clock: systemClock,
    logger: silentLogger,
    admins: [],
    rateLimiter: unlimited,
  });
  const origin = { channelId: 'demo:bench', userId: 'demo:bench' };
  const cpuMs: number[] = [];
  const ask = async (text: string): Promise<number> => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const doc = await sink.processCommand(origin, text);
    const messages = renderBlockKit(doc);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    if (messages.length === 0 || doc.blocks.some((b) => b.type === 'text' && /went wrong|internal/i.test(b.text))) {
      throw new Error(`"${text}" gave no usable reply: ${doc.fallbackText}`);
    }
    return ms;
  };
  const topics = topicCommands();
  const searches = searchCommands();
  // Warm-up: JIT, prepared plans, buffer cache (a running server is warm too).
  for (const text of [...topics, ...searches]) await ask(text);
  cpuMs.length = 0;
  const random = prng(9);
  const topicMs: number[] = [];
  const searchMs: number[] = [];
  const perCommand = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    const order = [...topics.map((t) => ({ t, kind: 'topic' })), ...searches.map((t) => ({ t, kind: 'search' }))].sort(() => random() - 0.5);
    for (const { t, kind } of order) {
      const ms = await ask(t);
      (kind === 'topic' ? topicMs : searchMs).push(ms);
      perCommand.set(t, [...(perCommand.get(t) ?? []), ms]);
    }
  }
  if (byCommand) {
    const rows = [...perCommand].map(([t, ms]) => ({ t, p50: median(ms), max: Math.max(...ms) })).sort((a, b) => b.max - a.max);
    for (const { t, p50, max } of rows) process.stderr.write(`${round(max, 1).toString().padStart(8)} ms max ${round(p50, 1).toString().padStart(8)} ms p50  ${t}\n`);
  }
  const all = [...topicMs, ...searchMs];
  const key = backend === 'postgres' ? 'postgres' : 'embedded';
  emit({
    [`ask_p50_ms_100k_${key}`]: round(percentile(all, 50), 1),
    [`ask_p99_ms_100k_${key}`]: round(percentile(all, 99), 1),
    [`ask_topic_p99_ms_${key}`]: round(percentile(topicMs, 99), 1),
    [`ask_search_p99_ms_${key}`]: round(percentile(searchMs, 99), 1),
    [`ask_search_p50_ms_${key}`]: round(median(searchMs), 1),
    // This process's CPU per command: on a busy machine, what a free core would take (PGlite runs
    // in-process, so it is counted; a PostgreSQL server's work is not).
    [`ask_cpu_p50_ms_${key}`]: round(percentile(cpuMs, 50), 1),
    [`ask_cpu_p99_ms_${key}`]: round(percentile(cpuMs, 99), 1),
    [`ask_samples_${key}`]: all.length,
    [`ask_items_${key}`]: await store.items.count(),
  });
} finally {
  await store.close();
  await dropDatabase?.();
}

/** Pages through the source store by sort time and upserts into the target. */
async function copyItems(from: Store, to: Store): Promise<number> {
  let copied = 0;
  for (let offset = 0; ; offset += 5000) {
    const page = await from.items.find({ limit: 5000, offset });
    if (page.length === 0) return copied;
    await to.items.upsert(page);
    copied += page.length;
  }
}
