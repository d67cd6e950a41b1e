import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { EntityMention, TopicScore } from '../items/item.js';
import type { Follow } from '../follows/follow.js';

// Mirrors src/store/migrations/*.sql, which are the source of truth for DDL.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
// node-postgres reads bytea as a Buffer, PGlite as a Uint8Array: both are Uint8Arrays.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const items = pgTable('items', {
  id: text('id').primaryKey(),
  sourceId: text('source_id').notNull(),
  url: text('url'),
  title: text('title').notNull(),
  content: text('content').notNull(),
  published: ts('published'),
  /** 'feed', 'text' (read from the item's text) or null (undated); migration 0006. */
  publishedSource: text('published_source'),
  fetchedAt: ts('fetched_at').notNull(),
  sortTime: ts('sort_time').notNull(),
  author: text('author'),
  categories: jsonb('categories').$type<string[]>().notNull().default([]),
  declaredLang: text('declared_lang'),
  lang: text('lang').notNull().default('und'),
  topics: jsonb('topics').$type<TopicScore[]>().notNull().default([]),
  topicSlugs: text('topic_slugs').array().notNull().default(sql`'{}'`),
  mainTopic: text('main_topic'),
  entities: jsonb('entities').$type<EntityMention[]>().notNull().default([]),
  entityIds: text('entity_ids').array().notNull().default(sql`'{}'`),
  summary: jsonb('summary').$type<string[]>().notNull().default([]),
  storyId: text('story_id').notNull(),
  simhash: text('simhash').notNull().default(''),
  numbers: text('numbers').array().notNull().default(sql`'{}'`),
  links: text('links').array().notNull().default(sql`'{}'`),
  contentHash: text('content_hash').notNull(),
  // Searched through the expression index items_search_vector_idx on items_search_vector(search_text,
  // sort_time): its `simple` lexemes, entity tokens as one lexeme each and the item's month
  // (migrations 0002, 0004, 0005); there is no stored tsvector column.
  searchText: text('search_text').notNull().default(''),
  /** Content, summary and entities, deflated (src/store/item-body.ts); null in rows written before migration 0013. */
  body: bytea('body'),
});

/**
 * One row per (topic, item), kept by triggers on items (migration 0014): a topic's newest items in
 * time order from a btree, without reading item rows. Derived: never written by code, not backed up,
 * so it stays out of `schema` below (the backup test holds every table there to be in a backup).
 */
export const itemTopics = pgTable(
  'item_topics',
  {
    topic: text('topic').notNull(),
    sortTime: ts('sort_time').notNull(),
    itemId: text('item_id').notNull(),
    storyId: text('story_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.topic, t.sortTime, t.itemId] })],
);

export const sources = pgTable('sources', {
  id: text('id').primaryKey(),
  url: text('url').notNull().unique(),
  title: text('title'),
  addedAt: ts('added_at').notNull(),
  addedBy: text('added_by'),
  etag: text('etag'),
  lastModified: text('last_modified'),
  lastFetchAt: ts('last_fetch_at'),
  lastStatus: text('last_status'),
  lastError: text('last_error'),
  errorCount: integer('error_count').notNull().default(0),
  nextPollAt: ts('next_poll_at'),
  itemCount: integer('item_count').notNull().default(0),
  /** When consecutive fetches started failing (the first failure); null after a success (migration 0008). */
  failingSince: ts('failing_since'),
  /** The feed's language when known (a catalogue source's; migration 0010). */
  language: text('language'),
  /** The digests/sources.json id it was added from, if any (migration 0010). */
  catalogId: text('catalog_id'),
  /** The site the feed belongs to (OPML htmlUrl) and the OPML folders it was filed under, outermost first (migration 0011). */
  htmlUrl: text('html_url'),
  categoryPath: jsonb('category_path').$type<string[]>(),
});

/** Readable source names: an operator's (`ingest --source-name`) or a feed file's title (migration 0006). */
export const sourceNames = pgTable('source_names', {
  sourceId: text('source_id').primaryKey(),
  name: text('name').notNull(),
  givenBy: text('given_by').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export type Cadence =
  | { kind: 'weekly'; day: number; time: string }
  | { kind: 'daily'; time: string }
  | { kind: 'off' };

export const channels = pgTable('channels', {
  id: text('id').primaryKey(),
  platform: text('platform').notNull(),
  workspace: text('workspace').notNull(),
  topics: text('topics').array().notNull().default(sql`'{}'`),
  cadence: jsonb('cadence').$type<Cadence>().notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  uiLang: text('ui_lang').notNull().default('en'),
  maxStories: integer('max_stories').notNull().default(10),
  perTopic: integer('per_topic').notNull().default(3),
  mutedStories: text('muted_stories').array().notNull().default(sql`'{}'`),
  notifyEmpty: boolean('notify_empty').notNull().default(false),
  /** Names and phrases followed besides topics (migration 0008; src/follows/follow.ts). */
  follows: jsonb('follows').$type<Follow[]>().notNull().default(sql`'[]'::jsonb`),
  nextDueAt: ts('next_due_at'),
  lastDigestAt: ts('last_digest_at'),
  disabledReason: text('disabled_reason'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const deliveries = pgTable(
  'deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: text('channel_id').notNull(),
    periodKey: text('period_key').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    leaseUntil: ts('lease_until'),
    workerId: text('worker_id'),
    windowStart: ts('window_start'),
    windowEnd: ts('window_end'),
    storyIds: text('story_ids').array().notNull().default(sql`'{}'`),
    messageId: text('message_id'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
    firstPostAt: ts('first_post_at'),
    lastPostAt: ts('last_post_at'),
    guarantee: text('guarantee'),
  },
  (t) => [unique().on(t.channelId, t.periodKey)],
);

export const sentStories = pgTable(
  'sent_stories',
  {
    channelId: text('channel_id').notNull(),
    storyId: text('story_id').notNull(),
    sentAt: ts('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.storyId] })],
);

export const installations = pgTable('installations', {
  id: text('id').primaryKey(),
  platform: text('platform').notNull(),
  data: text('data').notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const conversationRefs = pgTable('conversation_refs', {
  channelId: text('channel_id').primaryKey(),
  reference: jsonb('reference').$type<Record<string, unknown>>().notNull(),
  active: boolean('active').notNull().default(true),
  updatedAt: ts('updated_at').notNull(),
});

export const schema = { items, sources, sourceNames, channels, deliveries, sentStories, installations, conversationRefs };
