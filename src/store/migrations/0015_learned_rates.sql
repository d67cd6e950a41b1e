-- Issue 19 (fan-out): a platform's posting limit as the bot learned it from the platform's 429s, kept
-- across fan-outs and restarts, so a scheduled fan-out starts at the known rate instead of meeting the
-- limit again (each Slack workspace 429 holds every post back for its Retry-After). One row per
-- platform and scope (a Slack workspace); learned_at is when the platform's answers last set the
-- rate (a 429's cut or a probe above it), and the adapter drops a row older than its expiry, so a
-- stale rate is probed again. Operational state: backups leave it out (a restored store re-learns).
CREATE TABLE IF NOT EXISTS learned_rates (
  platform   text NOT NULL,
  scope      text NOT NULL,
  per_second double precision NOT NULL CHECK (per_second > 0),
  learned_at timestamptz NOT NULL,
  PRIMARY KEY (platform, scope)
);
