import { defuseMarkup } from './defuse-markup.js';
import type { ReplyBlock, ReplyDocument, StoryView } from './reply-document.js';
import { webUrl } from './story-view.js';
import { t } from '../i18n/t.js';
import { dateLine } from './story-date.js';

/**
 * Plain text for terminals and logs (the CLI `ask` default). No markup is added; text is shown as
 * it is (right-to-left text included) apart from defused mentions and control characters.
 */
export function renderText(doc: ReplyDocument, uiLang = doc.lang ?? 'en'): string {
  const parts: string[] = [];
  let storyNumber = 0;
  for (const block of doc.blocks) {
    const rendered = renderBlock(block, uiLang, () => ++storyNumber);
    if (rendered !== null) parts.push(rendered);
  }
  if (parts.length === 0) parts.push(clean(doc.fallbackText));
  return parts.join('\n\n');
}

function renderBlock(block: ReplyBlock, uiLang: string, nextNumber: () => number): string | null {
  switch (block.type) {
    case 'header': {
      const text = clean(block.text, false, block.own);
      return `${text}\n${'='.repeat(Math.max(3, Math.min(60, Array.from(text).length)))}`;
    }
    case 'text':
      return clean(block.text, true, block.own);
    case 'story':
      return renderStory(block.story, nextNumber(), uiLang);
    case 'context':
      return block.items.map((item) => clean(item, false, block.own)).join(' · ');
    case 'actions':
      return block.actions.length > 0 ? block.actions.map((a) => `[${clean(a.label)}]`).join('  ') : null;
    case 'divider':
      return '-'.repeat(40);
    default:
      return null;
  }
}

function renderStory(story: StoryView, n: number, uiLang: string): string {
  const indent = '   ';
  // A machine translation is shown instead of the verbatim text, always with its mark.
  const told = story.translation ?? story;
  const lines = [`${n}. ${clean(told.title)}${story.lang && story.lang !== 'und' ? ` [${clean(story.lang).toUpperCase()}]` : ''}`];
  for (const sentence of told.summary) lines.push(indent + clean(sentence));
  if (story.translation) lines.push(indent + `(${clean(story.translation.mark)})`);
  if (story.facts) lines.push(indent + clean(story.facts));
  if (story.sources.length > 0) {
    const sources = story.sources.map((s) => {
      const url = webUrl(s.url);
      return url ? `${clean(s.name)} (${url})` : clean(s.name);
    });
    lines.push(indent + t(uiLang, 'story.sources', { sources: sources.join(', ') }));
  }
  const meta: string[] = [];
  if (story.topics.length > 0) meta.push(story.topics.map((tp) => clean(tp.name)).join(', '));
  if (story.alsoIn.length > 0) meta.push(t(uiLang, 'story.alsoIn', { langs: story.alsoIn.map((l) => clean(l)).join(', ') }));
  meta.push(clean(dateLine(story, uiLang)));
  lines.push(indent + meta.join(' · '));
  return lines.join('\n');
}

/**
 * Drops control characters (terminal escapes), keeps newlines only where asked, and defuses mentions
 * unless the text is the app's own (then it is shown exactly as written).
 */
function clean(text: string, keepNewlines = false, own = false): string {
  const flat = keepNewlines ? text.replace(/\r\n?/g, '\n') : text.replace(/[\r\n]+/g, ' ');
  // eslint-disable-next-line no-control-regex
  const safe = flat.replace(keepNewlines ? /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g : /[\u0000-\u001F\u007F-\u009F]/g, ' ');
  return own ? safe : defuseMarkup(safe);
}
