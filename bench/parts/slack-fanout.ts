/**
 * Slack fan-out: one digest posted to N channels of one workspace through the real SlackTransport and
 * WebClient, against the fake Slack on 127.0.0.1 enforcing 1 message/s per channel and a workspace
 * rate (429 beyond it). Efficiency = theoretical minimum time / measured time (goal >= 0.95).
 *   --channels 1000   --rate 200 (workspace messages per second)   --messages-per-channel 1
 */
import { PostRateLimiter } from '../../adapters/slack/post-rate-limiter.js';
import { SlackTransport } from '../../adapters/slack/slack-transport.js';
import { createSlackWebApi } from '../../adapters/slack/slack-web-api.js';
import { RateLimitedError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import { FakeSlackServer } from '../../test/helpers/fake-slack-server.js';
import { emit, flag, round } from '../bench-util.js';

const channels = Number(flag('channels', '1000'));
const rate = Number(flag('rate', '200'));
const perChannel = Number(flag('messages-per-channel', '1'));

const digest: ReplyDocument = {
  visibility: 'channel',
  fallbackText: 'Weekly cyber-policy digest',
  blocks: [
    { type: 'header', text: 'Weekly cyber-policy digest' },
    ...Array.from({ length: 5 }, (_, i) => ({
      type: 'story' as const,
      story: {
        id: `s${i}`,
        title: `Story ${i}: Paris Call supporters meet`,
        summary: ['Supporters of the Paris Call met to discuss norms.', 'They agreed on a statement.'],
        lang: 'en',
        dir: 'ltr' as const,
        topics: [{ slug: 'paris-call', name: 'Paris Call' }],
        sources: [{ name: 'Policy Wire', url: `https://wire.example/${i}` }],
        alsoIn: ['FR'],
        published: '2026-11-20T09:00:00Z',
        actions: [{ id: 'subscribe_topic' as const, label: 'Subscribe to this topic', value: 'paris-call' }],
      },
    })),
  ],
};

const slack = await new FakeSlackServer().start();
slack.channelIntervalMs = 1000;
slack.workspacePerSecond = rate;
const api = await createSlackWebApi({ apiUrl: slack.apiUrl, logger: silentLogger });
const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: rate });
const transport = new SlackTransport({ api, tokens: { botToken: async () => 'xoxb-bench' }, limiter, logger: silentLogger });

let rateLimited = 0;
async function postWithRetry(channel: string): Promise<void> {
  for (;;) {
    try {
      await transport.post(`slack:T_BENCH:${channel}`, digest);
      return;
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      rateLimited++;
    }
  }
}

const started = performance.now();
await Promise.all(
  Array.from({ length: channels }, async (_, i) => {
    for (let m = 0; m < perChannel; m++) await postWithRetry(`C${String(i).padStart(5, '0')}`);
  }),
);
const measuredS = (performance.now() - started) / 1000;
const total = channels * perChannel;
// The first post goes at t=0; then the workspace rate or one channel's 1 s spacing, whichever binds.
const theoreticalS = Math.max((total - 1) / rate, perChannel - 1);
await slack.close();
// Most posts that reached the fake within any 1 s window (timer and network jitter show up here).
let maxPerSecond = 0;
for (let i = 0, j = 0; i < slack.postTimes.length; i++) {
  while (slack.postTimes[i]! - slack.postTimes[j]! >= 1000) j++;
  maxPerSecond = Math.max(maxPerSecond, i - j + 1);
}

emit({
  channels,
  workspace_rate_per_s: rate,
  messages: total,
  posted: slack.posts().length,
  rate_limited_429: rateLimited,
  rejected_by_channel_limit: slack.rejected.channel,
  rejected_by_workspace_limit: slack.rejected.workspace,
  max_arrivals_in_1s: maxPerSecond,
  theoretical_s: round(theoreticalS, 3),
  measured_s: round(measuredS, 3),
  efficiency: round(theoreticalS / measuredS, 3),
});
