/** Limits that keep one huge element from reaching the analyser or the store. */
export const MAX_TITLE_CHARS = 1_000;
export const MAX_CONTENT_CHARS = 100_000;
/** A first line longer than this is body text, not a title. */
export const MAX_TITLE_LINE = 150;
/** Longest title of a plain-text item: a longer first line or sentence is cut (clauseTitle). */
export const MAX_TEXT_TITLE = 120;

/** Title and body of a press release: a short first line is the title, else the first sentence. */
export function splitTitle(text: string): { title: string; content: string } {
  const trimmed = text.replace(/\r\n?/g, '\n').trim();
  if (!trimmed) return { title: '', content: '' };
  const newline = trimmed.indexOf('\n');
  const firstLine = (newline < 0 ? trimmed : trimmed.slice(0, newline)).trim();
  if (firstLine.length <= MAX_TITLE_LINE) {
    const rest = newline < 0 ? '' : trimmed.slice(newline + 1).trim();
    // A cut title leaves the whole line in the text, so nothing of it is lost.
    const title = clauseTitle(firstLine, MAX_TEXT_TITLE);
    return { title, content: rest ? (title === firstLine ? rest : `${firstLine}\n${rest}`) : firstLine };
  }
  return { title: clauseTitle(firstSentence(firstLine), MAX_TEXT_TITLE), content: trimmed };
}

/**
 * At most `max` characters (code points), "…" included: cut after the last clause break (, ; : or a
 * dash) in the second half, else at the last word break, else mid-word.
 */
export function clauseTitle(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/gu, ' ').trim());
  if (chars.length <= max) return chars.join('');
  const head = chars.slice(0, max - 1).join('');
  const clause = Math.max(...[...head.matchAll(/[,;:،؛，；：](?= )| [–—-](?= )/gu)].map((m) => m.index! + (m[0].startsWith(' ') ? 0 : 1)), -1);
  const word = head.lastIndexOf(' ');
  const cut = clause >= head.length / 2 ? clause : word > 0 ? word : head.length;
  return `${head.slice(0, cut).replace(/[\s,;:،؛，；：–—-]+$/u, '')}…`;
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
