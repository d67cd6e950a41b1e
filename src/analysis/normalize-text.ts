/**
 * Text normalisation for matching and search: NFKC, case folding, diacritics stripped (after
 * stemming, so stemmers still see them), Arabic letter variants unified, clitic prefixes peeled.
 * Everything here is language-independent on purpose: the detected language may be wrong, and a
 * Lithuanian item may quote an English name. The script of each word decides its treatment.
 */
import { prepareText } from './prepared-text.js';
import { stemWord } from './stemmer.js';
import { MARKS_RE, SPECIAL_FOLDS, SPECIAL_RE, normalizeArabic } from './fold-word.js';

export { arabicForms, arabicStem, foldWord, normalizeArabic } from './fold-word.js';

/**
 * The text in matching form, punctuation and spacing kept: NFKC, lower case, diacritics stripped
 * (Arabic: tashkeel, tatweel and letter variants). `lang` is accepted for symmetry with `tokenize`;
 * folding does not depend on it.
 */
export function normalizeText(text: string, _lang: string): string {
  const lower = text.normalize('NFKC').toLowerCase();
  const arabic = normalizeArabic(lower);
  return arabic
    .normalize('NFD')
    .replace(MARKS_RE, '')
    .replace(SPECIAL_RE, (c) => SPECIAL_FOLDS[c] ?? c)
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Search tokens: normalised words without stop words, stemmed where a stemmer exists for `lang`
 * (or for the word's script), Arabic light-stemmed, Chinese/Japanese as character bigrams.
 */
export function tokenize(text: string, lang: string): string[] {
  const out: string[] = [];
  const tokens = prepareText(text).tokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.cjk) {
      const next = tokens[i + 1];
      const prev = tokens[i - 1];
      if (next?.cjk && next.start === t.end) out.push(t.folded + next.folded);
      else if (!(prev?.cjk && prev.end === t.start)) out.push(t.folded);
      continue;
    }
    if (t.stop) continue;
    out.push(stemWord(t.lower, lang));
  }
  return out;
}
