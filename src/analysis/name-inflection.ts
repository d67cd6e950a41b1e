/**
 * How a proper name inflects, per language: a name word matches a text word only when the text
 * word is the name's stem plus one ending of the name's language. This is stricter than the topic
 * phrases' "key plus a few letters" on purpose: "Polija" must not match "Polizia", "Francija"
 * not "Fráncfort", "Europa" not "Euro", "أبل" not "الإبلاغ". Endings are folded like text words
 * (no diacritics), the empty ending included.
 */
import { arabicStem, isArabicWord } from './fold-word.js';
import type { PatternToken } from './phrase-index.js';
import type { ScannedToken } from './text-scanner.js';

const list = (s: string): string[] => ['', ...s.split(/\s+/).filter((w) => w.length > 0)];

const SLAVIC_CYRILLIC = list(`а я у ю ы и е ь ом ем ой ей ою ею ам ям ами ями ах ях ов ев ия ии ию ией ью ье ья
  ий ый ая ое ие ые ого его ому ему ым им ых их ую яя ее ыми ими ой`);
const ENDINGS: Record<string, string[]> = {
  // Languages whose names take only plural-like endings (or none): names barely inflect.
  en: list('s'), fr: list('s'), es: list('s'), it: list(''), pt: list('s'), nl: list('s'), ca: list('s'),
  sv: list('s'), da: list('s'), nb: list('s'), no: list('s'),
  de: list('s es n en e er ern em ns'),
  ru: SLAVIC_CYRILLIC, uk: [...SLAVIC_CYRILLIC, ...list('і ї ою єю ію ієї ій ої ого ому им ими ім их')], be: SLAVIC_CYRILLIC,
  bg: list('а я та ът ия ията ът ове и'), sr: list('а е у ом и ама'), mk: list('а та от'),
  pl: list('a ą e ę i y o u ie ii ią ię iu em om ach ami ów owi owie ego emu ej ym im ych ich ymi imi iego iemu iej ich'),
  cs: list('a y i e ě u o ou em ách ami ům ov ovi ého ému ém ým ých ými ou é í ího ímu ím ích ími'),
  sk: list('a y i e u o ou om ách ami ov ovi ého ému om ým ých ými ej é í ieho iemu'),
  hr: list('a e i u om em ama ima'), sl: list('a e i u o om em ih ama'),
  lt: list('as is ys us a e u o os ai ui ei ą ę į ų ams oms ose oje eje uje ija ijos ijai iją ijoje ije io iui imi yje iu ių ais omis'),
  lv: list('s š a e i u as ai ā ē ī ū ijā ija ijas ijai iju ās ēs is us am os iem ām ei es'),
  et: list(`s st sse l le lt ks ni na ta ga d de te t i
    a as ast asse al ale alt aks ani ana ata aga e es est esse el ele elt eks eni ena eta ega is ist isse il ile ilt iks ini ina ita iga u us ust usse ul ule ult uks`),
  fi: list('n a ä ssa ssä sta stä lla llä lta ltä lle ksi na nä an än in en on un hin iin ta tä'),
  hu: list('ban ben ba be ból ből hoz hez höz ról ről nak nek t ot et ön on en val vel ra re ig ért'),
  tr: list('nin nın nun nün in ın un ün e a ye ya de da te ta den dan ten tan i ı u ü yi yı yu yü le la yle yla ca ce li lı lu lü'),
  ro: list('ul ului a ei i ii ele elor ia iei'),
  el: list('ς ας α ης η ου ο ων ες ους ι'),
  ga: list(''),
  // Korean particles are written on the noun: 서울에서, 한국의, 일본은.
  ko: list('은 는 이 가 을 를 에 에서 에게 의 와 과 도 로 으로 만 까지 부터 께서 이다 였다'),
};
const DEFAULT_LATIN = list('s');
const CYRILLIC_LANGS = new Set(['ru', 'uk', 'be', 'bg', 'sr', 'mk', 'kk']);
const GERMAN_SINGLE: ReadonlySet<string> = new Set(list('s es n en e ns'));
// Arabic names: the article and one-letter clitics are peeled by the scanner; a name takes at most a
// pronoun suffix. Not ي/ية (an adjective: مصري is Egyptian), nor ات/ون/ين (plurals of common words:
// قطرات "drops" is not Qatar).
const ARABIC_ENDINGS = new Set(list('ها هم'));

const compiled = new Map<string, { endings: ReadonlySet<string>; strip: string[]; maxEnding: number }>();

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC').toLowerCase();
}

function endingsFor(lang: string, cyrillic: boolean, greek: boolean) {
  const base = lang.slice(0, 2).toLowerCase();
  const key = ENDINGS[base] && !(cyrillic && !CYRILLIC_LANGS.has(base)) ? base : cyrillic ? 'ru' : greek ? 'el' : 'default';
  let c = compiled.get(key);
  if (!c) {
    const raw = ENDINGS[key] ?? DEFAULT_LATIN;
    const endings = new Set(raw.map(fold));
    // Endings a written (nominative) name may be cut at; longest first.
    const strip = [...endings].filter((e) => e.length > 0).sort((a, b) => b.length - a.length);
    c = { endings, strip, maxEnding: Math.max(...[...endings].map((e) => e.length)) };
    compiled.set(key, c);
  }
  return c;
}

/** Languages whose written name is cut to a stem before endings are added (the name itself inflects). */
const STEM_LANGUAGES = new Set(['de', 'ru', 'uk', 'be', 'bg', 'sr', 'mk', 'pl', 'cs', 'sk', 'hr', 'sl', 'lt', 'lv', 'ro', 'el']);
// Agglutinative languages (et, fi, hu, tr) add their endings to the whole written name.

/** The pattern for one word of a name written in `lang`: its stem and the endings it may take. */
export function compileNameWord(token: ScannedToken, _raw: string, lang: string, words = 1): PatternToken {
  const folded = token.folded;
  const upper = token.upper;
  if (/^[\uac00-\ud7af]+$/.test(folded)) {
    // Korean syllables: short words, particles written on them.
    const ko = endingsFor('ko', false, false);
    return { key: folded, maxLen: folded.length + ko.maxEnding, upper: false, endings: ko.endings };
  }
  if (token.cjk || /^\p{N}+$/u.test(folded) || folded.length <= 2) return { key: folded, maxLen: folded.length, upper };
  if (isArabicWord(folded)) {
    // The scanner offers a text word's readings with the article and clitics peeled: so must the key.
    const key = arabicStem(folded).length >= 3 ? peelArticle(folded) : folded;
    return { key, maxLen: key.length + 2, upper: false, endings: ARABIC_ENDINGS };
  }
  const cyrillic = /[\u0400-\u04ff]/.test(folded);
  const greek = /[\u0370-\u03ff]/.test(folded);
  const base = lang.slice(0, 2).toLowerCase();
  const found = endingsFor(base, cyrillic, greek);
  const { strip, maxEnding } = found;
  // A lone German name takes case endings, not -er (Österreicher, Europäer are people, not places).
  const endings = words === 1 && base === 'de' ? GERMAN_SINGLE : found.endings;
  // Acronyms keep their letters: NATO, NATOs, NATO'nun (the apostrophe splits words anyway).
  let key = folded;
  if (!upper && (STEM_LANGUAGES.has(base) || cyrillic)) {
    // A lone word cut by more than one letter keeps four letters of stem ("Dania" must not reach
    // "Danych"); in a longer name the other words confirm it ("Rada Europy", "Rady Europy").
    const minStem = (cut: string) => (words > 1 || cut.length === 1 ? 3 : 4);
    const cut = strip.find((e) => folded.endsWith(e) && folded.length - e.length >= minStem(e));
    if (cut) key = folded.slice(0, folded.length - cut.length);
  }
  return { key, maxLen: key.length + maxEnding, upper, endings };
}

function peelArticle(folded: string): string {
  for (const article of ['ال']) if (folded.startsWith(article) && folded.length - article.length >= 3) return folded.slice(article.length);
  return folded;
}
