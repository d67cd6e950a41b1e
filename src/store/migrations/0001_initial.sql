-- Items: one row per imported item, with its analysis.
CREATE TABLE items (
  id            text PRIMARY KEY,
  source_id     text NOT NULL,
  url           text,
  title         text NOT NULL,
  content       text NOT NULL,
  published     timestamptz,
  fetched_at    timestamptz NOT NULL,
  sort_time     timestamptz NOT NULL,
  author        text,
  categories    jsonb NOT NULL DEFAULT '[]',
  declared_lang text,
  lang          text NOT NULL DEFAULT 'und',
  topics        jsonb NOT NULL DEFAULT '[]',
  topic_slugs   text[] NOT NULL DEFAULT '{}',
  main_topic    text,
  entities      jsonb NOT NULL DEFAULT '[]',
  entity_ids    text[] NOT NULL DEFAULT '{}',
  summary       jsonb NOT NULL DEFAULT '[]',
  story_id      text NOT NULL,
  simhash       text NOT NULL DEFAULT '',
  numbers       text[] NOT NULL DEFAULT '{}',
  links         text[] NOT NULL DEFAULT '{}',
  content_hash  text NOT NULL,
  -- Normalised words (case-folded, diacritics handled, stems and entity ids appended) for full-text search.
  search_text   text NOT NULL DEFAULT '',
  search_tsv    tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED
);
CREATE INDEX items_sort_time_idx ON items (sort_time DESC);
CREATE INDEX items_topic_slugs_idx ON items USING gin (topic_slugs);
CREATE INDEX items_entity_ids_idx ON items USING gin (entity_ids);
CREATE INDEX items_search_tsv_idx ON items USING gin (search_tsv);
CREATE INDEX items_story_idx ON items (story_id);
CREATE INDEX items_url_idx ON items (url);
CREATE INDEX items_main_topic_idx ON items (main_topic, sort_time DESC);

-- Feed sources polled by `serve`.
CREATE TABLE sources (
  id             text PRIMARY KEY,
  url            text NOT NULL UNIQUE,
  title          text,
  added_at       timestamptz NOT NULL,
  added_by       text,
  etag           text,
  last_modified  text,
  last_fetch_at  timestamptz,
  last_status    text,
  last_error     text,
  error_count    integer NOT NULL DEFAULT 0,
  next_poll_at   timestamptz,
  item_count     integer NOT NULL DEFAULT 0
);

-- A place digests go to: slack:<team>:<channel>, teams:<tenant>:<conversation>, demo:<name>.
CREATE TABLE channels (
  id              text PRIMARY KEY,
  platform        text NOT NULL,
  workspace       text NOT NULL,
  topics          text[] NOT NULL DEFAULT '{}',
  cadence         jsonb NOT NULL DEFAULT '{"kind":"weekly","day":1,"time":"09:00"}',
  time_zone       text NOT NULL DEFAULT 'UTC',
  ui_lang         text NOT NULL DEFAULT 'en',
  max_stories     integer NOT NULL DEFAULT 10,
  per_topic       integer NOT NULL DEFAULT 3,
  muted_stories   text[] NOT NULL DEFAULT '{}',
  notify_empty    boolean NOT NULL DEFAULT false,
  next_due_at     timestamptz,
  last_digest_at  timestamptz,
  disabled_reason text,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);
CREATE INDEX channels_next_due_idx ON channels (next_due_at) WHERE disabled_reason IS NULL;
CREATE INDEX channels_workspace_idx ON channels (platform, workspace);

-- Transactional outbox: one row per (channel, period) digest; claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE deliveries (
  id              bigserial PRIMARY KEY,
  channel_id      text NOT NULL,
  period_key      text NOT NULL,
  kind            text NOT NULL,
  status          text NOT NULL DEFAULT 'pending',
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  worker_id       text,
  window_start    timestamptz,
  window_end      timestamptz,
  story_ids       text[] NOT NULL DEFAULT '{}',
  message_id      text,
  last_error      text,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz,
  UNIQUE (channel_id, period_key)
);
CREATE INDEX deliveries_claim_idx ON deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');

-- Stories already delivered to a channel: never sent there again.
CREATE TABLE sent_stories (
  channel_id  text NOT NULL,
  story_id    text NOT NULL,
  sent_at     timestamptz NOT NULL,
  PRIMARY KEY (channel_id, story_id)
);

-- Platform installations (Slack OAuth, Teams tenants). `data` is encrypted when ENCRYPTION_KEY is set.
CREATE TABLE installations (
  id          text PRIMARY KEY,
  platform    text NOT NULL,
  data        text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);

-- Teams conversation references for proactive messages.
CREATE TABLE conversation_refs (
  channel_id  text PRIMARY KEY,
  reference   jsonb NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  updated_at  timestamptz NOT NULL
);
