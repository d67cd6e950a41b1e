import { describe, expect, it } from 'vitest';
import type { ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import { escapeInline, escapeMarkdown, renderMarkdown } from '../../src/replies/render-markdown.js';
import { renderText } from '../../src/replies/render-text.js';

const arabic: StoryView = {
  id: 'story-ar',
  title: 'نداء باريس يحتفل بذكراه',
  summary: ['قالت الحكومة إن «نداء باريس» يضم 1312 داعماً.'],
  lang: 'ar',
  dir: 'rtl',
  topics: [{ slug: 'paris-call', name: 'Paris Call' }],
  sources: [
    { name: 'gulf.example', url: 'https://gulf.example/ar/1' },
    { name: 'offline', url: null },
  ],
  alsoIn: ['EN', 'FR'],
  published: '2026-11-12T09:00:00.000Z',
  actions: [],
};

const doc: ReplyDocument = {
  visibility: 'private',
  fallbackText: 'Paris Call',
  blocks: [
    { type: 'header', text: 'Paris Call: newest stories' },
    { type: 'story', story: arabic },
    { type: 'context', items: ['Showing 1 of 1 · newest first'] },
    { type: 'actions', actions: [{ id: 'show_more', label: 'Show more', value: 'paris-call' }] },
  ],
};

describe('plain text renderer', () => {
  it('lays out header, story, sources, languages and context, keeping right-to-left text intact', () => {
    expect(renderText(doc)).toBe(
      [
        'Paris Call: newest stories',
        '==========================',
        '',
        '1. نداء باريس يحتفل بذكراه [AR]',
        '   قالت الحكومة إن «نداء باريس» يضم 1312 داعماً.',
        '   Sources: gulf.example (https://gulf.example/ar/1), offline',
        '   Paris Call · Also in: EN, FR · Published 12 Nov 2026',
        '',
        'Showing 1 of 1 · newest first',
        '',
        '[Show more]',
      ].join('\n'),
    );
  });

  it('defuses mentions and Slack markup from feed text but keeps it readable', () => {
    const out = renderText({ visibility: 'channel', fallbackText: '', blocks: [{ type: 'text', text: 'Hi <!channel> @everyone <https://evil.example|x>\u001b[31m' }] });
    expect(out).toBe('Hi <\u2060!channel> @\u2060everyone <\u2060https://evil.example|x> [31m');
  });
});

describe('Markdown renderer', () => {
  it('escapes feed text and links only the http(s) sources we built', () => {
    expect(renderMarkdown(doc)).toBe(
      [
        '## Paris Call: newest stories',
        '',
        '### 1\\. نداء باريس يحتفل بذكراه \\[AR\\]',
        '',
        'قالت الحكومة إن «نداء باريس» يضم 1312 داعماً.',
        '',
        'Sources: [gulf.example](https://gulf.example/ar/1), offline',
        '',
        '_Paris Call · Also in: EN, FR · Published 12 Nov 2026_',
        '',
        '_Showing 1 of 1 · newest first_',
        '',
        '**Show more**',
      ].join('\n'),
    );
  });

  it('neutralises HTML, links, emphasis, autolinks and list markers in text', () => {
    expect(escapeInline('<b>hi</b> [x](http://e.example) *a* _b_ `c` www.e.example https://e.example a@b.example')).toBe(
      '\\<\u2060b\\>hi\\<\u2060/b\\> \\[x\\]\u2060\\(http\\://e.example\\) \\*a\\* \\_b\\_ \\`c\\` www\\.e.example https\\://e.example a\\@b.example',
    );
    expect(escapeMarkdown('# title\n- item\n1. first\n> quote')).toBe('\\# title  \n\\- item  \n1\\. first  \n\\> quote');
  });

  it('never links a source URL that is not http(s) or carries credentials', () => {
    const story = { ...arabic, sources: [{ name: 'x', url: 'javascript:alert(1)' }, { name: 'y', url: 'https://u:p@e.example/' }, { name: 'z', url: 'https://e.example/a_(b)' }] };
    const out = renderMarkdown({ visibility: 'private', fallbackText: '', blocks: [{ type: 'story', story }] });
    expect(out).toContain('Sources: x, y, [z](https://e.example/a%5F%28b%29)');
  });
});
