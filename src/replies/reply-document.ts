import type { ActionId } from './action-ids.js';
import type { SettingsView } from './settings-view.js';

/**
 * The platform-neutral reply model. Every answer and digest is one of these; Block Kit, Adaptive Cards,
 * plain text and Markdown are renderings of it. All strings are plain text: renderers escape them.
 */
export interface ReplyDocument {
  /** 'private': only the person who asked sees it (Slack ephemeral; Teams thread or personal chat). */
  visibility: 'private' | 'channel';
  /** One line used as the notification and accessibility fallback. */
  fallbackText: string;
  blocks: ReplyBlock[];
  /** True for error replies (the CLI exits non-zero). */
  isError?: boolean;
  /** UI language of the bot's own words (renderers' labels, dates, layout direction); English when absent. */
  lang?: string;
  /**
   * The `settings` answer: the channel's settings as a form (Teams card inputs, Slack's App Home, the
   * playground). `blocks` hold the same settings as text for renderers without a form.
   */
  settings?: SettingsView;
}

/**
 * `own: true` marks text the app wrote itself with no user or feed words in it (help, usage lines):
 * renderers show it as written, without the invisible characters that defuse markup in untrusted text
 * (so `<day>` and `code` read and copy exactly). Everything else is treated as untrusted.
 */
export type ReplyBlock =
  | { type: 'header'; text: string; own?: true }
  | { type: 'text'; text: string; own?: true }
  | { type: 'story'; story: StoryView }
  | { type: 'context'; items: string[]; own?: true }
  | { type: 'actions'; actions: ReplyAction[] }
  | { type: 'divider' };

export interface StoryView {
  /** Stable story id (shared by every item of the story). */
  id: string;
  title: string;
  /** Verbatim sentences in the story's own language. */
  summary: string[];
  /** ISO 639-1 code of the title and summary. */
  lang: string;
  /** Text direction of `lang`, so renderers can lay out Arabic or Hebrew right to left. */
  dir: 'ltr' | 'rtl';
  topics: { slug: string; name: string }[];
  sources: { name: string; url: string | null }[];
  /** Other languages the story was told in, upper-case codes ("FR", "AR"). */
  alsoIn: string[];
  /** ISO date of the newest dated item, or null when neither a source nor a text gave one. */
  published: string | null;
  /**
   * For a story not in the reader's language: one line of key facts in the reader's language, built
   * only from the analysis (language, topics, entities, date, amounts; see key-facts.ts).
   */
  facts?: string;
  /** Where `published` came from: a feed, or the item's own text (never a feed date overridden); null when undated. */
  dateSource?: 'feed' | 'text' | null;
  /**
   * What readers must be told about the date, in the UI language: "date from text" for a date read
   * from the item's text, "Date unknown" when undated, null for a feed's date. Every renderer shows it.
   */
  dateNote?: string | null;
  /**
   * A machine translation of `title` and `summary` into the reader's language, shown instead of them
   * with `mark` ("machine translation (DeepL)"); the story's "Show original" button shows the verbatim text.
   */
  translation?: { title: string; summary: string[]; mark: string };
  actions: ReplyAction[];
}

/** Action ids are stable: adapters route button presses back to the core by them (table in action-ids.ts). */
export type { ActionId };

export interface ReplyAction {
  id: ActionId;
  label: string;
  /** Opaque argument handed back on press (a topic slug, a story id, a command). At most 200 characters. */
  value: string;
  style?: 'primary' | 'danger';
}

export function textReply(text: string, visibility: ReplyDocument['visibility'] = 'private'): ReplyDocument {
  return { visibility, fallbackText: text, blocks: [{ type: 'text', text }] };
}
