/**
 * The search index holds each item's month as a lexeme (`m202611`, UTC; migration 0005), so a
 * search limited to recent items narrows inside the GIN index instead of fetching every match.
 */

/** A tsquery alternative of the months from `from` to `to` (UTC), e.g. `('m202610' | 'm202611')`. */
export function monthsTsquery(from: Date, to: Date): string {
  const first = monthIndex(from);
  const last = monthIndex(to);
  const months: string[] = [];
  for (let k = first; k <= last; k++) months.push(`'${monthLexeme(k)}'`);
  return months.length === 1 ? months[0]! : `(${months.join(' | ')})`;
}

function monthIndex(date: Date): number {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/** As PostgreSQL writes it: 'm' || to_char(sort_time AT TIME ZONE 'UTC', 'YYYYMM'). */
function monthLexeme(index: number): string {
  const year = Math.floor(index / 12);
  return `m${String(year).padStart(4, '0')}${String((index % 12) + 1).padStart(2, '0')}`;
}
