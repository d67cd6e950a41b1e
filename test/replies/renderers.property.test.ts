import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/replies/render-markdown.js';
import { renderText } from '../../src/replies/render-text.js';
import { webUrl } from '../../src/replies/story-view.js';
import { FORBIDDEN_MARKUP, FUZZ_RUNS, hostileDocument } from './hostile-strings.js';

function builtLinks(doc: import('../../src/replies/reply-document.js').ReplyDocument): number {
  let n = 0;
  for (const block of doc.blocks) if (block.type === 'story') n += block.story.sources.filter((s) => webUrl(s.url) !== null).length;
  return n;
}

describe('renderer properties', () => {
  it(`plain text: never throws, no live mentions or link markup, no control characters (${FUZZ_RUNS} runs)`, () => {
    fc.assert(
      fc.property(hostileDocument, (doc) => {
        const out = renderText(doc);
        expect(typeof out).toBe('string');
        for (const pattern of FORBIDDEN_MARKUP) expect(out).not.toMatch(pattern);
        expect(out).not.toMatch(/\]\(/);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);

  it(`Markdown: never throws, no HTML, no mentions, and the only links are the source links we built (${FUZZ_RUNS} runs)`, () => {
    fc.assert(
      fc.property(hostileDocument, (doc) => {
        const out = renderMarkdown(doc);
        for (const pattern of FORBIDDEN_MARKUP) expect(out).not.toMatch(pattern);
        // Every "<" is escaped: no HTML tag or autolink can open.
        expect(out).not.toMatch(/(^|[^\\])</m);
        expect(out.split('](').length - 1).toBe(builtLinks(doc));
        // Bare URLs would be autolinked by GFM; they are escaped outside the links we built.
        const withoutBuilt = out.replace(/\]\(https?:\/\/[^)\s]*\)/g, '');
        expect(withoutBuilt).not.toMatch(/https?:\/\//i);
        // eslint-disable-next-line no-control-regex
        expect(out).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, 300_000);
});
