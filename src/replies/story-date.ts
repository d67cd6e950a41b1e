import type { StoryView } from './reply-document.js';
import { formatDate } from '../i18n/intl-format.js';
import { t } from '../i18n/t.js';

/** A story's date in the UI language ("12 Nov 2026"), or null when undated. */
export function storyDay(story: Pick<StoryView, 'published'>, uiLang: string): string | null {
  return story.published ? formatDate(uiLang, story.published) : null;
}

/**
 * The date as every surface shows it: "12 Nov 2026" for a feed's date, "12 Nov 2018 (date from
 * text)" for one read from the item's text, "Date unknown" when there is none. `withWord` prefixes a
 * known date with "Published" (text and Markdown renderings).
 */
export function storyDate(story: Pick<StoryView, 'published' | 'dateNote'>, uiLang: string, withWord = false): string {
  const day = storyDay(story, uiLang);
  if (!day) return story.dateNote || t(uiLang, 'story.undated');
  const shown = withWord ? t(uiLang, 'story.published', { date: day }) : day;
  return story.dateNote ? `${shown} (${story.dateNote})` : shown;
}

/** "Published 12 Nov 2026", "Published 12 Nov 2018 (date from text)" or "Date unknown". */
export function dateLine(story: Pick<StoryView, 'published' | 'dateNote'>, uiLang: string): string {
  return storyDate(story, uiLang, true);
}
