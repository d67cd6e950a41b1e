/**
 * Language-independent story evidence: dates, numbers and link targets, normalised so that
 * "12 نوفمبر 2018", "2018 m. lapkričio 12 d." and "November 12, 2018" all read "2018-11-12".
 */

/** Month names (lower case, stems where languages inflect) → month number. */
const MONTHS: [string, number][] = [
  // en, fr, de, es, it, pt, nl
  ['january', 1], ['february', 2], ['march', 3], ['april', 4], ['may', 5], ['june', 6], ['july', 7], ['august', 8], ['september', 9], ['october', 10], ['november', 11], ['december', 12],
  ['janvier', 1], ['février', 2], ['mars', 3], ['avril', 4], ['mai', 5], ['juin', 6], ['juillet', 7], ['août', 8], ['septembre', 9], ['octobre', 10], ['novembre', 11], ['décembre', 12],
  ['januar', 1], ['jänner', 1], ['februar', 2], ['märz', 3], ['juni', 6], ['juli', 7], ['oktober', 10], ['dezember', 12],
  ['enero', 1], ['febrero', 2], ['marzo', 3], ['abril', 4], ['mayo', 5], ['junio', 6], ['julio', 7], ['agosto', 8], ['septiembre', 9], ['setiembre', 9], ['octubre', 10], ['noviembre', 11], ['diciembre', 12],
  ['gennaio', 1], ['febbraio', 2], ['aprile', 4], ['maggio', 5], ['giugno', 6], ['luglio', 7], ['settembre', 9], ['ottobre', 10], ['dicembre', 12],
  ['janeiro', 1], ['fevereiro', 2], ['março', 3], ['maio', 5], ['junho', 6], ['julho', 7], ['setembro', 9], ['outubro', 10], ['novembro', 11], ['dezembro', 12],
  ['januari', 1], ['februari', 2], ['maart', 3], ['mei', 5], ['augustus', 8],
  // ca
  ['gener', 1], ['febrer', 2], ['març', 3], ['maig', 5], ['juny', 6], ['juliol', 7], ['agost', 8], ['setembre', 9], ['octubre', 10], ['desembre', 12],
  // ru, uk, bg (stems cover the genitive)
  ['январ', 1], ['феврал', 2], ['март', 3], ['апрел', 4], ['мая', 5], ['май', 5], ['июн', 6], ['июл', 7], ['август', 8], ['сентябр', 9], ['октябр', 10], ['ноябр', 11], ['декабр', 12],
  ['січ', 1], ['лют', 2], ['берез', 3], ['квіт', 4], ['трав', 5], ['черв', 6], ['лип', 7], ['серп', 8], ['верес', 9], ['жовт', 10], ['листопад', 11], ['груд', 12],
  ['яну', 1], ['фев', 2], ['ное', 11], ['дек', 12],
  // pl (genitive), cs, lt (genitive), lv
  ['stycz', 1], ['lut', 2], ['marc', 3], ['kwie', 4], ['maj', 5], ['czerw', 6], ['lip', 7], ['sierp', 8], ['wrze', 9], ['październik', 10], ['paździer', 10], ['listopad', 11], ['grud', 12],
  ['led', 1], ['únor', 2], ['břez', 3], ['dub', 4], ['květ', 5], ['červen', 6], ['červenec', 7], ['srp', 8], ['září', 9], ['říj', 10], ['prosin', 12],
  ['saus', 1], ['vasar', 2], ['kov', 3], ['baland', 4], ['geguž', 5], ['birželi', 6], ['liepos', 7], ['liepa', 7], ['rugpjūči', 8], ['rugsėj', 9], ['spali', 10], ['lapkriči', 11], ['gruodži', 12],
  ['janvār', 1], ['februār', 2], ['mart', 3], ['aprīl', 4], ['maij', 5], ['jūnij', 6], ['jūlij', 7], ['august', 8], ['septembr', 9], ['oktobr', 10], ['novembr', 11], ['decembr', 12],
  // ar (both the Gregorian loan names and the Levantine ones)
  ['يناير', 1], ['فبراير', 2], ['مارس', 3], ['أبريل', 4], ['ابريل', 4], ['مايو', 5], ['يونيو', 6], ['يوليو', 7], ['أغسطس', 8], ['اغسطس', 8], ['سبتمبر', 9], ['أكتوبر', 10], ['اكتوبر', 10], ['نوفمبر', 11], ['ديسمبر', 12],
  ['كانون الثاني', 1], ['شباط', 2], ['آذار', 3], ['نيسان', 4], ['أيار', 5], ['حزيران', 6], ['تموز', 7], ['آب', 8], ['أيلول', 9], ['تشرين الأول', 10], ['تشرين الثاني', 11], ['كانون الأول', 12],
];

// Longest names first so "červenec" wins over "červen".
MONTHS.sort((a, b) => b[0].length - a[0].length);
const MONTHS_BY_INITIAL = new Map<string, [string, number][]>();
for (const entry of MONTHS) {
  const list = MONTHS_BY_INITIAL.get(entry[0][0]!) ?? [];
  list.push(entry);
  MONTHS_BY_INITIAL.set(entry[0][0]!, list);
}

/** "12 November 2018", "12. listopadu 2018", "12 نوفمبر/تشرين الثاني 2018", "12 de noviembre de 2018". */
const DAY_WORD = /(?<![\d\p{L}])(\d{1,2})\.?\s*(?:d\.\s*)?(?:de\s+)?(\p{L}{3,})(?:\s*\/\s*\p{L}+(?:\s+\p{L}+)?)?(?:\s*(?:de|del|of)?\s*(\d{4})(?!\d))?/gu;
/** "November 12, 2018", "lapkričio 12 d."; a year written before it ("2018 m. lapkričio 12 d.") is looked up separately. */
const WORD_DAY = /(?<![\p{L}])(\p{L}{3,})\s+(\d{1,2})(?!\d)(?:\s*(?:d\.|,)?\s*(\d{4})(?!\d))?/gu;
const DAY_NUMBER = /(?<!\d)\d{1,2}(?!\d)/g;
const YEAR_BEFORE = /(\d{4})\s*(?:m\.|г\.|r\.|р\.|\.\s*gada|年)?\s*$/;
const HAS_DIGIT = /\d/;
const ISO_DATE = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const NUMERIC_DATE = /(?<![\d.\/])(\d{1,2})[./](\d{1,2})[./](\d{4})(?![\d.\/])/g;
const CJK_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?/g;
/** A month and day without a year ("9月1日"), and Korean dates ("2024년 7월 30일", "7월 30일"). */
const CJK_MONTH_DAY = /(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;
const KO_DATE = /(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일/g;
/** A number with a CJK scale ("980만", "80.26亿", "1.5億"). */
const CJK_SCALED = /(\d+(?:\.\d+)?)\s*(万|萬|亿|億|만|억)/g;
const CJK_SCALE: Record<string, number> = { 万: 1e4, 萬: 1e4, 만: 1e4, 亿: 1e8, 億: 1e8, 억: 1e8 };
const NUMBER = /(?<![\p{L}\d.,])(\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+)(?:[.,]\d+)?(?![\p{L}\d])/gu;
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'«»„“”)\]]+/gi;
const HAS_URL = /\bhttps?:\/\//i;

/**
 * Scale words after a number ("9.8 million", "9,8 Millionen", "9,8 млн", "1,2 mld"), so an amount
 * reads the same in every language: stems take any ending, whole words must end there.
 */
const SCALE_STEMS: [string, number][] = [
  ['thousand', 1e3], ['tausend', 1e3], ['duizend', 1e3], ['тысяч', 1e3], ['тисяч', 1e3], ['tysi', 1e3],
  ['million', 1e6], ['millón', 1e6], ['millon', 1e6], ['milion', 1e6], ['miljoen', 1e6], ['miljon', 1e6], ['milijon', 1e6], ['milyon', 1e6], ['milhão', 1e6], ['milhões', 1e6], ['миллион', 1e6], ['мільйон', 1e6], ['милион', 1e6],
  ['billion', 1e9], ['milliard', 1e9], ['miliard', 1e9], ['miljard', 1e9], ['milijard', 1e9], ['milyar', 1e9], ['bilhão', 1e9], ['bilhões', 1e9], ['миллиард', 1e9], ['мільярд', 1e9], ['mil millones', 1e9],
];
const SCALE_WORDS: [string, number][] = [
  ['tūkst', 1e3], ['tūkst.', 1e3], ['tuhat', 1e3], ['тыс', 1e3], ['тис', 1e3], ['tys', 1e3], ['tis', 1e3], ['bin', 1e3], ['mii', 1e3], ['mil', 1e3], ['mille', 1e3],
  ['mln', 1e6], ['mio', 1e6], ['млн', 1e6], ['mm', 1e6],
  ['mld', 1e9], ['mrd', 1e9], ['bn', 1e9], ['млрд', 1e9],
];
// Longer first: "mil millones" before "mil", "milliard" before "million"'s shorter cousins.
SCALE_STEMS.sort((a, b) => b[0].length - a[0].length);
SCALE_WORDS.sort((a, b) => b[0].length - a[0].length);
const LETTER = /\p{L}/u;

/** The scale a scale word at the start of `after` gives, or 0. */
function scaleAfter(after: string): number {
  const rest = after.trimStart().toLowerCase();
  if (!rest) return 0;
  for (const [stem, scale] of SCALE_STEMS) if (rest.startsWith(stem)) return scale;
  for (const [word, scale] of SCALE_WORDS) if (rest.startsWith(word) && !LETTER.test(rest[word.length] ?? '')) return scale;
  return 0;
}

/** An amount's script-independent key: "~" and three significant digits ("~9.8e+6"). */
function amountKey(value: number): string | null {
  if (!Number.isFinite(value) || value < 1e4) return null;
  return `~${Number(value.toPrecision(3)).toExponential()}`;
}

const TRACKING_PARAMS = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid)$/i;

function monthOf(name: string): number | null {
  const lower = name.toLowerCase();
  for (const [month, n] of MONTHS_BY_INITIAL.get(lower[0]!) ?? []) if (lower.startsWith(month)) return n;
  return null;
}

const pad = (n: number | string) => String(n).padStart(2, '0');

function dateKey(year: string | undefined, month: number, day: string | number): string | null {
  const d = Number(day);
  if (d < 1 || d > 31 || month < 1 || month > 12) return null;
  return year ? `${year}-${pad(month)}-${pad(d)}` : `${pad(month)}-${pad(d)}`;
}

/** Eastern Arabic and Persian digits → ASCII, so numbers compare across scripts. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

const SPACE = /\s/;
const LETTER_CHAR = /\p{L}/u;

/**
 * False when WORD_DAY, run over text[from, …), cannot have its day at `at`: that needs spaces
 * right before the day and, before them, a run of 3+ letters (from `from` on) that names a month.
 * Most small numbers ("24 hours", "about 30 firms") fail this, and then the window is not scanned.
 * Surrogates (a letter outside the BMP) are left to the regex.
 */
function mayFollowMonth(text: string, from: number, at: number): boolean {
  let spaces = at;
  while (spaces > from && SPACE.test(text[spaces - 1]!)) spaces--;
  if (spaces === at) return false;
  let word = spaces;
  while (word > from) {
    const code = text.charCodeAt(word - 1);
    if (code >= 0xd800 && code <= 0xdfff) return true;
    if (!LETTER_CHAR.test(text[word - 1]!)) break;
    word--;
  }
  return spaces - word >= 3 && monthOf(text.slice(word, spaces)) !== null;
}

/** Normalised dates ("2018-11-12", or "11-12" without a year) and numbers (years, counts ≥ 10). */
export function extractNumbers(raw: string): string[] {
  const text = asciiDigits(raw);
  const dates = new Set<string>();
  const years = new Set<string>();
  const consumed: [number, number][] = [];
  const add = (key: string | null, index: number, length: number) => {
    if (!key) return;
    dates.add(key);
    if (key.length === 10) {
      dates.add(key.slice(5));
      years.add(key.slice(0, 4));
    }
    consumed.push([index, index + length]);
  };
  // Every pattern below needs an ASCII digit; the first two need a hyphen or 年.
  if (!HAS_DIGIT.test(text)) return [];
  if (text.includes('-')) for (const m of text.matchAll(ISO_DATE)) add(dateKey(m[1], Number(m[2]), m[3]!), m.index, m[0].length);
  if (text.includes('年')) for (const m of text.matchAll(CJK_DATE)) if (m[3]) add(dateKey(m[1], Number(m[2]), m[3]), m.index, m[0].length);
  const amounts = new Set<string>();
  if (text.includes('月')) for (const m of text.matchAll(CJK_MONTH_DAY)) add(dateKey(undefined, Number(m[1]), m[2]!), m.index, m[0].length);
  if (text.includes('월')) for (const m of text.matchAll(KO_DATE)) add(dateKey(m[1], Number(m[2]), m[3]!), m.index, m[0].length);
  if (/[万萬亿億만억]/.test(text)) {
    for (const m of text.matchAll(CJK_SCALED)) {
      const key = amountKey(Number(m[1]) * CJK_SCALE[m[2]!]!);
      if (key) amounts.add(key);
    }
  }
  for (const m of text.matchAll(NUMERIC_DATE)) add(dateKey(m[3], Number(m[2]), m[1]!), m.index, m[0].length);
  for (const m of text.matchAll(DAY_WORD)) {
    const month = monthOf(m[2]!);
    if (month) add(dateKey(m[3], month, m[1]!), m.index, m[0].length);
  }
  // "<month> <day>" is looked for only just before a day number: scanning every word is slow.
  let scannedTo = 0;
  for (const d of text.matchAll(DAY_NUMBER)) {
    const from = Math.max(scannedTo, d.index - 24);
    scannedTo = d.index + 1;
    if (!mayFollowMonth(text, from, d.index)) continue;
    const window = text.slice(from, d.index + d[0].length + 12);
    for (const m of window.matchAll(WORD_DAY)) {
      const at = from + m.index;
      // Only the pattern whose day is this number (the window may cut a year in two).
      if (at + m[0].indexOf(m[2]!, m[1]!.length) !== d.index) continue;
      const month = monthOf(m[1]!);
      if (!month) continue;
      const before = YEAR_BEFORE.exec(text.slice(Math.max(0, at - 16), at));
      add(dateKey(m[3] ?? before?.[1], month, m[2]!), at, m[0].length);
    }
  }
  const numbers = new Set<string>(years);
  for (const m of text.matchAll(NUMBER)) {
    if (consumed.some(([a, b]) => m.index >= a && m.index < b)) {
      // The year of a date still counts as a year.
      const digits = m[1]!;
      if (/^(19|20)\d\d$/.test(digits)) numbers.add(digits);
      continue;
    }
    const value = m[1]!.replace(/[ ,.\u00a0\u202f]/g, '');
    // An amount with its scale word ("9,8 Millionen") or written out ("9,800,000") reads the same everywhere.
    const scale = scaleAfter(text.slice(m.index + m[0].length, m.index + m[0].length + 16));
    if (scale || value.length >= 5) {
      const fraction = m[0].slice(m[1]!.length).replace(',', '.');
      const key = amountKey(Number(`${value}${fraction}`) * (scale || 1));
      if (key) amounts.add(key);
    }
    if (value.length < 2 || /^0+$/.test(value)) continue;
    numbers.add(String(Number(value)));
  }
  return [...dates, ...[...numbers].slice(0, 24), ...[...amounts].slice(0, 8)];
}

/** A canonical form of a URL for comparing link targets: no scheme, www., tracking or fragment. */
export function canonicalUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const host = u.hostname.toLowerCase().replace(/^(www|m|amp)\./, '');
  const path = u.pathname.replace(/\/(index\.html?|amp)?$/i, '').replace(/\/+$/, '');
  // Most item URLs have no query: then there are no parameters to drop or sort (building
  // searchParams and sorting them cost as much as parsing the URL).
  if (u.search === '') return `${host}${path}`;
  for (const key of [...u.searchParams.keys()]) if (TRACKING_PARAMS.test(key)) u.searchParams.delete(key);
  u.searchParams.sort();
  const query = u.searchParams.toString();
  return `${host}${path}${query ? `?${query}` : ''}`;
}

/** Link targets in the text (canonical), excluding the item's own URL. */
export function extractLinks(text: string, ownUrl: string | null): string[] {
  const out = new Set<string>();
  // Most texts hold no link: then the item's own URL need not be parsed.
  if (!HAS_URL.test(text)) return [];
  const own = ownUrl ? canonicalUrl(ownUrl) : null;
  for (const m of text.matchAll(URL_PATTERN)) {
    const link = canonicalUrl(m[0].replace(/[.,;:!?]+$/, ''));
    if (link && link !== own) out.add(link);
  }
  return [...out].slice(0, 20);
}
