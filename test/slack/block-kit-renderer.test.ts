import { describe, expect, it } from 'vitest';
import { renderBlockKit } from '../../adapters/slack/block-kit-renderer.js';
import { escapeAndFit, unescapeSlackText } from '../../adapters/slack/mrkdwn-escape.js';
import type { ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import { checkBlockKit } from '../helpers/fake-slack-server.js';

const HOSTILE = 'Hostile <!channel> <@U12345> <https://evil.example|click> ransomware';

function story(overrides: Partial<StoryView> = {}): StoryView {
  return {
    id: 'st1',
    title: 'Paris Call marks its seventh anniversary',
    summary: ['Supporters met in Paris.', 'They signed a statement.'],
    lang: 'en',
    dir: 'ltr',
    topics: [{ slug: 'paris-call', name: 'Paris Call' }],
    sources: [{ name: 'Policy Wire', url: 'https://wire.example/paris?a=1&b=2' }],
    alsoIn: ['FR', 'AR'],
    published: '2026-11-20T09:00:00.000Z',
    actions: [
      { id: 'subscribe_topic', label: 'Subscribe to this topic', value: 'paris-call' },
      { id: 'mute_story', label: 'Mute this story', value: 'st1' },
      { id: 'more_like_this', label: 'More like this', value: 'st1' },
    ],
    ...overrides,
  };
}

describe('renderBlockKit', () => {
  it('renders a story with an escaped link, context and uniquely suffixed buttons', () => {
    const doc: ReplyDocument = {
      visibility: 'private',
      fallbackText: 'Paris Call: 1 story',
      blocks: [{ type: 'header', text: 'Paris Call' }, { type: 'story', story: story() }, { type: 'actions', actions: [{ id: 'unsubscribe_all', label: 'Unsubscribe', value: 'all', style: 'danger' }] }],
    };
    expect(renderBlockKit(doc)).toEqual([
      {
        text: 'Paris Call: 1 story',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Paris Call' } },
          {
            type: 'section',
            text: { type: 'mrkdwn', verbatim: true, text: '*<https://wire.example/paris?a=1&amp;b=2|Paris Call marks its seventh anniversary>*\nSupporters met in Paris. They signed a statement.' },
          },
          {
            type: 'context',
            elements: [
              { type: 'mrkdwn', verbatim: true, text: 'EN · Paris Call' },
              { type: 'mrkdwn', verbatim: true, text: '<https://wire.example/paris?a=1&amp;b=2|Policy Wire>' },
              { type: 'mrkdwn', verbatim: true, text: '20 Nov 2026 · Also in: FR, AR' },
            ],
          },
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'subscribe_topic:0', text: { type: 'plain_text', text: 'Subscribe to this topic' }, value: 'paris-call' },
              { type: 'button', action_id: 'mute_story:1', text: { type: 'plain_text', text: 'Mute this story' }, value: 'st1' },
              { type: 'button', action_id: 'more_like_this:2', text: { type: 'plain_text', text: 'More like this' }, value: 'st1' },
            ],
          },
          { type: 'divider' },
          { type: 'actions', elements: [{ type: 'button', action_id: 'unsubscribe_all:3', text: { type: 'plain_text', text: 'Unsubscribe' }, value: 'all', style: 'danger' }] },
        ],
      },
    ]);
  });

  it('turns hostile feed markup into plain text everywhere', () => {
    const doc: ReplyDocument = {
      visibility: 'channel',
      fallbackText: `${HOSTILE} @channel @here`,
      blocks: [
        { type: 'header', text: HOSTILE },
        { type: 'story', story: story({ title: HOSTILE, summary: [`Said ${HOSTILE}.`, 'Ping @everyone'], sources: [{ name: '<!here>', url: 'javascript:alert(1)' }] }) },
        { type: 'context', items: [HOSTILE] },
        { type: 'text', text: HOSTILE },
      ],
    };
    const [message] = renderBlockKit(doc);
    const raw = JSON.stringify(message);
    expect(raw).not.toMatch(/<!channel>|<!here>|<@U12345>|<https:\/\/evil\.example\|click>|javascript:/);
    expect(raw).not.toMatch(/@(channel|here|everyone)/);
    expect(message!.text).toBe('Hostile &lt;!channel&gt; &lt;@U12345&gt; &lt;https://evil.example|click&gt; ransomware @\u2060channel @\u2060here');
    expect(message!.blocks[1]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        verbatim: true,
        text:
          '*Hostile &lt;!channel&gt; &lt;@U12345&gt; &lt;https://evil.example|click&gt; ransomware*\n' +
          'Said Hostile &lt;!channel&gt; &lt;@U12345&gt; &lt;https://evil.example|click&gt; ransomware. Ping @\u2060everyone',
      },
    });
    expect(unescapeSlackText(message!.text)).toBe(`${HOSTILE} @channel @here`);
  });

  it('keeps Arabic text intact', () => {
    const title = 'كاسبرسكي ونداء باريس للثقة والأمن في الفضاء السيبراني';
    const [message] = renderBlockKit({ visibility: 'private', fallbackText: title, blocks: [{ type: 'story', story: story({ title, lang: 'ar', dir: 'rtl', summary: ['قال المجلس.'], sources: [] }) }] });
    expect(message!.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: `*${title}*\nقال المجلس.` } });
  });

  it('splits a long digest into a parent and thread messages, each within limits', () => {
    const stories = Array.from({ length: 30 }, (_, i) =>
      ({ type: 'story', story: story({ id: `s${i}`, title: `Story ${i}`, summary: ['x'.repeat(2500)] }) }) as const,
    );
    const messages = renderBlockKit({ visibility: 'channel', fallbackText: 'Weekly digest', blocks: [{ type: 'header', text: 'Weekly digest' }, ...stories] });
    expect(messages.length).toBe(8);
    expect(messages[0]!.text).toBe('Weekly digest');
    expect(messages[1]!.text).toBe('(continued 2/8) Weekly digest');
    for (const m of messages) {
      expect(checkBlockKit(m.blocks)).toEqual([]);
      expect(JSON.stringify(m.blocks).length).toBeLessThan(16_000);
      expect(m.blocks[0]!.type).not.toBe('divider');
      expect(m.blocks.at(-1)!.type).not.toBe('divider');
    }
    const sections = messages.flatMap((m) => m.blocks).filter((b) => b.type === 'section');
    expect(sections.length).toBe(30);
    const ids = messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => e.action_id) : [])));
    expect(new Set(ids).size).toBe(90);
  });

  it('splits a long text block into sections of at most 3,000 characters', () => {
    const text = 'word '.repeat(2000).trim();
    const [message] = renderBlockKit({ visibility: 'private', fallbackText: '', blocks: [{ type: 'text', text }] });
    const lengths = message!.blocks.map((b) => (b.type === 'section' ? b.text.text.length : 0));
    expect(lengths.length).toBe(4);
    expect(lengths.slice(0, 3).every((n) => n <= 3000 && n > 2900)).toBe(true);
    expect(message!.blocks.map((b) => (b.type === 'section' ? b.text.text : '')).join(' ')).toBe(text);
    expect(message!.text).toBe(`${'word '.repeat(599)}word…`);
  });

  it('caps headers at 150 characters and context at 10 elements', () => {
    const [message] = renderBlockKit({
      visibility: 'private',
      fallbackText: 'x',
      blocks: [{ type: 'header', text: 'H'.repeat(400) }, { type: 'context', items: Array.from({ length: 14 }, (_, i) => `item ${i}`) }],
    });
    expect(message!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `${'H'.repeat(149)}…` } });
    const context = message!.blocks[1] as { elements: { text: string }[] };
    expect(context.elements.length).toBe(10);
    expect(context.elements[9]!.text).toBe('item 9 · item 10 · item 11 · item 12 · item 13');
  });

  it('always has a fallback text and at least one block', () => {
    expect(renderBlockKit({ visibility: 'private', fallbackText: '   ', blocks: [] })).toEqual([
      { text: 'cyberpolicy', blocks: [{ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: 'cyberpolicy' } }] },
    ]);
  });

  it('keeps a broadcast word guarded when a cut to fit turns "@here_" into "@here"', () => {
    // Found by the property test (fast-check seed 1691082903): a 75-unit button label.
    const label = '<!channel>@everyone<https://evil.example|click>&amp;@here_<!channel>';
    for (let max = 10; max <= 100; max++) {
      const fitted = escapeAndFit(label, max);
      expect(fitted.length).toBeLessThanOrEqual(max);
      expect(fitted).not.toMatch(/@(channel|here|everyone)/);
    }
    expect(escapeAndFit(label, 75)).toBe('&lt;!channel&gt;@\u2060everyone&lt;https://evil.example|click&gt;&amp;amp;@\u2060her…');
  });
});

describe('plain_text fields and language tags (issue 20)', () => {
  it('help schedule: the plain_text header shows <day> literally, with no HTML entity and no invisible character', async () => {
    const { commandHelpReply } = await import('../../src/commands/help-text.js');
    const [message] = renderBlockKit(commandHelpReply('schedule', 'en'));
    expect(message!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Usage: schedule weekly <day> <HH:MM> [zone] | daily <HH:MM> [zone] | off' } });
    expect(JSON.stringify(message!.blocks[0])).not.toMatch(/&lt;|&gt;|&amp;|\\u2060/);
  });

  it('plain_text keeps & and < as typed but still defuses mentions and links from feed text', () => {
    const [message] = renderBlockKit({ visibility: 'channel', fallbackText: 'x', blocks: [{ type: 'header', text: `R&D <b> ${HOSTILE} @here` }] });
    expect(message!.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'R&D <b> Hostile <\u2060!channel> <\u2060@U12345> <\u2060https://evil.example|click> ransomware @\u2060here' },
    });
  });

  it('each story carries its own language tag, as in Teams', () => {
    const [message] = renderBlockKit({ visibility: 'private', fallbackText: 'x', blocks: [{ type: 'story', story: story({ lang: 'ar', dir: 'rtl' }) }] });
    expect((message!.blocks[1] as { elements: { text: string }[] }).elements[0]!.text).toBe('AR · Paris Call');
  });
});
