import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import { renderAdaptiveCards } from '../../adapters/teams/adaptive-card-renderer.js';
import { safeHttpUrl } from '../../adapters/teams/card-text.js';
import { cardActivities } from '../../adapters/teams/message-activities.js';
import { adaptiveCardProblems, cardText } from './teams-test-kit.js';

const ZW = '\u200B';

function story(overrides: Partial<StoryView> = {}): StoryView {
  return {
    id: 'st-1',
    title: 'Paris Call marks its anniversary',
    summary: ['The Paris Call for Trust and Security in Cyberspace gathered new supporters.'],
    lang: 'en',
    dir: 'ltr',
    topics: [{ slug: 'paris-call', name: 'Paris Call' }],
    sources: [{ name: 'Example News', url: 'https://news.example/paris-call' }],
    alsoIn: ['FR', 'AR'],
    published: '2026-11-20T10:00:00.000Z',
    actions: [
      { id: 'more_like_this', label: 'More like this', value: 'st-1' },
      { id: 'mute_story', label: 'Mute', value: 'st-1', style: 'danger' },
    ],
    ...overrides,
  };
}

/** Every TextBlock text and action title of a card, with the element kind. */
function texts(card: any): { kind: string; text: string }[] {
  const out: { kind: string; text: string }[] = [];
  const walk = (node: any): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextBlock') out.push({ kind: 'text', text: node.text });
    if (typeof node.type === 'string' && node.type.startsWith('Action.')) out.push({ kind: 'action', text: node.title });
    for (const key of ['body', 'items', 'actions']) if (node[key]) walk(node[key]);
  };
  walk(card);
  return out;
}

/**
 * Markup that would render in a TextBlock: links, images, tags/mentions, entities, emphasis, code,
 * autolinks, and block syntax. `allowedLinks` are the exact links the renderer built from sources.
 */
function markupIn(text: string, allowedLinks: Set<string>): string[] {
  const problems: string[] = [];
  let rest = text;
  for (const link of allowedLinks) rest = rest.split(link).join(' ');
  // A link may span spaces and one line break (lenient parsers), never a paragraph break.
  if (/\][^\S\n]*\n?[^\S\n]*[([:]/.test(rest)) problems.push('link syntax');
  if (/<[A-Za-z!@/?]/.test(rest)) problems.push('tag or mention');
  if (/&[A-Za-z#]/.test(rest)) problems.push('entity');
  if (/[*_~`]/.test(rest)) problems.push('emphasis or code');
  if (/:\/\//.test(rest) || /\bwww\./i.test(rest)) problems.push('autolink');
  for (const line of rest.split('\n')) if (/^\s*([-+*#>|=]|\d+[.)])/.test(line)) problems.push(`block syntax: ${JSON.stringify(line.slice(0, 20))}`);
  return problems;
}

function linksFor(doc: ReplyDocument): Set<string> {
  const links = new Set<string>();
  for (const block of doc.blocks) {
    if (block.type !== 'story') continue;
    for (const source of block.story.sources) {
      const href = safeHttpUrl(source.url);
      if (href) links.add(`(${href})`);
    }
  }
  return links;
}

describe('Adaptive Card renderer', () => {
  it('renders a reply document as an exact Adaptive Card 1.5', () => {
    const doc: ReplyDocument = {
      visibility: 'private',
      fallbackText: 'Paris Call: 2 stories',
      blocks: [
        { type: 'header', text: 'Paris Call' },
        { type: 'text', text: 'Newest stories\nsecond line' },
        { type: 'story', story: story() },
        { type: 'divider' },
        { type: 'story', story: story({ id: 'st-2', title: 'نداء باريس', summary: ['جملة أولى.'], lang: 'ar', dir: 'rtl', sources: [{ name: 'Al [Example]', url: 'javascript:alert(1)' }], alsoIn: [], published: null, actions: [] }) },
        { type: 'context', items: ['2 stories', 'since 2026-11-01'] },
        { type: 'actions', actions: [{ id: 'subscribe_topic', label: 'Subscribe', value: 'paris-call', style: 'primary' }] },
      ],
    };
    const cards = renderAdaptiveCards(doc);
    expect(cards).toEqual([
      {
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.5',
        msteams: { width: 'Full' },
        body: [
          { type: 'TextBlock', text: 'Paris Call', size: 'Large', weight: 'Bolder', style: 'heading', wrap: true },
          { type: 'TextBlock', text: 'Newest stories\n\nsecond line', wrap: true },
          {
            type: 'Container',
            separator: true,
            spacing: 'Medium',
            items: [
              {
                type: 'Container',
                items: [
                  { type: 'TextBlock', text: 'Paris Call marks its anniversary', weight: 'Bolder', size: 'Medium', wrap: true },
                  { type: 'TextBlock', text: 'The Paris Call for Trust and Security in Cyberspace gathered new supporters.', wrap: true },
                ],
              },
              { type: 'TextBlock', text: 'EN · Paris Call · 20 Nov 2026 · Also in: FR, AR', isSubtle: true, size: 'Small', wrap: true },
              { type: 'TextBlock', text: 'Sources: [Example News](https://news.example/paris-call)', size: 'Small', wrap: true },
              {
                type: 'ActionSet',
                actions: [
                  { type: 'Action.Submit', title: 'More like this', data: { action: 'more_like_this', value: 'st-1' } },
                  { type: 'Action.Submit', title: 'Mute', data: { action: 'mute_story', value: 'st-1' }, style: 'destructive' },
                ],
              },
            ],
          },
          {
            type: 'Container',
            separator: true,
            spacing: 'Medium',
            items: [
              {
                type: 'Container',
                rtl: true,
                items: [
                  { type: 'TextBlock', text: 'نداء باريس', weight: 'Bolder', size: 'Medium', wrap: true },
                  { type: 'TextBlock', text: 'جملة أولى.', wrap: true },
                ],
              },
              { type: 'TextBlock', text: 'AR · Paris Call · Date unknown', isSubtle: true, size: 'Small', wrap: true },
              // A javascript: URL is never linked; brackets in a label cannot close the link early.
              { type: 'TextBlock', text: 'Sources: Al (Example)', size: 'Small', wrap: true },
            ],
          },
          { type: 'TextBlock', text: '2 stories · since 2026-11-01', isSubtle: true, size: 'Small', wrap: true },
          { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Subscribe', data: { action: 'subscribe_topic', value: 'paris-call' }, style: 'positive' }] },
        ],
      },
    ]);
    expect(adaptiveCardProblems(cards[0])).toEqual([]);
  });

  it('neutralises markup in feed text while showing the same characters', () => {
    const hostile = 'Hostile <!channel> <@U12345> <https://evil.example|click> ransomware [click](https://evil.example) **bold** _it_ <at>Boss</at> &lt;b&gt; www.evil.example';
    const cards = renderAdaptiveCards({ visibility: 'channel', fallbackText: hostile, blocks: [{ type: 'story', story: story({ title: hostile, summary: ['- item', '# heading', '1. one'] }) }] });
    const raw = JSON.stringify(cards);
    for (const bad of ['<!channel>', '<@U12345>', '<https://evil.example|click>', '[click](https://evil.example)', '<at>', '**bold**', '_it_', '&lt;', 'www.evil']) expect(raw).not.toContain(bad);
    expect(cardText(cards[0]).split('\n')[0]).toBe(
      'Hostile <!channel> <@U12345> <https:\u2215\u2215evil.example|click> ransomware [click](https:\u2215\u2215evil.example) \u2217\u2217bold\u2217\u2217 \u02CDit\u02CD <at>Boss</at> &lt;b&gt; www.evil.example'
        .replaceAll('\u2215', '/'),
    );
    const title = texts(cards[0]).find((t) => t.text.startsWith('Hostile'))!.text;
    expect(title).toBe(
      `Hostile <${ZW}!channel> <${ZW}@U12345> <${ZW}https:${ZW}//evil.example|click> ransomware [click]${ZW}(https:${ZW}//evil.example) \u2217\u2217bold\u2217\u2217 \u02CDit\u02CD <${ZW}at>Boss<${ZW}/at> &${ZW}lt;b&${ZW}gt; www${ZW}.evil.example`,
    );
    expect(texts(cards[0]).filter((t) => t.kind === 'text').map((t) => t.text).slice(1, 4)).toEqual([`${ZW}- item`, `${ZW}# heading`, `${ZW}1. one`]);
    expect(adaptiveCardProblems(cards[0])).toEqual([]);
  });

  it('splits a long digest into several cards under the size limit, keeping every story once and in order', () => {
    const long = 'Ransomware policy sentence with enough words to weigh something in the card. '.repeat(6);
    const stories = Array.from({ length: 40 }, (_, i) => ({ type: 'story' as const, story: story({ id: `st-${i}`, title: `Story number ${i}`, summary: [long, long, long] }) }));
    const doc: ReplyDocument = { visibility: 'channel', fallbackText: 'Weekly digest', blocks: [{ type: 'header', text: 'Weekly digest' }, ...stories] };
    const activities = cardActivities(doc);
    expect(activities.length).toBeGreaterThan(1);
    const titles: string[] = [];
    activities.forEach((activity, i) => {
      expect(Buffer.byteLength(JSON.stringify(activity))).toBeLessThan(28 * 1024);
      const card = activity.attachments![0]!.content;
      expect(adaptiveCardProblems(card)).toEqual([]);
      const blocks = texts(card).map((t) => t.text);
      if (i > 0) expect(blocks[0]).toBe('Weekly digest (continued)');
      titles.push(...blocks.filter((t) => t.startsWith('Story number')));
    });
    expect(titles).toEqual(stories.map((s) => s.story.title));
  });

  it('keeps within limits whatever the feed sends (property, 10,000 runs)', () => {
    const markupish = fc
      .array(fc.constantFrom('[', ']', '(', ')', '<at>', '</at>', '<!channel>', '<@U1>', '**', '*', '_', '~~', '`', 'https://evil.example', 'www.x.org', '&lt;', '&#x41;', '\n', '- ', '# ', '1. ', '> ', '|', '\\', 'word', ' ', 'نداء', '巴黎', '\u0000', '\uD800', '"'), { maxLength: 400 })
      .map((parts) => parts.join(''));
    const text = fc.oneof(fc.string({ maxLength: 4096 }), fc.string({ unit: 'binary', maxLength: 4096 }), markupish);
    const docArb = fc.record({
      header: text,
      body: text,
      title: text,
      summary: fc.array(text, { maxLength: 3 }),
      source: text,
      url: fc.oneof(fc.webUrl(), text),
      label: text,
      value: text,
      context: text,
      dir: fc.constantFrom('ltr' as const, 'rtl' as const),
    });
    fc.assert(
      fc.property(docArb, (d) => {
        const doc: ReplyDocument = {
          visibility: 'channel',
          fallbackText: d.header,
          blocks: [
            { type: 'header', text: d.header },
            { type: 'text', text: d.body },
            { type: 'story', story: story({ title: d.title, summary: d.summary, dir: d.dir, sources: [{ name: d.source, url: d.url }], actions: [{ id: 'mute_story', label: d.label, value: d.value }] }) },
            { type: 'context', items: [d.context] },
          ],
        };
        const allowed = linksFor(doc);
        for (const activity of cardActivities(doc)) {
          expect(Buffer.byteLength(JSON.stringify(activity))).toBeLessThan(40 * 1024);
          const card = activity.attachments![0]!.content;
          expect(adaptiveCardProblems(card)).toEqual([]);
          for (const t of texts(card)) if (t.kind === 'text') expect(markupIn(t.text, allowed)).toEqual([]);
          expect(markupIn(activity.summary ?? '', new Set())).toEqual([]);
        }
      }),
      { numRuns: 10_000 },
    );
  }, 600_000);
});
