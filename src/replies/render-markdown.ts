import { defuseMarkup } from './defuse-markup.js';
import type { ReplyBlock, ReplyDocument, StoryView } from './reply-document.js';
import { webUrl } from './story-view.js';
import { t } from '../i18n/t.js';
import { dateLine } from './story-date.js';

/**
 * CommonMark/GFM for the CLI (`ask --format markdown`). Every piece of text is escaped, so feed or
 * user text cannot add emphasis, HTML, links or autolinks; the only links are [label](url) for
 * http(s) source URLs we checked.
 */
export function renderMarkdown(doc: ReplyDocument, uiLang = doc.lang ?? 'en'): string {
  const parts: string[] = [];
  let storyNumber = 0;
  for (const block of doc.blocks) {
    const rendered = renderBlock(block, uiLang, () => ++storyNumber);
    if (rendered !== null) parts.push(rendered);
  }
  if (parts.length === 0) parts.push(escapeMarkdown(doc.fallbackText));
  return parts.join('\n\n');
}

function renderBlock(block: ReplyBlock, uiLang: string, nextNumber: () => number): string | null {
  switch (block.type) {
    case 'header':
      return `## ${escapeInline(block.text)}`;
    case 'text':
      return escapeMarkdown(block.text);
    case 'story':
      return renderStory(block.story, nextNumber(), uiLang);
    case 'context':
      return block.items.length > 0 ? `_${block.items.map(escapeInline).join(' · ')}_` : null;
    case 'actions':
      return block.actions.length > 0 ? block.actions.map((a) => `**${escapeInline(a.label)}**`).join(' · ') : null;
    case 'divider':
      return '---';
    default:
      return null;
  }
}

function renderStory(story: StoryView, n: number, uiLang: string): string {
  const lang = story.lang && story.lang !== 'und' ? ` \\[${escapeInline(story.lang.toUpperCase())}\\]` : '';
  // A machine translation is shown instead of the verbatim text, always with its mark.
  const told = story.translation ?? story;
  const lines = [`### ${n}\\. ${escapeInline(told.title)}${lang}`];
  if (told.summary.length > 0) lines.push('', told.summary.map(escapeInline).join(' '));
  if (story.translation) lines.push('', `_${escapeInline(`(${story.translation.mark})`)}_`);
  if (story.facts) lines.push('', `_${escapeInline(story.facts)}_`);
  if (story.sources.length > 0) {
    const sources = story.sources.map((s) => {
      const url = webUrl(s.url);
      return url ? `[${escapeInline(s.name)}](${url})` : escapeInline(s.name);
    });
    // t() output is ours but its parameters are not: escape the pieces, then join with the template.
    lines.push('', t(uiLang, 'story.sources', { sources: sources.join(', ') }));
  }
  const meta: string[] = [];
  if (story.topics.length > 0) meta.push(story.topics.map((tp) => escapeInline(tp.name)).join(', '));
  if (story.alsoIn.length > 0) meta.push(escapeInline(t(uiLang, 'story.alsoIn', { langs: story.alsoIn.join(', ') })));
  meta.push(escapeInline(dateLine(story, uiLang)));
  lines.push('', `_${meta.join(' · ')}_`);
  return lines.join('\n');
}

// Backslash-escapable ASCII punctuation that starts inline markup, HTML, entities or links anywhere in a line.
const INLINE_SPECIALS = /[\\`*_[\]()<>#|~&!@{}$]/g;

/** Escapes text for use inside one Markdown line (newlines become spaces). */
export function escapeInline(text: string): string {
  // Controls would let text end the line or reach the terminal; drop them first.
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, ' ');
  return defuseMarkup(flat)
    .replace(INLINE_SPECIALS, (c) => `\\${c}`)
    // GFM autolinks bare "scheme://" and "www." text.
    .replace(/:\/\//g, '\\://')
    .replace(/(www)\./gi, '$1\\.');
}

/** Escapes multi-line text: every line escaped inline, plus the markers that only count at a line start. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeInline(line).replace(/^(\s*)([-+=>]|\d+[.)])/, (_, space: string, marker: string) => `${space}${escapeLineStart(marker)}`))
    .join('  \n');
}

function escapeLineStart(marker: string): string {
  const last = marker.at(-1)!;
  return `${marker.slice(0, -1)}\\${last}`;
}
