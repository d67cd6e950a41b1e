import type { EntityNames, NamedEntity } from '../i18n/entity-names.js';
import type { TranslationService } from '../translate/translation-service.js';
import type { Analyzer } from '../analysis/analyzer.js';
import type { Clock } from '../clock.js';
import type { SourceCatalog } from '../ingest/source-catalog.js';
import type { FeedChecker } from '../ingest/check-feed.js';
import type { DigestService } from '../digests/digest-service.js';
import type { Logger } from '../logger.js';
import type { CommandOrigin } from '../platform/command-sink.js';
import type { ChannelSettings } from '../store/channel-repository.js';
import type { Store } from '../store/store.js';
import type { ItemRef } from '../store/item-repository.js';
import type { ItemHead } from '../items/item.js';
import type { ListingCache } from './listing-cache.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Taxonomy, TopicResolver } from './topic-words.js';

/** Everything the command center needs, passed in (no module reaches for globals). */
export interface CommandCenterDeps {
  store: Store;
  taxonomy: Taxonomy;
  /** Only `searchQuery` is used: search words -> tsquery and canonical entity ids. */
  analyzer: Pick<Analyzer, 'searchQuery' | 'explainTopics' | 'detectLanguage'>;
  digests: DigestService;
  /** Entity names per language for key-facts lines (default: the English names the analysis carries). */
  entityNames?: EntityNames;
  /** The gazetteer's entities (names in every language): what `follow` resolves names against and suggests. */
  entities?: readonly NamedEntity[];
  /** Machine translation of foreign stories (TRANSLATE_PROVIDER); absent: off. */
  translations?: TranslationService;
  clock: Clock;
  logger: Logger;
  /** User ids (as adapters prefix them, e.g. slack:U123) allowed to manage sources besides platform admins. */
  admins: readonly string[];
  rateLimiter: RateLimiter;
  /**
   * Fetches a candidate source once through the SSRF guard and says what it is (`sources add`).
   * Defaults to the guarded fetch with no operator allow-list (FETCH_ALLOW) and the analyzer's language detection.
   */
  checkFeed?: FeedChecker;
  /** The source catalogue (`sources catalog`, `sources add catalog:<id>`); default: digests/sources.json. */
  sourceCatalog?: SourceCatalog;
  /**
   * False where no delivery worker runs for this store (the CLI on its own, `serve` with SCHEDULER=0):
   * `digest post` then says the digest is queued until `cyberpolicy serve` runs, not that it posts now.
   */
  deliveriesRun?: boolean;
  /**
   * How long one read of a topic's newest items answers later topic commands (TopicRefsCache);
   * absent or 0: every command reads the store (tests, and the ask bench, which measures that read).
   */
  topicCacheMs?: number;
  /**
   * How long a head read answers later commands (HeadCache); absent or 0: every command reads its heads
   * (tests, and the ask bench, which measures that read).
   */
  headCacheMs?: number;
}

/** A topic's newest refs from `since` on (all without it), newest first, at most `limit`. */
export type TopicRefsRead = (slug: string, since: Date | undefined, limit: number) => Promise<ItemRef[]>;

/** Heads by id, in the order of `ids` (unknown ids left out); shared and frozen when cached. */
export type HeadsRead = (ids: readonly string[]) => Promise<ItemHead[]>;

/** One command being run: who asked, in which channel (the only channel it may touch), and when. */
export interface CommandContext {
  deps: CommandCenterDeps;
  topics: TopicResolver;
  /** Reads a topic's newest items, through the shared TopicRefsCache when the command center has one. */
  topicRefs: TopicRefsRead;
  /** Reads the heads a listing shows, through the shared HeadCache when the command center has one. */
  heads: HeadsRead;
  /** Composed topic listings shared for a few seconds (only with the TopicRefsCache and HeadCache on). */
  listings?: ListingCache;
  origin: CommandOrigin;
  /** The channel's settings, loaded by origin.channelId (created with defaults on first use). */
  channel: ChannelSettings;
  lang: string;
  now: Date;
}

export function isAdmin(ctx: CommandContext): boolean {
  return ctx.origin.isAdmin === true || ctx.deps.admins.includes(ctx.origin.userId);
}
