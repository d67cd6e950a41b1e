/**
 * Dates as feeds write them: RFC 3339 / ISO 8601 (Atom, JSON Feed, dc:date) and RFC 822 / 1123
 * (RSS pubDate), with numeric or named zones, two-digit years, missing seconds and localised day
 * names. Anything else is null: the caller warns, and never substitutes "now".
 */

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, sept: 8, oct: 9, nov: 10, dec: 11,
  // Common non-English abbreviations seen in hand-rolled feeds.
  janv: 0, févr: 1, fevr: 1, mars: 2, avr: 3, mai: 4, juin: 5, juil: 6, août: 7, aout: 7, déc: 11,
  mär: 2, mrz: 2, okt: 9, dez: 11, ene: 0, abr: 3, ago: 7, dic: 11, gen: 0, giu: 5, lug: 6, set: 8, ott: 9,
};

// Offsets in minutes for the zone names RFC 822 allows plus the ones feeds use anyway.
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0, bst: 60, ist: 330, cet: 60, met: 60, cest: 120, mest: 120, eet: 120,
  eest: 180, msk: 180, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480,
  pdt: -420, akst: -540, akdt: -480, hst: -600, jst: 540, kst: 540, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
  a: -60, m: -720, n: 60, y: 720,
};

const ISO =
  /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC822 =
  /^(?:[^\d\s,]+,?\s*)?(\d{1,2})[\s-]+([^\d\s.,-]+)\.?[\s-]+(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(?:(?:gmt|utc)(?=[+-]))?([+-]\d{2}:?\d{2}|[a-z]{1,5})?(?:\s*\(?[a-z]{2,5}\)?|\s*\([^)]*\))?$/i;
// "Tue Jun 10 2003 04:00:00 GMT+0000" and asctime forms some generators emit.
const ASCTIME =
  /^(?:[a-z]+,?\s+)?([a-z]{3,})\.?\s+(\d{1,2}),?\s+(?:(\d{4})\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(?:(?:gmt|utc)?([+-]\d{2}:?\d{2})|([a-z]{1,5}))?(?:\s+(\d{4}))?$/i;

export function parseFeedDate(raw: string | null | undefined): Date | null {
  const text = raw?.trim().replace(/\s+/g, ' ');
  if (!text) return null;
  return parseIso(text) ?? parseRfc822(text) ?? parseAsctime(text);
}

function parseIso(text: string): Date | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  return build(+m[1]!, +m[2]! - 1, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), ms, zoneOffset(m[8]));
}

function parseRfc822(text: string): Date | null {
  const m = RFC822.exec(text);
  if (!m) return null;
  const month = MONTHS[m[2]!.toLowerCase()] ?? MONTHS[m[2]!.toLowerCase().slice(0, 3)];
  if (month === undefined) return null;
  const offset = zoneOffset(m[7]);
  if (offset === undefined) return null;
  return build(fullYear(m[3]!), month, +m[1]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), 0, offset);
}

function parseAsctime(text: string): Date | null {
  const m = ASCTIME.exec(text);
  if (!m) return null;
  const month = MONTHS[m[1]!.toLowerCase().slice(0, 3)];
  const year = m[3] ?? m[9];
  if (month === undefined || !year) return null;
  const offset = zoneOffset(m[7] ?? m[8]);
  if (offset === undefined) return null;
  return build(+year, month, +m[2]!, +m[4]!, +m[5]!, +(m[6] ?? 0), 0, offset);
}

/** Minutes east of UTC; a missing zone is taken as UTC; an unknown name is undefined. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const numeric = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (numeric) {
    const minutes = +numeric[2]! * 60 + +(numeric[3] ?? 0);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  return ZONES[zone.toLowerCase()];
}

function fullYear(y: string): number {
  const n = +y;
  if (y.length === 4) return n;
  // RFC 2822 section 4.3: 00-49 are 2000s, 50-99 are 1900s.
  return n < 50 ? 2000 + n : 1900 + n;
}

function build(year: number, month: number, day: number, h: number, min: number, s: number, ms: number, offset: number | undefined): Date | null {
  if (offset === undefined) return null;
  if (month < 0 || month > 11 || day < 1 || day > 31 || h > 24 || min > 59 || s > 60) return null;
  if (year < 1970 || year > 2200) return null;
  const time = Date.UTC(year, month, day, h, min, Math.min(s, 59), ms) - offset * 60_000;
  const date = new Date(time);
  // Date.UTC rolls 31 Feb into March: such a date is malformed, not a different day.
  if (new Date(Date.UTC(year, month, day)).getUTCDate() !== day) return null;
  return Number.isNaN(date.getTime()) ? null : date;
}
