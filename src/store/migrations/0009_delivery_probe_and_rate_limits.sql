-- Exactly-once on the real platforms (issue 18).
-- first_post_at / last_post_at: when an attempt began posting. A row whose last attempt began posting and
-- did not record the outcome is probed (wasPosted) before posting again; first_post_at bounds the probe's
-- history read, last_post_at starts the 60 s a blind retry waits where no probe is granted. An attempt that
-- certainly did not post (the platform answered with an error) clears last_post_at.
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS first_post_at timestamptz;
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS last_post_at timestamptz;
-- The guarantee the channel had when this digest was sent ('exactly-once' or 'at-most-one-duplicate').
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS guarantee text;

-- Shared rate limits (rate-limiter-flexible's PostgreSQL store, its own table layout), so every replica
-- counts the per-user command limit and the Slack/Teams posting limits together.
CREATE TABLE IF NOT EXISTS rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
