import type { ReplyAction, ReplyBlock, ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import { dominantDirection, textDirection } from '../../src/i18n/intl-format.js';
import { t } from '../../src/i18n/t.js';
import { actionLabel } from '../../src/replies/action-labels.js';
import { storyDate } from '../../src/replies/story-date.js';
import { cleanText, escapeCardParagraphs, escapeCardText, markdownLink, ownCardParagraphs, ownCardText } from './card-text.js';
import { renderSettingsCard } from './settings-card.js';

/** Teams accepts about 40 KB per activity; cards stay well under so the envelope always fits. */
export const MAX_CARD_BYTES = 26_000;
export const CARD_VERSION = '1.5';
const MAX_TEXT_CHARS = 2_500;
const MAX_SUMMARY_SENTENCES = 5;
const MAX_SOURCES = 8;
/** Teams' host config shows at most this many actions in one ActionSet. */
const MAX_ACTIONS_PER_SET = 6;

type CardElement = Record<string, unknown>;

/** What a button press sends back (Action.Submit data arrives as the message activity's value). */
export interface SubmitData {
  action: ReplyAction['id'];
  value: string;
}

/**
 * Renders a reply document as Adaptive Cards 1.5, one card per activity, splitting long documents so
 * each card stays under MAX_CARD_BYTES. Pure: the playground shows exactly what Teams receives.
 */
export function renderAdaptiveCards(doc: ReplyDocument): object[] {
  // The `settings` answer is a form: one card of inputs.
  if (doc.settings) return [renderSettingsCard(doc.settings)];
  const lang = doc.lang ?? 'en';
  const rtl = textDirection(lang) === 'rtl';
  const elements = toElements(doc.blocks, lang);
  const header = doc.blocks.find((b): b is Extract<ReplyBlock, { type: 'header' }> => b.type === 'header');
  const continuation = header ? t(lang, 'render.continuedHeader', { header: escapeCardText(header.text, 200) }) : t(lang, 'render.continuedPlain');
  const cards: CardElement[][] = [];
  let current: CardElement[] = [];
  // JSON has no whitespace here, so a card's size is its empty shell's plus each element's plus the
  // commas between them: summed as elements are added, not re-serialised for each (that was quadratic:
  // ~7 % of a 20-story Teams fan-out's CPU).
  const shell = byteSize(card([], rtl));
  let size = shell;
  const add = (element: CardElement, bytes = byteSize(element)) => {
    size += bytes + (current.length > 0 ? 1 : 0);
    current.push(element);
  };
  for (const element of elements) {
    const elementSize = byteSize(element);
    if (current.length > 0 && size + 1 + elementSize > MAX_CARD_BYTES) {
      cards.push(current);
      current = [];
      size = shell;
      add({ type: 'TextBlock', text: continuation, isSubtle: true, size: 'Small', wrap: true });
      add({ ...element, separator: false });
    } else {
      add(element, elementSize);
    }
  }
  if (current.length > 0 || cards.length === 0) cards.push(current.length > 0 ? current : [textBlock(escapeCardText(doc.fallbackText))]);
  return cards.map((body) => card(body, rtl));
}

/** An Adaptive Card; `rtl` lays the whole card (the bot's own words in Arabic, …) out right to left. */
function card(body: CardElement[], rtl = false): CardElement {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    ...(rtl ? { rtl: true } : {}),
    body,
    msteams: { width: 'Full' },
  };
}

function toElements(blocks: ReplyBlock[], lang: string): CardElement[] {
  const out: CardElement[] = [];
  let separateNext = false;
  for (const block of blocks) {
    if (block.type === 'divider') {
      separateNext = true;
      continue;
    }
    const rendered = renderBlock(block, lang);
    if (rendered.length === 0) continue;
    if (separateNext) rendered[0] = { ...rendered[0], separator: true, spacing: 'Medium' };
    separateNext = false;
    out.push(...rendered);
  }
  return out;
}

function renderBlock(block: Exclude<ReplyBlock, { type: 'divider' }>, lang: string): CardElement[] {
  switch (block.type) {
    case 'header': {
      const text = block.own ? ownCardText(block.text, 200) : escapeCardText(block.text, 200);
      return present(text) ? [{ type: 'TextBlock', text, size: 'Large', weight: 'Bolder', style: 'heading', wrap: true }] : [];
    }
    case 'text':
      // Long text is split on line boundaries into several blocks, so it can spread over cards.
      return chunkLines(block.text, MAX_TEXT_CHARS)
        .map((chunk) => (block.own ? ownCardParagraphs(chunk, MAX_TEXT_CHARS) : escapeCardParagraphs(chunk, MAX_TEXT_CHARS)))
        .filter(present)
        .map(textBlock);
    case 'context': {
      const text = block.items.map((item) => (block.own ? ownCardText(item, 300) : escapeCardText(item, 300))).filter(present).join(' · ');
      return text ? [{ type: 'TextBlock', text, isSubtle: true, size: 'Small', wrap: true }] : [];
    }
    case 'actions':
      return block.actions.length > 0 ? [actionSet(block.actions, lang)] : [];
    case 'story':
      return [storyContainer(block.story, lang)];
  }
}

function textBlock(text: string): CardElement {
  return { type: 'TextBlock', text, wrap: true };
}

function storyContainer(story: StoryView, lang: string): CardElement {
  // Title and summary are in the story's language (or, machine-translated, in the reader's); rtl lays
  // Arabic or Hebrew out right to left. A translation always carries its mark.
  const text = story.translation ?? story;
  const told: CardElement = {
    type: 'Container',
    items: [
      { type: 'TextBlock', text: orUntitled(escapeCardText(text.title, 300), lang), weight: 'Bolder', size: 'Medium', wrap: true },
      ...text.summary.slice(0, MAX_SUMMARY_SENTENCES).map((s) => escapeCardText(s, 500)).filter(present).map(textBlock),
      ...(story.translation ? [{ type: 'TextBlock', text: escapeCardText(`(${story.translation.mark})`, 200), isSubtle: true, size: 'Small', wrap: true }] : []),
    ],
  };
  // A story keeps its own direction inside a card laid out the other way.
  // A translation is in the reader's language; by its letters, as the demo translator only tags the original.
  const dir = story.translation ? dominantDirection([story.translation.title, ...story.translation.summary].join(' '), textDirection(lang)) : story.dir;
  if (dir === 'rtl') told.rtl = true;
  else if (textDirection(lang) === 'rtl') told.rtl = false;
  const meta = [
    escapeCardText(story.lang.toUpperCase(), 8),
    ...story.topics.slice(0, 6).map((t) => escapeCardText(t.name, 60)).filter(present),
    // The date, and whether it was read from the text or is unknown (storyDate): readers must see which.
    escapeCardText(storyDate(story, lang), 60),
    ...(story.alsoIn.length > 0 ? [t(lang, 'story.alsoIn', { langs: story.alsoIn.slice(0, 12).map((l) => escapeCardText(l, 8)).join(', ') })] : []),
  ].filter(present);
  const items: CardElement[] = [told];
  // Key facts in the reader's language (the card's direction), right under the verbatim summary.
  const facts = story.facts ? escapeCardText(story.facts, 600) : '';
  if (present(facts)) items.push({ type: 'TextBlock', text: facts, size: 'Small', wrap: true });
  items.push({ type: 'TextBlock', text: meta.join(' · '), isSubtle: true, size: 'Small', wrap: true });
  const sources = story.sources
    .slice(0, MAX_SOURCES)
    .filter((s) => present(escapeCardText(s.name, 80)))
    .map((s) => markdownLink(s.name, s.url));
  if (sources.length > 0) items.push({ type: 'TextBlock', text: t(lang, 'story.sources', { sources: sources.join(' · ') }), size: 'Small', wrap: true });
  // Teams shows at most 6 actions per ActionSet: more buttons (Why?, Follow…, Show original) go on another row.
  for (let i = 0; i < story.actions.length; i += MAX_ACTIONS_PER_SET) items.push(actionSet(story.actions.slice(i, i + MAX_ACTIONS_PER_SET), lang));
  return { type: 'Container', separator: true, spacing: 'Medium', items };
}

function actionSet(actions: ReplyAction[], lang: string): CardElement {
  return {
    type: 'ActionSet',
    actions: actions.slice(0, MAX_ACTIONS_PER_SET).map((a) => {
      const data: SubmitData = { action: a.id, value: cleanText(a.value, 200) };
      const label = cleanText(a.label, 40);
      const action: CardElement = { type: 'Action.Submit', title: present(label) ? label : actionLabel(lang, a.id), data };
      if (a.style === 'primary') action.style = 'positive';
      if (a.style === 'danger') action.style = 'destructive';
      return action;
    }),
  };
}

/** Splits text into pieces of at most `max` characters, preferring line breaks. */
function chunkLines(text: string, max: number): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    for (const piece of splitLong(line, max)) {
      if (current && current.length + 1 + piece.length > max) {
        chunks.push(current);
        current = piece;
      } else {
        current = current ? `${current}\n${piece}` : piece;
      }
    }
  }
  if (current.trim() || chunks.length === 0) chunks.push(current);
  return chunks.filter((c, i) => c.trim() !== '' || (i === 0 && chunks.length === 1));
}

function splitLong(line: string, max: number): string[] {
  const points = Array.from(line);
  if (points.length <= max) return [line];
  const out: string[] = [];
  for (let i = 0; i < points.length; i += max) out.push(points.slice(i, i + max).join(''));
  return out;
}

/** Text that shows something (TextBlocks and titles may not be empty). */
function present(text: string): boolean {
  return text.replaceAll('\u200B', '').trim() !== '';
}

function orUntitled(text: string, lang: string): string {
  return present(text) ? text : t(lang, 'story.untitled');
}

export function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
