/**
 * Word folding shared by the scanner, stemmer and matchers: NFKC, case folding, diacritics
 * stripped, Arabic letter variants unified and clitic prefixes peeled.
 */
/** Letters that NFD does not decompose but that readers treat as a base letter plus a mark. */
export const SPECIAL_FOLDS: Record<string, string> = {
  ø: 'o', ł: 'l', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't',
};
export const SPECIAL_RE = /[øłæœßđðþıħŧ]/g;
export const MARKS_RE = /\p{M}+/gu;
// Arabic tashkeel, superscript alef, tatweel, Quranic marks.
const ARABIC_MARKS_RE = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g;
const ARABIC_RE = /[\u0600-\u06ff\u0750-\u077f]/;

/** Unify Arabic letter variants: alef forms, alef maqsura, teh marbuta, hamza carriers, Persian kaf/yeh. */
export function normalizeArabic(s: string): string {
  return s
    .replace(ARABIC_MARKS_RE, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ک/g, 'ك')
    .replace(/ی/g, 'ي');
}

export function isArabicWord(s: string): boolean {
  return ARABIC_RE.test(s);
}

/** NFKC + lower case, marks kept (the input stemmers expect). */
export function lowerWord(raw: string): string {
  return raw.normalize('NFKC').toLowerCase();
}

/** Strip combining marks and fold letters like ø, ł, ß; Arabic gets its own normalisation. */
export function stripMarks(lower: string): string {
  if (isArabicWord(lower)) return normalizeArabic(lower);
  return lower.normalize('NFD').replace(MARKS_RE, '').replace(SPECIAL_RE, (c) => SPECIAL_FOLDS[c] ?? c).normalize('NFC');
}

const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 200_000;

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The matching form of one word: NFKC, lower case, no diacritics, Arabic variants unified. */
export function foldWord(raw: string): string {
  if (isAscii(raw)) return raw.toLowerCase();
  let folded = foldCache.get(raw);
  if (folded === undefined) {
    folded = stripMarks(lowerWord(raw));
    if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
    foldCache.set(raw, folded);
  }
  return folded;
}

const AR_ARTICLES = ['وال', 'فال', 'بال', 'كال', 'لل', 'ال'];
const AR_CONJUNCTIONS = ['و', 'ف'];
const AR_PREPOSITIONS = ['ب', 'ل', 'ك'];

/**
 * Candidate readings of a folded Arabic word with its clitic prefixes peeled: "والأمن" gives
 * والامن, الامن, امن. Several readings because a leading ب/ل/ك/و may belong to the word itself
 * (باريس, ليتوانيا); the matcher accepts any reading.
 */
export function arabicForms(folded: string): string[] {
  const forms = [folded];
  const add = (f: string) => {
    if (!forms.includes(f)) forms.push(f);
  };
  for (const base of [folded, ...AR_CONJUNCTIONS.filter((c) => folded.startsWith(c) && folded.length > 3).map((c) => folded.slice(c.length))]) {
    add(base);
    const article = AR_ARTICLES.find((a) => base.startsWith(a) && base.length - a.length >= 2);
    if (article) add(base.slice(article.length));
    else {
      const prep = AR_PREPOSITIONS.find((p) => base.startsWith(p) && base.length - p.length >= 3);
      if (prep) add(base.slice(prep.length));
    }
  }
  return forms;
}

/**
 * A light Arabic stem for search and pattern keys: conjunction and article peeled (not the
 * ambiguous single-letter prepositions), then one common suffix when enough remains.
 */
export function arabicStem(folded: string): string {
  let s = folded;
  if ((s.startsWith('و') || s.startsWith('ف')) && s.length > 4 && AR_ARTICLES.some((a) => s.slice(1).startsWith(a))) s = s.slice(1);
  const article = AR_ARTICLES.find((a) => s.startsWith(a) && s.length - a.length >= 2);
  if (article) s = s.slice(article.length);
  // Plural and pronoun suffixes only (not the nisba ية, which makes another word: الخصوصية).
  for (const suffix of ['ات', 'ون', 'ين', 'ان', 'ها']) {
    if (s.endsWith(suffix) && s.length - suffix.length >= 4) return s.slice(0, -suffix.length);
  }
  if (s.endsWith('ه') && s.length >= 4) return s.slice(0, -1);
  return s;
}

