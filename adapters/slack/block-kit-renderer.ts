import type { ReplyAction, ReplyBlock, ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import { t } from '../../src/i18n/t.js';
import { actionLabel } from '../../src/replies/action-labels.js';
import { storyDate } from '../../src/replies/story-date.js';
import { encodeActionId } from './action-id.js';
import { BLOCK_KIT_LIMITS as L, type ButtonElement, type MrkdwnText, type SlackBlock, type SlackMessage } from './block-kit-types.js';
import { escapeAndFit, escapeSlackText, plainTextFit, slackLink } from './mrkdwn-escape.js';

export type { SlackMessage, SlackBlock } from './block-kit-types.js';


/** Caps for the parts of a story, so one story always fits a message with room to spare. */
const STORY_TITLE_MAX = 1200;
const CONTEXT_ITEM_MAX = 1000;
const MAX_SOURCES_SHOWN = 5;

/**
 * Renders a reply document as one or more Slack messages within Block Kit limits. The first message
 * is the parent; the rest go in its thread (transport) or follow it (slash-command replies). Pure.
 */
export function renderBlockKit(doc: ReplyDocument): SlackMessage[] {
  const lang = doc.lang ?? 'en';
  const counter = { next: 0, lang };
  const groups = doc.blocks.map((block) => renderBlock(block, counter)).filter((g) => g.length > 0);
  const packed = pack(groups);
  const base = fallbackText(doc);
  if (packed.length === 0) return [{ text: escapeAndFit(base, L.fallbackText), blocks: [section(escapeAndFit(base, L.sectionText))] }];
  return packed.map((blocks, i) => ({
    text: escapeAndFit(i === 0 ? base : t(lang, 'render.continued', { part: i + 1, parts: packed.length, text: base }), L.fallbackText),
    blocks,
  }));
}

/** The raw (unescaped) one-line fallback. */
function fallbackText(doc: ReplyDocument): string {
  const first = (type: 'header' | 'text') => doc.blocks.find((b): b is Extract<ReplyBlock, { type: typeof type }> => b.type === type)?.text.trim();
  return doc.fallbackText.trim() || first('header') || first('text') || 'cyberpolicy';
}

/** Numbers buttons across the document (action ids must be unique per message) and carries its UI language. */
interface Counter {
  next: number;
  lang: string;
}

function mrkdwn(text: string): MrkdwnText {
  return { type: 'mrkdwn', text, verbatim: true };
}

function section(escaped: string): SlackBlock {
  return { type: 'section', text: mrkdwn(escaped) };
}

function renderBlock(block: ReplyBlock, counter: Counter): SlackBlock[] {
  switch (block.type) {
    case 'header': {
      const text = plainTextFit(block.text.replace(/\s+/g, ' ').trim(), L.headerText);
      return text ? [{ type: 'header', text: { type: 'plain_text', text } }] : [];
    }
    case 'text':
      return splitEscaped(escapeSlackText(block.text.trim()), L.sectionText).map(section);
    case 'context': {
      const items = block.items.map((item) => item.trim()).filter(Boolean);
      return items.length ? [contextBlock(items)] : [];
    }
    case 'actions':
      return actionBlocks(block.actions, counter);
    case 'divider':
      return [{ type: 'divider' }];
    case 'story':
      return renderStory(block.story, counter);
  }
}

function contextBlock(items: string[]): SlackBlock {
  const kept = items.length > L.contextElements ? [...items.slice(0, L.contextElements - 1), items.slice(L.contextElements - 1).join(' · ')] : items;
  return { type: 'context', elements: kept.map((item) => mrkdwn(escapeAndFit(item, CONTEXT_ITEM_MAX))) };
}

function actionBlocks(actions: ReplyAction[], counter: Counter): SlackBlock[] {
  const buttons = actions.map((action) => button(action, counter.next++, counter.lang));
  const blocks: SlackBlock[] = [];
  for (let i = 0; i < buttons.length; i += L.actionsElements) {
    blocks.push({ type: 'actions', elements: buttons.slice(i, i + L.actionsElements) });
  }
  return blocks;
}

function button(action: ReplyAction, index: number, lang: string): ButtonElement {
  const label = action.label.replace(/\s+/g, ' ').trim() || actionLabel(lang, action.id);
  const element: ButtonElement = {
    type: 'button',
    action_id: encodeActionId(action.id, index),
    text: { type: 'plain_text', text: plainTextFit(label, L.buttonText) },
    value: action.value.slice(0, L.buttonValue),
  };
  if (action.style) element.style = action.style;
  return element;
}

function renderStory(story: StoryView, counter: Counter): SlackBlock[] {
  const link = story.sources.find((s) => s.url)?.url ?? null;
  // A machine translation is shown instead of the verbatim text, always with its mark ("Show original" brings the text back).
  const told = story.translation ?? story;
  const title = told.title.replace(/\s+/g, ' ').trim() || t(counter.lang, 'story.untitled');
  const titleLine = `*${slackLink(link, title, STORY_TITLE_MAX)}*`;
  const summary = told.summary.map((s) => s.trim()).filter(Boolean).join(' ');
  const room = L.sectionText - titleLine.length - 1;
  const body = summary ? `${titleLine}\n${escapeAndFit(summary, room)}` : titleLine;
  const blocks: SlackBlock[] = [section(body.length <= L.sectionText ? body : escapeAndFit(title, L.sectionText))];
  // Key facts in the reader's language, right under the verbatim summary.
  const lines = [story.translation ? `(${story.translation.mark})` : '', story.facts?.trim() ?? ''].filter(Boolean);
  if (lines.length) blocks.push({ type: 'context', elements: lines.map((line) => mrkdwn(escapeAndFit(line, CONTEXT_ITEM_MAX))) });

  const context: MrkdwnText[] = [];
  // The story's own language first (as Teams shows it): the title and summary are in it.
  const language = story.lang && story.lang !== 'und' ? [story.lang.toUpperCase()] : [];
  const topics = [...language, ...story.topics.map((t) => t.name.trim()).filter(Boolean)];
  if (topics.length) context.push(mrkdwn(escapeAndFit(topics.join(' · '), CONTEXT_ITEM_MAX)));
  const sources = story.sources.filter((s) => s.name.trim()).slice(0, MAX_SOURCES_SHOWN);
  if (sources.length) context.push(mrkdwn(fitJoined(sources.map((s) => slackLink(s.url, s.name.trim(), 200)), ', ', CONTEXT_ITEM_MAX)));
  // The date, and whether it was read from the text or is unknown (storyDate): readers must see which.
  const meta = [storyDate(story, counter.lang), story.alsoIn.length ? t(counter.lang, 'story.alsoIn', { langs: story.alsoIn.join(', ') }) : '']
    .filter(Boolean)
    .join(' · ');
  if (meta) context.push(mrkdwn(escapeAndFit(meta, CONTEXT_ITEM_MAX)));
  if (context.length) blocks.push({ type: 'context', elements: context });

  blocks.push(...actionBlocks(story.actions, counter));
  blocks.push({ type: 'divider' });
  return blocks;
}

/** Joins already-escaped parts, dropping whole parts (never cutting a link) past `max`. */
function fitJoined(parts: string[], sep: string, max: number): string {
  let out = '';
  for (const part of parts) {
    const next = out ? `${out}${sep}${part}` : part;
    if (next.length > max) break;
    out = next;
  }
  return out || escapeAndFit('(sources)', max);
}

/** Splits escaped text into chunks of at most `max`, at a line or word break when one is near. */
export function splitEscaped(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = max;
    const window = rest.slice(0, max);
    const breakAt = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (breakAt > max * 0.7) cut = breakAt;
    cut = safeCut(rest, cut);
    const head = rest.slice(0, cut).trim();
    if (head) chunks.push(head);
    rest = rest.slice(cut);
  }
  if (rest.trim()) chunks.push(rest.trim());
  return chunks;
}

/** Moves a cut point back so it splits neither an entity (&amp;) nor a surrogate pair. */
function safeCut(text: string, cut: number): number {
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 5 && !text.slice(amp, cut).includes(';') && /^&(amp|lt|gt);/.test(text.slice(amp, amp + 5))) cut = amp;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(cut, 1);
}

function blockChars(block: SlackBlock): number {
  switch (block.type) {
    case 'header':
    case 'section':
      return block.text.text.length;
    case 'context':
      return block.elements.reduce((n, e) => n + e.text.length, 0);
    case 'actions':
      return block.elements.reduce((n, e) => n + e.text.text.length, 0);
    case 'divider':
      return 0;
  }
}

/** Packs block groups (a story stays whole when it can) into messages within the block and size caps. */
function pack(groups: SlackBlock[][]): SlackBlock[][] {
  const messages: SlackBlock[][] = [];
  let current: SlackBlock[] = [];
  let chars = 0;
  const flush = () => {
    const trimmed = trimDividers(current);
    if (trimmed.length) messages.push(trimmed);
    current = [];
    chars = 0;
  };
  const fits = (count: number, size: number) => current.length + count <= L.blocksPerMessage && chars + size <= L.messageChars;
  for (const group of groups) {
    const size = group.reduce((n, b) => n + blockChars(b), 0);
    if (!fits(group.length, size)) flush();
    if (fits(group.length, size)) {
      current.push(...group);
      chars += size;
      continue;
    }
    for (const block of group) {
      const one = blockChars(block);
      if (!fits(1, one)) flush();
      current.push(block);
      chars += one;
    }
  }
  flush();
  return messages;
}

function trimDividers(blocks: SlackBlock[]): SlackBlock[] {
  let start = 0;
  let end = blocks.length;
  while (start < end && blocks[start]!.type === 'divider') start++;
  while (end > start && blocks[end - 1]!.type === 'divider') end--;
  return blocks.slice(start, end);
}
