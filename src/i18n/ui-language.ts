import { languageName } from './intl-format.js';
import { isUiLanguage, uiLanguages } from './t.js';

/** Case, accents and spacing folded, so "Lietuvių", "lietuviu" and "LIETUVIŲ" compare equal. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The shipped UI language a user or a platform means: a code ("fr"), a locale ("fr-FR", "pt_BR"
 * reduced to its language), or a language's name in English, in itself or in `viewerLang`
 * ("French", "français"). Null when the bot does not speak it.
 */
export function resolveUiLanguage(input: string, viewerLang = 'en'): string | null {
  const text = input.trim();
  const locale = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i.exec(text);
  if (locale && isUiLanguage(locale[1]!.toLowerCase())) return locale[1]!.toLowerCase();
  const wanted = fold(text);
  if (!wanted) return null;
  for (const lang of uiLanguages()) {
    const names = [languageName(lang, lang), languageName('en', lang), languageName(viewerLang, lang)];
    if (names.some((name) => fold(name) === wanted)) return lang;
  }
  return null;
}

/** "en (English), fr (français), …": every shipped language with its own name. */
export function describeUiLanguages(): string {
  return uiLanguages()
    .map((lang) => `${lang} (${languageName(lang, lang)})`)
    .join(', ');
}
