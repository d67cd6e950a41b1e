/** Limits that keep one huge element from reaching the analyser or the store. */
export const MAX_TITLE_CHARS = 1_000;
export const MAX_CONTENT_CHARS = 100_000;
/** A first line longer than this is body text, not a title. */
export const MAX_TITLE_LINE = 150;

/** Title and body of a press release: a short first line is the title, else the first sentence. */
export function splitTitle(text: string): { title: string; content: string } {
  const trimmed = text.replace(/\r\n?/g, '\n').trim();
  if (!trimmed) return { title: '', content: '' };
  const newline = trimmed.indexOf('\n');
  const firstLine = (newline < 0 ? trimmed : trimmed.slice(0, newline)).trim();
  if (firstLine.length <= MAX_TITLE_LINE) {
    const rest = newline < 0 ? '' : trimmed.slice(newline + 1).trim();
    return { title: firstLine, content: rest || firstLine };
  }
  return { title: firstSentence(firstLine), content: trimmed };
}

/** The first sentence of a text (Latin, Arabic, CJK and Devanagari stops), bounded in length. */
export function firstSentence(text: string): string {
  const line = text.replace(/\s+/gu, ' ').trim();
  const match = /^(.{10,}?[.!?؟。！？।])(?=\s|$)/u.exec(line) ?? /^(.{10,}?[。！？])/u.exec(line);
  const sentence = match?.[1] ?? line;
  return truncate(sentence, MAX_TITLE_LINE * 2);
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Cut at a word boundary when there is one near the end.
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd() + '…';
}

/** BCP 47 tag to its primary language subtag ("en-US" -> "en"), or null when it is not one. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : null;
}
