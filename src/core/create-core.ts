import type { Analyzer } from '../analysis/analyzer.js';
import { createAnalyzer } from '../analysis/create-analyzer.js';
import { loadTaxonomy, type Taxonomy } from '../analysis/taxonomy-loader.js';
import type { Clock } from '../clock.js';
import { createCommandCenter } from '../commands/command-center.js';
import { createTokenBucketLimiter, type RateLimiter } from '../commands/rate-limiter.js';
import { loadCoreConfig, splitList } from '../config.js';
import { createDigestService, type FullDigestService } from '../digests/create-digest-service.js';
import { AllowList } from '../ingest/address-policy.js';
import { createFeedChecker } from '../ingest/check-feed.js';
import type { Logger } from '../logger.js';
import type { CommandSink } from '../platform/command-sink.js';
import type { Store } from '../store/store.js';
import { createTranslator } from '../translate/create-translator.js';
import { TranslationService } from '../translate/translation-service.js';
import type { Translator } from '../translate/translator.js';

export interface CoreDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** CYBERPOLICY_ADMINS and FETCH_ALLOW are read from here. */
  env: NodeJS.ProcessEnv;
  /** Defaults to a per-user token bucket of 20 commands a minute. */
  rateLimiter?: RateLimiter;
  /** Taxonomy file (default digests/topics.json). */
  taxonomyPath?: string;
  /** An analyzer already loaded (serve lends its own to the CLI commands it runs). */
  analyzer?: Analyzer;
  /** False where no delivery worker runs for this store (see CommandCenterDeps.deliveriesRun). */
  deliveriesRun?: boolean;
  /** A translator instead of the one TRANSLATE_PROVIDER names (tests, bench); null turns translation off. */
  translator?: Translator | null;
}

const TOPIC_CACHE_MS = 30_000;

/** The platform-neutral core, assembled once for `ask`, `serve` and tests. */
export interface Core {
  taxonomy: Taxonomy;
  analyzer: Analyzer;
  /** Digest previews and posts for commands, and the composer the delivery worker uses. */
  digests: FullDigestService;
  /** Where adapters send every command and button press. */
  sink: CommandSink;
  /** Machine translation, when a provider is configured. */
  translations?: TranslationService;
}

/**
 * Loads the models (taxonomy, analyzer) and wires the command center to the store, digests and clock.
 * Import this module lazily: it pulls in the language detector and the rest of the analysis stack.
 */
export async function createCore(deps: CoreDeps): Promise<Core> {
  const config = loadCoreConfig(deps.env);
  const taxonomy = loadTaxonomy(deps.taxonomyPath);
  // One taxonomy, read and compiled once, for the commands and the analyzer.
  const analyzer = deps.analyzer ?? (await createAnalyzer({ taxonomyPath: deps.taxonomyPath, taxonomy }));
  const translator = deps.translator !== undefined ? deps.translator : createTranslator(config);
  const translations = translator
    ? new TranslationService({ translator, store: deps.store.translations, logger: deps.logger.child({ module: 'translate' }), budgetMs: config.TRANSLATE_BUDGET_MS })
    : undefined;
  const digests = createDigestService({ store: deps.store, taxonomy, clock: deps.clock, logger: deps.logger, entityNames: analyzer.entityNames, translations });
  const allow = new AllowList(config.FETCH_ALLOW);
  const sink = createCommandCenter({
    store: deps.store,
    taxonomy,
    analyzer,
    digests,
    entityNames: analyzer.entityNames,
    entities: analyzer.entities,
    translations,
    clock: deps.clock,
    logger: deps.logger.child({ module: 'commands' }),
    admins: splitList(config.CYBERPOLICY_ADMINS),
    rateLimiter: deps.rateLimiter ?? createTokenBucketLimiter({ clock: deps.clock }),
    checkFeed: createFeedChecker({ allow, maxBytes: config.FEED_MAX_BYTES, detectLanguage: (item) => analyzer.detectLanguage?.(item) ?? item.lang ?? 'und' }),
    deliveriesRun: deps.deliveriesRun,
    // Topic commands from many users share one read per topic for this long (TopicRefsCache): news a
    // minute old is still news, and a write through this process (poller, import) drops it at once.
    topicCacheMs: TOPIC_CACHE_MS,
    headCacheMs: TOPIC_CACHE_MS,
  });
  return { taxonomy, analyzer, digests, sink, translations };
}
