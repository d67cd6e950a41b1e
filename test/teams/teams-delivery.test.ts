import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { PermanentDeliveryError, RateLimitedError, TransientDeliveryError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';
import type { CommandSink } from '../../src/platform/command-sink.js';
import { textReply, type ReplyDocument, type StoryView } from '../../src/replies/reply-document.js';
import type { Store } from '../../src/store/store.js';
import { ConnectorError } from '../../adapters/teams/activity.js';
import { ConversationSender } from '../../adapters/teams/delivery-retry.js';
import { SlidingWindowLimiter, TEAMS_TENANT_LIMITS, TenantMargin } from '../../adapters/teams/rate-limiter.js';
import type { FakeBotConnector } from '../helpers/fake-bot-connector.js';
import { CHANNEL, PERSONAL, TENANT, channelMessage, expectValidActivity, personalMessage, useTeamsServer, visibleText, type TeamsServer } from './teams-test-kit.js';

const CHANNEL_ID = `teams:${TENANT}:${CHANNEL}`;

describe('per-conversation rate limits (7/1 s, 8/2 s, 60/30 s, 1,800/h)', () => {
  it('books slots until a window is full and says how long to wait', () => {
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    const limiter = new SlidingWindowLimiter(clock);
    for (let i = 0; i < 7; i++) expect(limiter.reserve('c')).toBe(0);
    expect(limiter.reserve('c')).toBe(1000); // 7 in the last second
    expect(limiter.reserve('other')).toBe(0); // limits are per conversation
    clock.advance(1000);
    expect(limiter.reserve('c')).toBe(0); // 8th inside 2 s
    expect(limiter.reserve('c')).toBe(1000); // 8 in the last 2 s: the first frees at +2 s
    clock.advance(1000);
    expect(limiter.reserve('c')).toBe(0);
  });

  it('holds 60 per 30 s and 1,800 per hour', () => {
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    const limiter = new SlidingWindowLimiter(clock);
    let sent = 0;
    // One message every 250 ms would be 120 per 30 s; the 30 s window stops it at 60.
    for (let step = 0; step < 120; step++) {
      if (limiter.reserve('c') === 0) sent++;
      clock.advance(250);
    }
    expect(sent).toBe(60);
    const hourly = new SlidingWindowLimiter(clock);
    let hour = 0;
    // One message every 600 ms stays under 60/30 s (50) but reaches 1,800 within the hour.
    for (let step = 0; step < 6000; step++) {
      if (hourly.reserve('h') === 0) hour++;
      clock.advance(600);
      if (step === 3000) expect(hour).toBe(1800);
    }
    expect(hour).toBe(1800 + Math.floor((6000 * 600 - 3_600_000) / 600) - 0);
  });
});

describe('per-tenant rate limit (50 a second, with a 50 ms margin)', () => {
  it('spreads the posts in a tenant over its window, five every 105 ms, instead of 50 at once', () => {
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    const limiter = new SlidingWindowLimiter(clock, TEAMS_TENANT_LIMITS);
    const booked = new Map<number, number>();
    // A sender with a backlog, asking every millisecond for as many slots as there are.
    for (let ms = 0; ms < 2100; ms++) {
      while (limiter.reserve('tenant') === 0) booked.set(ms, (booked.get(ms) ?? 0) + 1);
      clock.advance(1);
    }
    expect([...booked.keys()]).toEqual(Array.from({ length: 20 }, (_, i) => i * 105));
    expect([...booked.values()].every((n) => n === 5)).toBe(true);
  });
});

describe('per-tenant margin learned from the connector\'s answers', () => {
  it('is the longest of the last 100 slot-to-answer times, at least 5 ms and at most 150 ms', () => {
    let t = 0;
    const margin = new TenantMargin(() => t);
    expect(margin.ms).toBe(5);
    expect(margin.windows()).toEqual([{ max: 50, windowMs: 1005 }, { max: 5, windowMs: 100.5 }]);
    // Answers 3 ms after their slot (an idle machine): the floor.
    for (let i = 0; i < 100; i++) {
      const booked = margin.stamp();
      t += 3;
      margin.answered(booked);
    }
    expect(margin.ms).toBe(5);
    // One post answered 42 ms after its slot (a busy event loop): 42 ms, for the next 100 posts.
    let booked = margin.stamp();
    t += 42;
    margin.answered(booked);
    expect(margin.ms).toBe(42);
    for (let i = 0; i < 99; i++) {
      booked = margin.stamp();
      t += 3;
      margin.answered(booked);
    }
    expect(margin.ms).toBe(42);
    booked = margin.stamp();
    t += 3;
    margin.answered(booked);
    expect(margin.ms).toBe(5);
    booked = margin.stamp();
    t += 400;
    margin.answered(booked);
    expect(margin.ms).toBe(150);
  });

  it('widens by 25 ms on a 429, fading by 1 ms a second', () => {
    let t = 0;
    const margin = new TenantMargin(() => t);
    margin.limited();
    expect(margin.ms).toBe(30);
    margin.limited();
    expect(margin.ms).toBe(55);
    t = 20_000;
    expect(margin.ms).toBe(35);
    t = 60_000;
    expect(margin.ms).toBe(5);
  });

  it('a limiter over its windows follows the margin as it moves', () => {
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    let t = 0;
    const margin = new TenantMargin(() => t);
    const limiter = new SlidingWindowLimiter(clock, () => margin.windows());
    const bookedAt = (until: number) => {
      const at: number[] = [];
      for (let ms = 0; ms < until; ms++) {
        while (limiter.reserve('tenant') === 0) at.push(ms);
        clock.advance(1);
      }
      return at;
    };
    // 5 ms: five every 100.5 ms (a millisecond clock books them at the next whole one).
    const groups = (at: number[]) => [...new Set(at)].map((ms) => [ms, at.filter((x) => x === ms).length]);
    expect(groups(bookedAt(505))).toEqual([[0, 5], [101, 5], [202, 5], [303, 5], [404, 5]]);
    // A 429: 30 ms, so 103 ms between groups from then on (the next at 507, 2 ms into this call).
    margin.limited();
    expect(groups(bookedAt(400))).toEqual([[2, 5], [105, 5], [208, 5], [311, 5]]);
  });
});

describe('ConversationSender retries', () => {
  const make = (policy?: ConstructorParameters<typeof ConversationSender>[0]['policy']) => {
    const clock = new ManualClock('2026-11-28T12:00:00Z');
    const sleeps: number[] = [];
    const sender = new ConversationSender({
      limiter: new SlidingWindowLimiter(clock),
      logger: silentLogger,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
      random: () => 0.5,
      policy,
    });
    return { sender, sleeps };
  };
  const failing = (...errors: (ConnectorError | null)[]) => {
    let i = 0;
    return async () => {
      const e = errors[i++];
      if (e) throw e;
      return `id-${i}`;
    };
  };

  it('retries 429, 412, 502 and 504 with exponential backoff and jitter, honouring Retry-After', async () => {
    const { sender, sleeps } = make();
    const post = failing(new ConnectorError(429, 2000, '429'), new ConnectorError(412, null, '412'), new ConnectorError(502, null, '502'), null);
    expect(await sender.send('c', post)).toBe('id-4');
    // Retry-After 2 s, then equal-jitter backoff with random() = 0.5 for attempts 2 and 3: 1000 ms -> 750, 2000 ms -> 1500.
    expect(sleeps).toEqual([2000, 750, 1500]);
    const second = make();
    expect(await second.sender.send('c', failing(new ConnectorError(504, null, '504'), new ConnectorError(504, null, '504'), null))).toBe('id-3');
    expect(second.sleeps).toEqual([375, 750]);
  });

  it('gives up after the last attempt with the error the scheduler acts on', async () => {
    const { sender } = make();
    await expect(sender.send('c', failing(...Array(4).fill(new ConnectorError(502, null, '502'))))).rejects.toBeInstanceOf(TransientDeliveryError);
    const throttled = make();
    const err = await throttled.sender.send('c', failing(...Array(4).fill(new ConnectorError(429, 3000, '429')))).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterMs).toBe(3000);
  });

  it('hands long Retry-After and full windows back to the scheduler instead of sleeping', async () => {
    const { sender, sleeps } = make();
    const err = await sender.send('c', failing(new ConnectorError(429, 60_000, '429'))).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.retryAfterMs).toBe(60_000);
    expect(sleeps).toEqual([]);
  });

  it('treats 403 and 404 as permanent, without retrying', async () => {
    const { sender, sleeps } = make();
    let calls = 0;
    const forbidden = async () => {
      calls++;
      throw new ConnectorError(403, null, '403');
    };
    const err = await sender.send('c', forbidden).catch((e) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(err.userMessage).toBe('Teams refused the message (403): the bot was removed or blocked in this conversation');
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
    await expect(sender.send('c', failing(new ConnectorError(404, null, '404')))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('waits for a slot when a conversation is busy', async () => {
    const { sender, sleeps } = make();
    for (let i = 0; i < 8; i++) await sender.send('busy', async () => 'ok');
    expect(sleeps).toEqual([1000]);
  });
});

const sink: CommandSink = {
  processCommand: async (_o, text) => textReply(`ran: ${text}`),
  processAction: async () => textReply('pressed'),
};

function digest(stories: number): ReplyDocument {
  const long = 'A sentence about cyber policy that is long enough to fill the card. '.repeat(7);
  const story = (i: number): StoryView => ({
    id: `s${i}`,
    title: `Digest story ${i}`,
    summary: [long, long, long],
    lang: 'en',
    dir: 'ltr',
    topics: [{ slug: 'paris-call', name: 'Paris Call' }],
    sources: [{ name: 'Example', url: `https://news.example/${i}` }],
    alsoIn: [],
    published: '2026-11-27',
    actions: [],
  });
  return { visibility: 'channel', fallbackText: 'Weekly digest', blocks: [{ type: 'header', text: 'Weekly digest' }, ...Array.from({ length: stories }, (_, i) => ({ type: 'story' as const, story: story(i) }))] };
}

describe('TeamsTransport (proactive posts through the fake Bot Connector)', () => {
  // The server owns its in-memory store and closes it.
  const teams = useTeamsServer(() => ({ sink }), { resetAfterEach: true });
  let store: Store;
  let connector: FakeBotConnector;
  let server: TeamsServer;
  beforeEach(() => {
    ({ server } = teams);
    ({ store, connector } = server);
  });

  it('posts a new message into a channel it knows, and long digests continue in that thread', async () => {
    await server.send(channelMessage(connector.url, 'help'));
    connector.reset();
    const posted = await server.instance.transport!.post(CHANNEL_ID, digest(30), { deliveryKey: 'k1' });
    const posts = connector.posts();
    expect(posts.length).toBeGreaterThan(1);
    expect(posts[0]!.conversationId).toBe(CHANNEL);
    expect(posts[0]!.activityId).toBeNull();
    expect(posted.messageId).toMatch(/^1\d{12}$/);
    for (const later of posts.slice(1)) {
      expect(later.conversationId).toBe(`${CHANNEL};messageid=${posted.messageId}`);
      expect(later.activityId).toBeNull();
    }
    for (const post of posts) expectValidActivity(post);
    expect(visibleText(posts).match(/Digest story \d+/g)).toEqual(Array.from({ length: 30 }, (_, i) => `Digest story ${i}`));
  });

  it('keeps a digest posted when a later card fails for good, so the outbox does not post it again', async () => {
    await server.send(channelMessage(connector.url, 'help'));
    connector.reset();
    // The first card lands; the thread's first card is then refused (403: not retried).
    connector.onPost = (_call, total) => {
      if (total === 1) connector.failNext(403);
    };
    try {
      const posted = await server.instance.transport!.post(CHANNEL_ID, digest(30), { deliveryKey: 'k-thread' });
      expect(posted.messageId).toMatch(/^1\d{12}$/);
      expect([connector.posts().length, connector.calls.map((c) => c.status)]).toEqual([1, [200, 403]]);
    } finally {
      connector.onPost = null;
    }
  });

  it('replies under an earlier post in a channel, and posts in order in a personal chat', async () => {
    await server.send(channelMessage(connector.url, 'help'));
    await server.send(personalMessage(connector.url, 'help'));
    connector.reset();
    await server.instance.transport!.reply(CHANNEL_ID, '1700000000000', textReply('more', 'channel'));
    expect(connector.posts().map((p) => p.conversationId)).toEqual([`${CHANNEL};messageid=1700000000000`]);
    connector.reset();
    await server.instance.transport!.post(`teams:${TENANT}:${PERSONAL}`, digest(30));
    expect(new Set(connector.posts().map((p) => p.conversationId))).toEqual(new Set([PERSONAL]));
  });

  it('retries a 429 and a 502 from the connector and posts once', async () => {
    await server.send(channelMessage(connector.url, 'help'));
    connector.reset();
    connector.failNext(429, { 'retry-after': '1' });
    connector.failNext(502);
    await server.instance.transport!.post(CHANNEL_ID, textReply('digest', 'channel'));
    expect(connector.calls.map((c) => c.status)).toEqual([429, 502, 200]);
    expect(connector.posts()).toHaveLength(1);
  });

  it('turns a 403 into PermanentDeliveryError and a persistent 504 into TransientDeliveryError', async () => {
    await server.send(channelMessage(connector.url, 'help'));
    connector.reset();
    connector.failNext(403);
    await expect(server.instance.transport!.post(CHANNEL_ID, textReply('digest', 'channel'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    connector.failNext(504, {}, 4);
    await expect(server.instance.transport!.post(CHANNEL_ID, textReply('digest', 'channel'))).rejects.toBeInstanceOf(TransientDeliveryError);
    expect(connector.calls.map((c) => c.status)).toEqual([403, 504, 504, 504, 504]);
  });

  it('refuses channels it has no reference for, or that uninstalled it', async () => {
    await expect(server.instance.transport!.post(`teams:${TENANT}:19:unknown@thread.tacv2`, textReply('x', 'channel'))).rejects.toThrow(
      'the bot has no conversation reference here',
    );
    await server.send(channelMessage(connector.url, 'help'));
    await store.conversations.deactivate(CHANNEL_ID, server.clock.now());
    await expect(server.instance.transport!.post(CHANNEL_ID, textReply('x', 'channel'))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('answers the user even when the connector throttles the reply once', async () => {
    connector.failNext(429);
    expect(await server.send(channelMessage(connector.url, 'help'))).toBe(200);
    expect(connector.calls.map((c) => c.status)).toEqual([429, 200]);
    expect(visibleText(connector.posts())).toBe('ran: help');
  });
});
