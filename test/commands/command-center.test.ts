import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoryView } from '../../src/replies/reply-document.js';
import type { Store } from '../../src/store/store.js';
import { startLocalServer } from '../ingest/local-server.js';
import { createHarness, createTokenBucketLimiter, NOW, openSeededStore, resetSettings, storyIds, textOf, type Harness } from './harness.js';

let store: Store;
let h: Harness;
beforeAll(async () => {
  store = await openSeededStore();
}, 300_000);
afterAll(async () => {
  await store.close();
});
beforeEach(async () => {
  await resetSettings(store);
  h = createHarness(store);
});

function stories(doc: Awaited<ReturnType<Harness['ask']>>): StoryView[] {
  return doc.blocks.flatMap((b) => (b.type === 'story' ? [b.story] : []));
}

describe('topic queries', () => {
  it('shows the 5 newest stories on a topic, newest first, with "Showing 5 of 7" and Show more', async () => {
    const doc = await h.ask('demo:1', 'paris-call');
    expect(doc.isError).toBeUndefined();
    expect(doc.visibility).toBe('private');
    expect(doc.blocks[0]).toEqual({ type: 'header', text: 'Paris Call: newest stories' });
    // story-dp-1's only item is undated: it ranks below every dated story (issue 15).
    expect(storyIds(doc)).toEqual(['story-pc-1', 'story-pc-2', 'story-pc-3', 'story-pc-4', 'story-pc-5']);
    expect(doc.blocks.at(-2)).toEqual({ type: 'context', items: ['Showing 5 of 7 · newest first'] });
    expect(doc.blocks.at(-1)).toEqual({ type: 'actions', actions: [{ id: 'show_more', label: 'Show more', value: 'paris-call' }] });
  });

  it('builds each story from its earliest complete item, with sources, other languages and the newest date', async () => {
    const [first] = stories(await h.ask('demo:1', 'paris-call'));
    expect(first).toEqual({
      id: 'story-pc-1',
      title: "L'Appel de Paris gagne dix soutiens",
      summary: ["L'Appel de Paris gagne dix soutiens."],
      lang: 'fr',
      dir: 'ltr',
      topics: [{ slug: 'paris-call', name: 'Paris Call' }],
      sources: [
        { name: 'news-fr.example', url: 'https://news-fr.example/pc-fr-1' },
        { name: 'news-en.example', url: 'https://news-en.example/pc-en-1' },
      ],
      alsoIn: ['EN'],
      dateNote: null,
      dateSource: 'feed',
      published: '2026-11-19T12:00:00.000Z',
      // A French story in an English channel: key facts in English (language, topic, the French item's date).
      facts: 'From French · Paris Call · 18 Nov 2026',
      actions: [
        { id: 'subscribe_topic', label: 'Subscribe to this topic', value: 'paris-call' },
        { id: 'mute_story', label: 'Mute this story', value: 'story-pc-1' },
        { id: 'more_like_this', label: 'More like this', value: 'story-pc-1' },
        { id: 'why_story', label: 'Why?', value: 'story-pc-1' },
      ],
    });
    const arabic = stories(await h.ask('demo:1', 'paris-call')).find((s) => s.id === 'story-pc-2')!;
    expect(arabic.dir).toBe('rtl');
    expect(arabic.title).toBe('نداء باريس يحتفل بذكراه');
  });

  it('narrows with 90d and since YYYY-MM-DD', async () => {
    // An undated item enters no window (issue 15), so story-dp-1 is in neither list.
    expect(storyIds(await h.ask('demo:1', 'paris-call 90d'))).toEqual(['story-pc-1', 'story-pc-2', 'story-pc-3']);
    const since = await h.ask('demo:1', 'paris-call since 2026-11-01');
    expect(since.blocks[0]).toEqual({ type: 'header', text: 'Paris Call: stories since 1 Nov 2026' });
    expect(storyIds(since)).toEqual(['story-pc-1', 'story-pc-2']);
    expect(textOf(since)).toContain('Showing 2 of 2 · newest first');
    expect(textOf(since)).not.toContain('Show more');
  });

  it.each(['paris call', 'Paris Call', 'Appel de Paris', 'نداء باريس', 'parris call', 'Парижский призыв', 'PARIS-CALL'])('"%s" answers with Paris Call stories', async (words) => {
    const doc = await h.ask('demo:1', words);
    expect(doc.isError).toBeUndefined();
    expect(doc.blocks[0]).toEqual({ type: 'header', text: 'Paris Call: newest stories' });
    expect(storyIds(doc)[0]).toBe('story-pc-1');
  });

  it('answers an unknown word with "Did you mean …?" (up to 3) and the usage line', async () => {
    const doc = await h.ask('demo:1', 'paris');
    expect(doc.isError).toBe(true);
    expect(doc.blocks).toEqual([
      { type: 'text', text: 'I don\'t know the topic "paris".\nDid you mean `paris-call`?' },
      { type: 'context', items: ['Usage: <topic> [90d | since YYYY-MM-DD]'] },
    ]);
    const none = await h.ask('demo:1', 'xyzzy');
    expect(textOf(none)).toBe('I don\'t know the topic "xyzzy".\nSend `topics` for the list.\nUsage: <topic> [90d | since YYYY-MM-DD]');
  });

  it('suggests the command a misspelt keyword looks like', async () => {
    expect(textOf(await h.ask('demo:1', 'lsit'))).toContain('Did you mean `list`?');
    expect(textOf(await h.ask('demo:1', 'subscrbe paris-call'))).toContain('Did you mean `subscribe`');
  });

  it('a period with no stories says when the newest one is, instead of "not yet" (issue 20)', async () => {
    const doc = await h.ask('demo:1', 'ransomware 3d');
    expect(doc.blocks).toEqual([
      { type: 'header', text: 'Ransomware: newest stories' },
      { type: 'text', text: 'No stories on Ransomware in this period. The newest is from 15 Nov 2026: send `ransomware` to see the latest.' },
    ]);
    expect(storyIds(await h.ask('demo:1', 'ransomware 30d'))).toEqual(['story-rw-1', 'story-rw-2']);
  });

  it('a period too long is a period error, not unknown topic words (issue 20)', async () => {
    const doc = await h.ask('demo:1', 'paris-call 100000d');
    expect(doc.isError).toBe(true);
    expect(textOf(doc)).toBe('"100000d" is too long a period: at most 3650 days, or `since YYYY-MM-DD`.\nUsage: <topic> [90d | since YYYY-MM-DD]');
  });

  it('an empty topic says so', async () => {
    const doc = await h.ask('demo:1', 'cyber norms');
    expect(doc.blocks).toEqual([
      { type: 'header', text: 'Cyber norms: newest stories' },
      { type: 'text', text: 'No stories on Cyber norms yet.' },
    ]);
  });
});

describe('search', () => {
  it('finds items by canonical entity across scripts and by words', async () => {
    expect(storyIds(await h.ask('demo:1', 'search Kaspersky'))).toEqual(['story-rw-1', 'story-rw-2']);
    expect(storyIds(await h.ask('demo:1', 'search كاسبرسكي'))).toEqual(['story-rw-1', 'story-rw-2']);
    expect(storyIds(await h.ask('demo:1', 'search hospital'))).toEqual(['story-rw-1']);
    const none = await h.ask('demo:1', 'search nothingmatches');
    expect(none.blocks).toEqual([{ type: 'header', text: 'Search: nothingmatches' }, { type: 'text', text: 'No stories found.' }]);
  });
});

describe('subscriptions and settings', () => {
  it('subscribe, list, unsubscribe, unsubscribe all', async () => {
    const sub = await h.ask('demo:1', 'subscribe paris call, Rançongiciels');
    expect(sub.blocks).toEqual([
      { type: 'text', text: 'Subscribed: this channel now follows Paris Call (paris-call), Ransomware (ransomware).' },
      { type: 'context', items: ['Topics: Paris Call (paris-call), Ransomware (ransomware)'] },
    ]);
    expect(textOf(await h.ask('demo:1', 'subscribe paris-call gdpr'))).toBe(
      'Subscribed: this channel now follows Data protection (data-protection).\nThis channel already follows Paris Call (paris-call).\nTopics: Paris Call (paris-call), Ransomware (ransomware), Data protection (data-protection)',
    );
    const list = await h.ask('demo:1', 'list');
    expect(list.blocks[1]).toEqual({
      type: 'text',
      text: 'Topics: Paris Call (paris-call), Ransomware (ransomware), Data protection (data-protection)\nFollows: none yet (`follow <name>`)\nDigest: weekly, Monday at 09:00 (UTC)\nAt most 10 stories per digest, 3 per topic.',
    });
    expect(textOf(await h.ask('demo:1', 'unsubscribe ransomware, cyber norms'))).toBe(
      'Unsubscribed: this channel no longer follows Ransomware (ransomware).\nThis channel was not following Cyber norms (cyber-norms).\nTopics: Paris Call (paris-call), Data protection (data-protection)',
    );
    expect(textOf(await h.ask('demo:1', 'unsubscribe all'))).toBe('This channel no longer follows any topic.');
    expect((await h.store.channels.get('demo:1'))!.topics).toEqual([]);
  });

  it('unsubscribe drops a followed slug the taxonomy no longer knows', async () => {
    await h.store.channels.addTopics('demo:1', ['retired-topic', 'paris-call'], new Date(NOW));
    expect(textOf(await h.ask('demo:1', 'unsubscribe retired-topic'))).toBe(
      'Unsubscribed: this channel no longer follows retired-topic (retired-topic).\nTopics: Paris Call (paris-call)',
    );
  });

  it('an unknown topic in subscribe changes nothing and suggests', async () => {
    const doc = await h.ask('demo:1', 'subscribe paris-call ransomwear xyzzy');
    expect(doc.isError).toBe(true);
    expect(textOf(doc)).toBe('I don\'t know the topic "xyzzy".\nSend `topics` for the list.\nUsage: subscribe <topic>...');
    expect((await h.store.channels.get('demo:1'))!.topics).toEqual([]);
  });

  it('schedule weekly/daily/off stores the cadence and the next due time in the channel zone', async () => {
    const weekly = await h.ask('demo:1', 'schedule weekly mon 09:00 Europe/Vilnius');
    expect(weekly.blocks).toEqual([
      { type: 'text', text: 'Digest schedule set: weekly, Monday at 09:00 (Europe/Vilnius).' },
      { type: 'context', items: ['Next digest: Mon, 23 Nov 2026, 09:00 (Europe/Vilnius).'] },
    ]);
    let channel = (await h.store.channels.get('demo:1'))!;
    expect(channel.cadence).toEqual({ kind: 'weekly', day: 1, time: '09:00' });
    expect(channel.timeZone).toBe('Europe/Vilnius');
    expect(channel.nextDueAt).toEqual(new Date('2026-11-23T07:00:00Z'));

    await h.ask('demo:1', 'schedule daily 08:30');
    channel = (await h.store.channels.get('demo:1'))!;
    expect(channel.cadence).toEqual({ kind: 'daily', time: '08:30' });
    expect(channel.timeZone).toBe('Europe/Vilnius');
    expect(channel.nextDueAt).toEqual(new Date('2026-11-21T06:30:00Z'));

    expect(textOf(await h.ask('demo:1', 'schedule off'))).toBe('Digest schedule set: off (no scheduled digests).');
    channel = (await h.store.channels.get('demo:1'))!;
    expect(channel.cadence).toEqual({ kind: 'off' });
    expect(channel.nextDueAt).toBeNull();
  });

  it('schedule re-enables a channel whose schedule was paused by delivery failures', async () => {
    await h.store.channels.update('demo:1', { disabledReason: 'bot removed from channel' }, new Date());
    expect(textOf(await h.ask('demo:1', 'list'))).toContain('Scheduled digests are paused: bot removed from channel');
    await h.ask('demo:1', 'schedule daily 07:00 UTC');
    expect((await h.store.channels.get('demo:1'))!.disabledReason).toBeNull();
  });

  it.each([
    ['schedule weekly funday 09:00', '"funday" is not a day of the week: use mon, tue, wed, thu, fri, sat or sun.'],
    ['schedule weekly mon 25:99', '"25:99" is not a time: use 24-hour HH:MM, e.g. 09:00.'],
    ['schedule weekly mon 09:00 Mars/Olympus', '"Mars/Olympus" is not a known IANA time zone: use e.g. Europe/Vilnius, America/New_York or UTC.'],
    ['schedule whenever', '"whenever" is not a schedule: use weekly, daily or off.'],
  ])('%s gets a specific error with the usage line, and changes nothing', async (text, message) => {
    const doc = await h.ask('demo:1', text);
    expect(doc.isError).toBe(true);
    expect(doc.blocks).toEqual([
      { type: 'text', text: message },
      { type: 'context', items: ['Usage: schedule weekly <day> <HH:MM> [zone] | daily <HH:MM> [zone] | off'] },
    ]);
    expect((await h.store.channels.get('demo:1'))!.cadence).toEqual({ kind: 'weekly', day: 1, time: '09:00' });
  });

  it('topics lists the taxonomy and marks the followed ones', async () => {
    await h.ask('demo:1', 'subscribe ransomware');
    const doc = await h.ask('demo:1', 'topics');
    expect(doc.blocks[1]).toEqual({
      type: 'text',
      text: [
        'paris-call: Paris Call (Appel de Paris / Парижский призыв / نداء باريس)',
        'ransomware: Ransomware (Rançongiciels / برامج الفدية) (followed here)',
        'cyber-norms: Cyber norms (Normes cyber)',
        'data-protection: Data protection (Protection des données / Datenschutz)',
      ].join('\n'),
    });
  });

  it('help and help <command> come from the catalog', async () => {
    const help = await h.ask('demo:1', 'help');
    expect(textOf(help)).toContain('schedule weekly <day> <HH:MM> [zone] | daily <HH:MM> [zone] | off: Set when');
    const one = await h.ask('demo:1', 'help schedule');
    expect(one.blocks[0]).toEqual({ type: 'header', text: 'Usage: schedule weekly <day> <HH:MM> [zone] | daily <HH:MM> [zone] | off', own: true });
    expect(textOf(one)).toContain('Example: schedule weekly mon 09:00 Europe/Vilnius');
  });
});

describe('digests', () => {
  it('`digest preview` previews like `digest`; another word names both subcommands (issue 20)', async () => {
    await h.ask('demo:1', 'subscribe paris-call');
    expect(await h.ask('demo:1', 'digest preview')).toEqual(await h.ask('demo:1', 'digest'));
    const wrong = await h.ask('demo:1', 'digest now');
    expect(wrong.isError).toBe(true);
    expect(textOf(wrong).split('\n')[0]).toBe('`digest` takes nothing or `post`, `preview`, not "now".');
  });

  it('digest previews privately; digest post queues for this channel with a per-minute request id', async () => {
    const preview = await h.ask('slack:T1:C1', 'digest');
    expect(preview.visibility).toBe('private');
    expect(textOf(preview)).toBe('preview for slack:T1:C1');
    const post = await h.ask('slack:T1:C1', 'digest post');
    expect(textOf(post)).toBe('Posting a digest with 3 stories to this channel now.');
    expect(h.digests.calls).toEqual([
      { method: 'preview', channelId: 'slack:T1:C1' },
      { method: 'postNow', channelId: 'slack:T1:C1', requestId: 'command:slack:T1:C1:slack:U1:2026-11-20T12:00' },
    ]);
  });
});

describe('actions', () => {
  it('mute_story hides the story in this channel only', async () => {
    expect(textOf(await h.press('demo:1', 'mute_story', 'story-pc-1'))).toBe("Muted that story in this channel; it won't appear here again.");
    expect(textOf(await h.press('demo:1', 'mute_story', 'story-pc-1'))).toBe('That story is already muted here.');
    expect(storyIds(await h.ask('demo:1', 'paris-call'))[0]).toBe('story-pc-2');
    expect(storyIds(await h.ask('demo:2', 'paris-call'))[0]).toBe('story-pc-1');
  });

  it('subscribe_topic subscribes to a known slug and refuses anything else', async () => {
    expect(textOf(await h.press('demo:1', 'subscribe_topic', 'ransomware'))).toContain('Subscribed: this channel now follows Ransomware (ransomware).');
    const bad = await h.press('demo:1', 'subscribe_topic', 'not-a-topic');
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toBe('That button is no longer valid.');
    expect((await h.store.channels.get('demo:1'))!.topics).toEqual(['ransomware']);
  });

  it('more_like_this shows other stories sharing the main topic or entities', async () => {
    const doc = await h.press('demo:1', 'more_like_this', 'story-pc-3');
    expect(doc.blocks[0]).toEqual({ type: 'header', text: 'More like "Paris Call working group meets in Geneva"' });
    expect(storyIds(doc)).toEqual(['story-pc-1', 'story-pc-2', 'story-pc-4', 'story-pc-5', 'story-pc-6']);
    expect(textOf(await h.press('demo:1', 'more_like_this', 'no-such-story'))).toBe('I no longer have that story.');
  });

  it('show_more runs read-only queries with a larger page and refuses anything else', async () => {
    const more = await h.press('demo:1', 'show_more', 'paris-call');
    expect(storyIds(more)).toHaveLength(7);
    expect(textOf(more)).toContain('Showing 7 of 7 · newest first');
    const sneaky = await h.press('demo:1', 'show_more', 'subscribe ransomware');
    expect(sneaky.isError).toBe(true);
    expect((await h.store.channels.get('demo:1'))!.topics).toEqual([]);
  });

  it('unsubscribe_all clears this channel', async () => {
    await h.ask('demo:1', 'subscribe paris-call');
    expect(textOf(await h.press('demo:1', 'unsubscribe_all', 'all'))).toBe('This channel no longer follows any topic.');
  });

  it('refuses malformed actions', async () => {
    const doc = await h.sink.processAction({ channelId: 'demo:1', userId: 'u' }, { id: 'drop_tables' as never, value: 'x' });
    expect(doc).toEqual({ visibility: 'private', fallbackText: 'That button is no longer valid.', isError: true, lang: 'en', blocks: [{ type: 'text', text: 'That button is no longer valid.' }] });
    expect((await h.press('demo:1', 'mute_story', 'x'.repeat(201))).isError).toBe(true);
  });
});

describe('sources are for admins only', () => {
  it('refuses non-admins for list, add and remove', async () => {
    for (const text of ['sources', 'sources add https://feeds.example.org/rss', 'sources remove https://feeds.example.org/rss']) {
      const doc = await h.ask('slack:T1:C1', text, { userId: 'slack:U2' });
      expect(doc.isError).toBe(true);
      expect(textOf(doc)).toBe('Only workspace admins can manage sources. Ask an admin, or have the operator add you to CYBERPOLICY_ADMINS.');
    }
    expect(await h.store.sources.list()).toEqual([]);
  });

  it('platform admins and CYBERPOLICY_ADMINS users can add (after a fetch showing a feed), list and remove', async () => {
    const server = await startLocalServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>Policy feed</title><language>en</language><item><title>One</title><guid>1</guid><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>'),
    );
    try {
      const feed = `${server.url}/rss`;
      const local = createHarness(store, { feedAllow: '127.0.0.1' });
      expect(textOf(await local.ask('slack:T1:C1', `sources add ${feed}`, { isAdmin: true }))).toBe(
        `Added source ${feed}; it will be fetched shortly.\n“Policy feed” · 1 items · languages: English (1) · newest item: 30 Nov 2026`,
      );
      expect(server.requests.length).toBe(1);
      expect(textOf(await local.ask('slack:T1:C1', `sources add ${feed}`, { userId: 'slack:UADMIN' }))).toBe(`${feed} is already a source.`);
      expect(server.requests.length).toBe(1);
      expect(textOf(await local.ask('slack:T1:C1', 'sources', { userId: 'slack:UADMIN' }))).toBe(`Sources\n${feed} · 0 items · not fetched yet\nShowing 1 of 1 sources`);
      const [row] = await h.store.sources.list();
      expect([row!.addedBy, row!.title, row!.language]).toEqual(['slack:U1', 'Policy feed', 'en']);
      expect(textOf(await local.ask('slack:T1:C1', `sources remove ${feed}`, { isAdmin: true }))).toBe(`Removed source ${feed}.`);
      expect((await local.ask('slack:T1:C1', `sources remove ${feed}`, { isAdmin: true })).isError).toBe(true);
    } finally {
      await server.close();
    }
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata address'],
    ['http://127.0.0.1:9/feed', 'loopback address'],
    ['http://10.0.0.1/feed', 'private address'],
    ['http://[::1]/feed', 'loopback address'],
    ['http://[::ffff:10.0.0.1]/feed', 'private address'],
  ])('refuses %s even for admins (SSRF guard)', async (url, reason) => {
    const doc = await h.ask('slack:T1:C1', `sources add ${url}`, { isAdmin: true });
    expect(doc.isError).toBe(true);
    expect(textOf(doc)).toContain(reason);
    expect(await h.store.sources.list()).toEqual([]);
  });
});

describe('robustness', () => {
  it('refuses an invalid channel id without touching the store', async () => {
    const doc = await h.ask('bogus', 'subscribe paris-call');
    expect(doc).toEqual({
      visibility: 'private',
      fallbackText: 'This conversation has an invalid channel id, so nothing was changed.',
      isError: true,
      blocks: [{ type: 'text', text: 'This conversation has an invalid channel id, so nothing was changed.' }],
    });
    expect(await h.store.database.query('SELECT id FROM channels')).toEqual([]);
  });

  it('turns a failing dependency into a clear error, never an exception', async () => {
    const broken = createHarness(store, {
      digests: {
        preview: async () => {
          throw new Error('database on fire');
        },
        postNow: async () => {
          throw new Error('database on fire');
        },
      },
    });
    const doc = await broken.ask('demo:1', 'digest');
    expect(doc.isError).toBe(true);
    expect(textOf(doc)).toBe('Something went wrong on our side; nothing was changed. Please try again.');
    expect(textOf(doc)).not.toContain('fire');
  });

  it('answers 10 KB of junk with a clear error', async () => {
    const doc = await h.ask('demo:1', 'ä'.repeat(10_240));
    expect(doc.isError).toBe(true);
    expect(textOf(doc)).toBe('That message is too long (10240 characters); commands are at most 1000 characters.\nSend `help` for the list of commands.');
  });
});

describe('per-user rate limit', () => {
  it('allows 20 commands a minute per user, then says when to retry; other users are unaffected', async () => {
    const limited = createHarness(store, { rateLimiter: (clock) => createTokenBucketLimiter({ clock, capacity: 20, perMinute: 20 }) });
    {
      for (let i = 0; i < 20; i++) expect((await limited.ask('demo:1', 'list')).isError).toBeUndefined();
      const refused = await limited.ask('demo:1', 'list');
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toBe("You're sending commands too fast; try again in 3 s.");
      expect((await limited.press('demo:1', 'unsubscribe_all', 'all')).isError).toBe(true);
      expect((await limited.ask('demo:1', 'list', { userId: 'slack:U2' })).isError).toBeUndefined();
      limited.clock.advance(2_000);
      expect(textOf(await limited.ask('demo:1', 'list'))).toBe("You're sending commands too fast; try again in 1 s.");
      limited.clock.advance(1_000);
      expect((await limited.ask('demo:1', 'list')).isError).toBeUndefined();
      limited.clock.advance(60_000);
      for (let i = 0; i < 20; i++) expect((await limited.ask('demo:1', 'help')).isError).toBeUndefined();
      // Reading the settings form costs nothing (settings surfaces read it around every save); changing does.
      expect((await limited.ask('demo:1', 'list')).isError).toBe(true);
      for (let i = 0; i < 5; i++) expect((await limited.ask('demo:1', 'settings')).settings).toBeDefined();
      expect((await limited.ask('demo:1', 'subscribe ransomware')).isError).toBe(true);
    }
  });
});
