/**
 * The figures `npm run bench` is judged on: key in results.json, a reader's label, the goal and its
 * test. run-bench.ts prints them; readme-table.ts writes the README's table from them, so the two
 * cannot disagree.
 */
export interface Goal {
  key: string;
  label: string;
  goal: string;
  met: (v: number) => boolean;
}

const report = () => true;

export const GOALS: Goal[] = [
  { key: 'analyze_items_per_s_per_core', label: 'Analysis, items per CPU-second (1 KB items, 18 languages)', goal: '≥ 2,000', met: (v) => v >= 2000 },
  { key: 'parse_speed_ratio_vs_rss_parser', label: 'Feed import speed vs rss-parser (parse, decode, clean)', goal: '≥ 1.3', met: (v) => v >= 1.3 },
  { key: 'ask_p50_ms_100k_embedded', label: '`paris-call` / `search` p50, PGlite, 100k items (ms)', goal: '(report)', met: report },
  { key: 'ask_p99_ms_100k_embedded', label: '`paris-call` / `search` p99, PGlite, 100k items (ms)', goal: '≤ 50', met: (v) => v <= 50 },
  { key: 'ask_p50_ms_100k_postgres', label: 'same p50 on PostgreSQL 15 (ms)', goal: '(report)', met: report },
  { key: 'ask_p99_ms_100k_postgres', label: 'same p99 on PostgreSQL 15 (ms)', goal: '≤ 20', met: (v) => v <= 20 },
  { key: 'serve_http_p50_ms', label: 'Commands over HTTP (`/slack/events`, 4 clients, the mix), p50, 100k items (ms)', goal: '(report)', met: report },
  { key: 'serve_http_p95_ms', label: 'same, p95 (ms)', goal: '(report)', met: report },
  { key: 'serve_http_p99_ms', label: 'same, p99 (ms)', goal: '≤ 50', met: (v) => v <= 50 },
  { key: 'serve_http_max_ms', label: 'same, slowest (ms)', goal: '(report)', met: report },
  { key: 'serve_http_topic_p99_ms', label: 'same, topic commands (60 %), p99 (ms)', goal: '(report)', met: report },
  { key: 'serve_http_search_p99_ms', label: 'same, searches (25 %), p99 (ms)', goal: '(report)', met: report },
  { key: 'serve_http_manage_p99_ms', label: 'same, list / subscribe / unsubscribe (10 %), p99 (ms)', goal: '(report)', met: report },
  { key: 'serve_http_digest_p99_ms', label: 'same, `digest` previews (5 %), p99 (ms)', goal: '(report)', met: report },
  { key: 'serve_busy_http_p99_ms', label: 'same mix, p99, while 200 digests are sent and 50 feeds polled (ms)', goal: '(report)', met: report },
  { key: 'slack_ack_p99_ms', label: 'Slack slash-command ack, p99 (ms)', goal: '< 1,000', met: (v) => v < 1000 },
  { key: 'rss_mb_100k', label: 'Highest RSS of `serve` at work (HTTP mix, 200 digests, 50 feeds), 100k items (MB)', goal: '≤ 400', met: (v) => v <= 400 },
  { key: 'serve_rss_peak_mb', label: 'Peak RSS (VmHWM) of that `serve`, start included (MB)', goal: '≤ 600', met: (v) => v <= 600 },
  { key: 'first_start_rss_peak_mb', label: 'Peak RSS of the very first `serve` start with the samples (MB)', goal: '≤ 600', met: (v) => v <= 600 },
  { key: 'serve_rss_small_mb', label: 'RSS of `serve` after start with the samples (MB)', goal: '≤ 400', met: (v) => v <= 400 },
  { key: 'ingest_rss_peak_mb', label: 'Peak RSS of `cyberpolicy ingest` importing a JSON Lines file into a store (10k items; MB)', goal: '≤ 600', met: (v) => v <= 600 },
  { key: 'fanout_efficiency', label: 'Digest fan-out to 1,000 channels, Slack (share of the theoretical minimum), the day\'s second fan-out: the limiter restarted with the workspace rate the first learned and kept in the store', goal: '≥ 0.95', met: (v) => v >= 0.95 },
  { key: 'fanout_efficiency_cold', label: 'same, the first fan-out: a limiter that knows nothing of the workspace\'s rate (starts at 1.5× it, learns from 429s)', goal: '(report)', met: report },
  { key: 'fanout_efficiency_teams', label: 'same, Teams (1,000 digests, five to each of 200 conversations: ~10 cards each, the per-conversation limits bind)', goal: '≥ 0.95', met: (v) => v >= 0.95 },
  { key: 'fanout_duplicates', label: 'Duplicate posts the fake Slack saw in that fan-out', goal: '0', met: (v) => v === 0 },
  { key: 'fanout_duplicates_teams', label: 'Duplicate posts the fake Teams connector saw', goal: '0', met: (v) => v === 0 },
  { key: 'startup_s', label: 'Cold `serve` to `/healthz`, 100k store (s)', goal: '≤ 5', met: (v) => v <= 5 },
  { key: 'disk_mb_100k', label: 'Embedded data directory after 100k items (MB)', goal: '≤ 600', met: (v) => v <= 600 },
  { key: 'backup_s_100k', label: '`backup` of a 100k store (s)', goal: '≤ 60', met: (v) => v <= 60 },
  { key: 'restore_postgres_s_100k', label: '`restore` of that backup into PostgreSQL (s)', goal: '≤ 60', met: (v) => v <= 60 },
  { key: 'digest_compose_ms_p99_translated', label: 'Digest composition p99 with translation, warm cache (ms)', goal: '≤ 1.2 × untranslated', met: report },
  { key: 'ingest_items_per_s', label: 'Ingest end to end, with analysis (items/s)', goal: '(report)', met: report },
];

export type GoalState = 'yes' | 'NO' | 'missing' | '-';

/** Whether a run's figure meets its goal; 'missing' when the run did not measure it. */
export function goalState(goal: Goal, results: Record<string, unknown>): GoalState {
  const v = results[goal.key];
  if (typeof v !== 'number') return 'missing';
  if (goal.goal === '(report)') return '-';
  return goal.met(v) ? 'yes' : 'NO';
}
