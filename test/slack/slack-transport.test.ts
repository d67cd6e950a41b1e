import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostRateLimiter, type LimiterTimer } from '../../adapters/slack/post-rate-limiter.js';
import { createSlackWebApi } from '../../adapters/slack/slack-web-api.js';
import { SlackTransport } from '../../adapters/slack/slack-transport.js';
import { PermanentDeliveryError, RateLimitedError, TransientDeliveryError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';

/** A timer that never waits: it records the sleeps and moves its own time forward. */
class RecordingTimer implements LimiterTimer {
  t = 0;
  readonly sleeps: number[] = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.t += ms;
  }
}

/** Virtual time for concurrent sleepers: drain() wakes them in time order. `stallUntil` models a busy event loop. */
class VirtualTimer implements LimiterTimer {
  t = 0;
  stallUntil = 0;
  private waiters: { at: number; wake: () => void }[] = [];
  now(): number {
    return this.t;
  }
  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.waiters.push({ at: Math.max(this.t + ms, this.stallUntil), wake }));
  }
  async drain(): Promise<void> {
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (!this.waiters.length) return;
      this.waiters.sort((a, b) => a.at - b.at);
      const next = this.waiters.shift()!;
      this.t = Math.max(this.t, next.at);
      next.wake();
    }
  }
}

const doc: ReplyDocument = { visibility: 'channel', fallbackText: 'Weekly digest', blocks: [{ type: 'header', text: 'Weekly digest' }, { type: 'text', text: 'One & two' }] };

describe('SlackTransport', () => {
  let slack: FakeSlackServer;
  let timer: RecordingTimer;
  let transport: SlackTransport;
  let limiter: PostRateLimiter;

  beforeEach(async () => {
    slack = await new FakeSlackServer().start();
    timer = new RecordingTimer();
    limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 20, timer });
    const api = await createSlackWebApi({ apiUrl: slack.apiUrl, logger: silentLogger });
    const tokens = { botToken: async (team: string) => (team === 'T_TEST' ? 'xoxb-test' : null) };
    transport = new SlackTransport({ api, tokens, limiter, logger: silentLogger });
  });
  afterEach(() => slack.close());

  it('posts one chat.postMessage with blocks, a text fallback, no parse/link_names and no unfurls', async () => {
    const posted = await transport.post('slack:T_TEST:C1', doc, { deliveryKey: 'k1' });
    expect(posted).toEqual({ messageId: '1764331200.000001' });
    expect(slack.calls).toEqual([
      {
        method: 'chat.postMessage',
        token: 'xoxb-test',
        args: {
          channel: 'C1',
          text: 'Weekly digest',
          blocks: [
            { type: 'header', text: { type: 'plain_text', text: 'Weekly digest' } },
            { type: 'section', text: { type: 'mrkdwn', text: 'One &amp; two', verbatim: true } },
          ],
          unfurl_links: 'false',
          unfurl_media: 'false',
          // The delivery key, for the recovery probe (conversations.history with include_all_metadata).
          metadata: { event_type: 'cyberpolicy_digest', event_payload: { delivery_key: 'k1' } },
        },
      },
    ]);
  });

  it('puts the overflow of a long digest in the thread of the first message', async () => {
    const long: ReplyDocument = {
      visibility: 'channel',
      fallbackText: 'Big digest',
      blocks: Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: `Paragraph ${i}` })),
    };
    const posted = await transport.post('slack:T_TEST:C1', long);
    const posts = slack.posts('C1');
    expect(posts.map((p) => [p.args.thread_ts ?? null, (p.args.blocks as unknown[]).length, p.args.text])).toEqual([
      [null, 50, 'Big digest'],
      ['1764331200.000001', 10, '(continued 2/2) Big digest'],
    ]);
    expect(posted.messageId).toBe('1764331200.000001');
    // The second message in the same channel waited its turn (1 message per second per channel).
    expect(timer.sleeps).toEqual([1000]);
  });

  it('turns a 429 into RateLimitedError with Retry-After and holds the workspace back', async () => {
    slack.failNext('chat.postMessage', { retryAfterSeconds: 7 });
    const error = await transport.post('slack:T_TEST:C1', doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    await transport.post('slack:T_TEST:C2', doc);
    expect(timer.sleeps).toEqual([7000]);
  });

  it('joins a public channel on not_in_channel and posts', async () => {
    slack.members = new Set();
    await transport.post('slack:T_TEST:C_PUBLIC', doc);
    expect(slack.calls.map((c) => `${c.method} ${String(c.args.channel)}`)).toEqual([
      'chat.postMessage C_PUBLIC',
      'conversations.join C_PUBLIC',
      'chat.postMessage C_PUBLIC',
    ]);
  });

  it('tells the installer to invite the bot when it cannot join', async () => {
    slack.members = new Set();
    slack.unjoinable.add('G_PRIVATE');
    const error = await transport.post('slack:T_TEST:G_PRIVATE', doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toBe(
      'The bot is not in channel G_PRIVATE and could not join it (method_not_supported_for_channel_type). Invite it: type /invite @cyberpolicy in the channel.',
    );
  });

  it.each([
    ['channel_not_found', 'the channel was not found (deleted, or private without the bot)'],
    ['is_archived', 'the channel is archived'],
    ['account_inactive', 'the bot account is deactivated; reinstall the app'],
    ['token_revoked', 'the app was uninstalled or its token revoked; reinstall the app'],
  ])('treats %s as permanent', async (code, reason) => {
    slack.failNext('chat.postMessage', { error: code });
    const error = await transport.post('slack:T_TEST:C1', doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toBe(`Slack refused the post to C1 (${code}): ${reason}.`);
  });

  it('treats Slack internal errors as transient', async () => {
    slack.failNext('chat.postMessage', { error: 'internal_error' });
    const error = await transport.post('slack:T_TEST:C1', doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientDeliveryError);
  });

  it('refuses a workspace without an installation, permanently', async () => {
    const error = await transport.post('slack:T_GONE:C1', doc).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toBe('The Slack app is not installed in workspace T_GONE (uninstalled?); install it again to resume digests.');
    expect(slack.calls).toEqual([]);
  });

  it('retries a rate-limited thread reply instead of failing the whole digest', async () => {
    const long: ReplyDocument = { visibility: 'channel', fallbackText: 'Big', blocks: Array.from({ length: 51 }, (_, i) => ({ type: 'text' as const, text: `P${i}` })) };
    slack.failNext('chat.postMessage', { retryAfterSeconds: 2, channel: 'C1' });
    // The first call fails with 429 (parent): the scheduler retries the whole post later.
    await expect(transport.post('slack:T_TEST:C1', long)).rejects.toBeInstanceOf(RateLimitedError);
    expect(slack.posts('C1').length).toBe(1);
    await transport.post('slack:T_TEST:C1', long);
    expect(slack.posts('C1').map((p) => p.args.thread_ts ?? null)).toEqual([null, null, '1764331200.000001']);
  });
});

describe('PostRateLimiter', () => {
  it('spaces posts 1 s apart per channel and at the workspace rate across channels, filling gaps', async () => {
    const timer = new VirtualTimer();
    const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 4, timer });
    const sends: string[] = [];
    const all = Promise.all(['A', 'A', 'A', 'B', 'C', 'D', 'E'].map((c) => limiter.acquire('T', c).then(() => sends.push(`${c}@${timer.t}`))));
    await timer.drain();
    await all;
    expect(sends).toEqual(['A@0', 'B@250', 'C@500', 'D@750', 'A@1000', 'E@1250', 'A@2000']);
  });

  it('re-spaces posts whose timers fired together after a stall, so they do not leave in a burst', async () => {
    const timer = new VirtualTimer();
    timer.stallUntil = 900;
    const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 4, timer });
    const sends: string[] = [];
    const all = Promise.all(['A', 'B', 'C', 'D'].map((c) => limiter.acquire('T', c).then(() => sends.push(`${c}@${timer.t}`))));
    await timer.drain();
    await all;
    // B, C and D were planned at 250, 500 and 750, but the event loop stalled until 900 and they all
    // woke then: one slot of tolerance lets C follow B, then D waits its 250 ms.
    expect(sends).toEqual(['A@0', 'B@900', 'C@900', 'D@1150']);
  });

  it('holds a workspace back after a 429', async () => {
    const timer = new VirtualTimer();
    const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 10, timer });
    limiter.penalize('T', 30_000);
    const sends: string[] = [];
    const all = Promise.all([limiter.acquire('T', 'A').then(() => sends.push(`T@${timer.t}`)), limiter.acquire('U', 'A').then(() => sends.push(`U@${timer.t}`))]);
    await timer.drain();
    await all;
    expect(sends).toEqual(['U@0', 'T@30000']);
  });

  it('learns a lower workspace rate from 429s: once per penalty, not per 429 of the same burst (the rules are in workspace-rate.test.ts)', async () => {
    const timer = new VirtualTimer();
    const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 10, timer });
    limiter.penalize('T', 1000);
    // Posts in flight meet the same limit while the workspace is held: they teach nothing new.
    limiter.penalize('T', 1000);
    // No post was waiting on the rate (our own pace was below it), so the 429 does not measure Slack's
    // limit: 3 % off, soon undone (a stall that bunched posts looks like this).
    expect([limiter.workspaceRate('T'), limiter.workspaceRate('U')]).toEqual([9.7, 10]);
    timer.t = 1000;
    limiter.penalize('T', 1000);
    // A second such 429 within 5 s is the limit; with no accepted pace to go by, 20 % off.
    expect(limiter.workspaceRate('T')).toBeCloseTo(7.76, 10);
    // After the penalty, slots are 1000 / 7.76 = 128.87 ms wide (on a grid from 0: the 16th starts at 2061.86).
    const sends: string[] = [];
    const all = Promise.all(['A', 'B', 'C'].map((c) => limiter.acquire('T', c).then(() => sends.push(`${c}@${timer.t.toFixed(1)}`))));
    await timer.drain();
    await all;
    expect(sends).toEqual(['A@2000.0', 'B@2061.9', 'C@2190.7']);
  });

  it('keeps workspaces independent', async () => {
    const timer = new RecordingTimer();
    const limiter = new PostRateLimiter({ channelIntervalMs: 1000, workspacePerSecond: 1, timer });
    await limiter.acquire('T1', 'C');
    await limiter.acquire('T2', 'C');
    expect(timer.sleeps).toEqual([]);
  });
});
