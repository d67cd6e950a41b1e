import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/replies/render-markdown.js';
import { renderText } from '../../src/replies/render-text.js';
import type { Store } from '../../src/store/store.js';
import { FORBIDDEN_MARKUP, hostileString } from '../replies/hostile-strings.js';
import { createHarness, openSeededStore, type Harness } from './harness.js';

// The whole chat path (parse, resolve, store, reply, render) on hostile text. Each run touches the
// database, so fewer runs than the pure parser and renderer properties (which run 10,000 each).
const RUNS = Number(process.env.SINK_FUZZ_RUNS ?? 600);

let store: Store;
let h: Harness;
beforeAll(async () => {
  store = await openSeededStore();
  h = createHarness(store);
}, 300_000);
afterAll(async () => {
  await store.close();
});

const commandText = fc.oneof(
  hostileString,
  fc.tuple(fc.constantFrom('subscribe ', 'unsubscribe ', 'search ', 'schedule weekly ', 'schedule daily ', 'sources add ', 'help ', ''), hostileString).map(([a, b]) => a + b),
);

function checkReply(reply: Awaited<ReturnType<Harness['ask']>>): void {
  expect(reply.blocks.length).toBeGreaterThan(0);
  expect(typeof reply.fallbackText).toBe('string');
  // Handled, not crashed: the catch-all "something went wrong" reply means a bug or a store error.
  expect(reply.fallbackText).not.toContain('Something went wrong');
  for (const out of [renderText(reply), renderMarkdown(reply)]) for (const pattern of FORBIDDEN_MARKUP) expect(out).not.toMatch(pattern);
  for (const block of reply.blocks) {
    if (block.type === 'actions') for (const action of block.actions) expect(action.value.length).toBeLessThanOrEqual(200);
  }
}

describe('command center on hostile input', () => {
  it(`every command text gets a reply document, never an exception (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(commandText, fc.constantFrom('demo:fuzz', 'slack:T9:C9', 'teams:t9:19:x@thread.tacv2'), fc.boolean(), async (text, channelId, isAdmin) => {
        checkReply(await h.ask(channelId, text, { isAdmin }));
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it(`every button press gets a reply document, never an exception (${Math.ceil(RUNS / 2)} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('subscribe_topic', 'mute_story', 'more_like_this', 'unsubscribe_all', 'show_more', 'bogus'),
        hostileString,
        async (id, value) => {
          checkReply(await h.press('demo:fuzz', id as never, value));
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  }, 600_000);

  it('an invalid origin is refused, whatever it holds', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, async (channelId, userId) => {
        const reply = await h.sink.processCommand({ channelId, userId }, 'list');
        if (reply.isError) checkReply(reply);
      }),
      { numRuns: 300 },
    );
  }, 600_000);
});
