import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_KIT_LIMITS } from '../../adapters/slack/block-kit-types.js';
import { renderBlockKit, type SlackMessage } from '../../adapters/slack/block-kit-renderer.js';
import { safeLinkTarget } from '../../adapters/slack/mrkdwn-escape.js';
import type { ActionId, ReplyAction, ReplyBlock, ReplyDocument } from '../../src/replies/reply-document.js';
import { checkBlockKit } from '../helpers/fake-slack-server.js';

// Feed-like text: arbitrary code points mixed with the markup an attacker would try.
const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 64 }) },
  { weight: 2, arbitrary: fc.constantFrom('<!channel>', '<!here>', '<!everyone>', '<@U12345>', '<#C123|general>', '<https://evil.example|click>', '<!subteam^S1>', '@channel', '@here', '@everyone', '&', '&amp;', '&lt;', '<', '>', '|', '*', '_', '~', '`', '\n', ' ', 'نداء باريس', '😀', '\u202e') },
);
const text = (max: number) => fc.array(fragment, { maxLength: 24 }).map((parts) => parts.join('').slice(0, max));
// Mostly short, sometimes up to 4 KB (Slack's per-field limits are 75 to 3,000 characters).
const bigText = fc.oneof(
  { weight: 12, arbitrary: text(400) },
  { weight: 3, arbitrary: text(4096) },
  // Long strings are costly to generate; a repeated chunk reaches 4 KB cheaply and still varies.
  { weight: 1, arbitrary: fc.tuple(text(300), fc.integer({ min: 10, max: 14 })).map(([t, n]) => t.repeat(n).slice(0, 4096)) },
);
const actionId = fc.constantFrom<ActionId>('subscribe_topic', 'mute_story', 'more_like_this', 'unsubscribe_all', 'show_more');
const action: fc.Arbitrary<ReplyAction> = fc.record({ id: actionId, label: text(200), value: text(200) });
const url = fc.oneof(fc.webUrl(), text(300), fc.constant(null), fc.constant('javascript:alert(1)'), fc.webUrl().map((u) => `${u}?a=<!channel>|x&b=>`));
const story = fc.record({
  id: text(40),
  title: bigText,
  summary: fc.array(bigText, { maxLength: 2 }),
  lang: fc.constantFrom('en', 'ar', 'lt', 'fr'),
  dir: fc.constantFrom<'ltr' | 'rtl'>('ltr', 'rtl'),
  topics: fc.array(fc.record({ slug: text(30), name: text(200) }), { maxLength: 3 }),
  sources: fc.array(fc.record({ name: text(300), url }), { maxLength: 3 }),
  alsoIn: fc.array(fc.constantFrom('FR', 'AR', 'LT', '<!here>'), { maxLength: 3 }),
  published: fc.oneof(fc.constant(null), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), text(30)),
  actions: fc.array(action, { maxLength: 4 }),
});
const block: fc.Arbitrary<ReplyBlock> = fc.oneof(
  fc.record({ type: fc.constant('header' as const), text: bigText }),
  fc.record({ type: fc.constant('text' as const), text: bigText }),
  fc.record({ type: fc.constant('story' as const), story }),
  fc.record({ type: fc.constant('context' as const), items: fc.array(text(400), { maxLength: 13 }) }),
  fc.record({ type: fc.constant('actions' as const), actions: fc.array(action, { maxLength: 30 }) }),
  fc.constant({ type: 'divider' as const }),
);
const doc: fc.Arbitrary<ReplyDocument> = fc.record({
  visibility: fc.constantFrom<'private' | 'channel'>('private', 'channel'),
  fallbackText: bigText,
  blocks: fc.array(block, { maxLength: 8 }),
});

/** Every string Slack would parse as text in a message (mrkdwn and the top-level text), then the plain_text ones. */
function texts(message: SlackMessage): string[] {
  const out = [message.text];
  for (const b of message.blocks) {
    if (b.type === 'section') out.push(b.text.text);
    if (b.type === 'context') out.push(...b.elements.map((e) => e.text));
  }
  return [...out, ...plainTexts(message)];
}

/** Header and button labels: plain_text, shown as sent (no entities), so `<` may stay but no mention or link markup may. */
function plainTexts(message: SlackMessage): string[] {
  const out: string[] = [];
  for (const b of message.blocks) {
    if (b.type === 'header') out.push(b.text.text);
    if (b.type === 'actions') out.push(...b.elements.map((e) => e.text.text));
  }
  return out;
}

function blockChars(message: SlackMessage): number {
  return texts(message).slice(1).reduce((n, t) => n + t.length, 0);
}

describe('renderBlockKit properties', () => {
  it('renders any document within Block Kit limits, never throws, and lets no feed markup through', () => {
    fc.assert(
      fc.property(doc, (d) => {
        const allowed = new Set(
          d.blocks.flatMap((b) => (b.type === 'story' ? b.story.sources.map((s) => safeLinkTarget(s.url)).filter((u): u is string => u !== null) : [])),
        );
        const messages = renderBlockKit(d);
        expect(messages.length).toBeGreaterThanOrEqual(1);
        for (const m of messages) {
          expect(checkBlockKit(m.blocks)).toEqual([]);
          expect(m.blocks.length).toBeGreaterThanOrEqual(1);
          expect(m.text.trim().length).toBeGreaterThan(0);
          expect(m.text.length).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.fallbackText);
          expect(blockChars(m)).toBeLessThanOrEqual(BLOCK_KIT_LIMITS.messageChars);
          expect(JSON.stringify(m)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
          const plain = plainTexts(m);
          for (const t of plain) {
            expect(t).not.toMatch(/<(?:[!@#]|(?:https?|mailto|tel|slack):)/i);
            expect(t).not.toMatch(/[@＠﹫](channel|here|everyone)\b/i);
          }
          const all = texts(m);
          for (const t of all.slice(0, all.length - plain.length)) {
            // The only `<…>` left are links we built from safe http(s) source URLs.
            for (const match of t.matchAll(/<([^>]*)>?/g)) {
              const [target, ...label] = match[1]!.split('|');
              expect(match[0].endsWith('>')).toBe(true);
              expect(allowed.has(target!)).toBe(true);
              expect(label.join('|')).not.toMatch(/[<>]/);
            }
            expect(t).not.toMatch(/<[!@#]/);
            expect(t).not.toMatch(/[@＠﹫](channel|here|everyone)\b/i);
          }
        }
      }),
      { numRuns: 10_000 },
    );
  }, 600_000);
});
