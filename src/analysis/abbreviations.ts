/**
 * Abbreviations that end in a period, per language, lower-cased, without the final period.
 * `prefix`: never ends a sentence (Dr., z. B., pvz.) — always joined to what follows.
 * `numeric`: joined when a number follows (No. 5, Nr. 12, art. 3).
 * `suffix`: may end a sentence (Inc., etc., 2018 m.) — joined only when lower case or a digit follows.
 * Single capital letters (initials: "A. Shingarev") are handled by the splitter for every language.
 */
export interface AbbreviationSet {
  prefix: ReadonlySet<string>;
  numeric: ReadonlySet<string>;
  suffix: ReadonlySet<string>;
}

interface AbbreviationLists {
  prefix?: string[];
  numeric?: string[];
  suffix?: string[];
}

const COMMON: AbbreviationLists = {
  prefix: ['dr', 'prof', 'gen', 'e.g', 'i.e', 'cf', 'vs', 'st', 'mr', 'mrs', 'ms'],
  numeric: ['no', 'nr', 'art', 'vol', 'fig', 'p', 'pp', 'ch', 'sec', 'para', 'tel'],
  suffix: ['etc', 'inc', 'ltd', 'co', 'corp', 'jr', 'sr'],
};

const BY_LANGUAGE: Record<string, AbbreviationLists> = {
  en: {
    prefix: ['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'gen', 'col', 'lt', 'sgt', 'capt', 'gov', 'sen', 'rep', 'rev', 'hon', 'pres', 'approx', 'dept', 'mt', 'ft'],
    numeric: ['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec'],
    suffix: ['u.s', 'u.k', 'u.n', 'e.u', 'a.m', 'p.m', 'bros', 'plc', 'llc', 'est'],
  },
  fr: {
    prefix: ['m', 'mm', 'mme', 'mmes', 'mlle', 'me', 'pr', 'ex', 'cf', 'env', 'dr'],
    numeric: ['n', 'art', 'al', 'chap'],
    suffix: ['etc', 'av', 'apr', 'j.-c'],
  },
  de: {
    prefix: ['z', 'b', 'bzw', 'ca', 'vgl', 'bspw', 'sog', 'hr', 'hrn', 'fr', 'dr', 'prof', 'dipl', 'ing', 'evtl', 'ggf', 'inkl', 'zzgl', 'max', 'min', 'mio', 'mrd', 'd.h', 'z.b', 'u.a', 'o.g', 'v.a'],
    numeric: ['nr', 'abs', 'art', 'bd', 's', 'kap'],
    suffix: ['usw', 'u', 'a', 'ä', 'chr', 'jh', 'str', 'd', 'h', 'gmbh'],
  },
  ru: {
    prefix: ['т', 'е', 'ул', 'им', 'пр', 'проф', 'акад', 'см', 'напр', 'гос', 'пос', 'обл', 'просп', 'пер', 'ген', 'зам', 'к'],
    numeric: ['ст', 'п', 'ч', 'рис', 'стр', 'с', 'гл', 'табл'],
    suffix: ['г', 'гг', 'д', 'др', 'млн', 'млрд', 'тыс', 'руб', 'коп', 'в', 'вв', 'н', 'э'],
  },
  uk: {
    prefix: ['т', 'ім', 'вул', 'проф', 'акад', 'див', 'напр', 'пров', 'обл', 'ген', 'просп', 'зам'],
    numeric: ['ст', 'п', 'ч', 'с', 'рис', 'стр'],
    suffix: ['р', 'рр', 'д', 'ін', 'млн', 'млрд', 'тис', 'грн', 'коп', 'ст', 'н', 'е'],
  },
  bg: {
    prefix: ['т', 'ул', 'гр', 'проф', 'акад', 'д-р', 'инж', 'бул', 'обл', 'вж', 'напр', 'ген'],
    numeric: ['чл', 'ал', 'т', 'с', 'стр'],
    suffix: ['г', 'гг', 'в', 'вв', 'млн', 'млрд', 'хил', 'лв', 'др', 'н', 'е'],
  },
  lt: {
    prefix: ['t', 'y', 'd', 'pvz', 'gen', 'prof', 'dr', 'doc', 'gerb', 'vyr', 'a', 'ats', 'pirm', 'min', 'įsak', 'ž', 'š', 'p', 'al', 'akad'],
    numeric: ['nr', 'str', 'psl', 'p', 'lent', 'pav'],
    suffix: ['m', 'proc', 'kt', 'pan', 'val', 'mln', 'mlrd', 'tūkst', 'min', 'sek', 'g', 'pr', 'r', 'aut', 'sen', 'vnt', 'amž'],
  },
  lv: {
    prefix: ['piem', 't.i', 't.sk', 'prof', 'dr', 'doc', 'ģen', 'sk'],
    numeric: ['nr', 'lpp', 'p', 'pants'],
    suffix: ['g', 'gs', 'u.c', 'utt', 'milj', 'mljrd', 'tūkst', 'iela', 'ies'],
  },
  pl: {
    prefix: ['np', 'tj', 'tzw', 'dr', 'prof', 'hab', 'inż', 'mgr', 'ks', 'św', 'ul', 'al', 'pl', 'gen', 'płk', 'mjr', 'm.in', 'wg', 'ww', 'im', 'ok', 'red', 'min', 'tzn', 'dyr', 'prez', 'os'],
    numeric: ['nr', 'godz', 'poz', 'str', 'art', 'ust', 'pkt', 'rozdz', 's', 'rys', 'tab'],
    suffix: ['r', 'tys', 'mln', 'mld', 'zł', 'itd', 'itp', 'in', 'ww', 'w', 'b', 'br', 'sp', 'gr'],
  },
  cs: {
    prefix: ['např', 'tj', 'tzv', 'tzn', 'prof', 'doc', 'ing', 'mgr', 'judr', 'mudr', 'phdr', 'rndr', 'ul', 'nám', 'sv', 'gen', 'resp', 'cca', 'mj', 'popř'],
    numeric: ['č', 'odst', 'písm', 's', 'str', 'čl'],
    suffix: ['atd', 'apod', 'aj', 'tr', 'mld', 'mil', 'tis', 'kč', 'r', 'st', 's.r.o', 'a.s'],
  },
  sk: {
    prefix: ['napr', 'tj', 'tzv', 'tzn', 'prof', 'doc', 'ing', 'mgr', 'judr', 'mudr', 'phdr', 'ul', 'nám', 'sv', 'gen', 'resp', 'cca', 'popr'],
    numeric: ['č', 'ods', 'písm', 's', 'str', 'čl'],
    suffix: ['atď', 'a pod', 'mld', 'mil', 'tis', 'r', 'st', 's.r.o', 'a.s'],
  },
  es: {
    prefix: ['sr', 'sra', 'srta', 'dr', 'dra', 'lic', 'ing', 'd', 'dña', 'ee', 'p', 'ej', 'av', 'avda', 'gral', 'sto', 'sta', 'excmo', 'excma', 'prof', 'pdte', 'ud', 'uds'],
    numeric: ['núm', 'art', 'pág', 'págs', 'n', 'nº', 'cap'],
    suffix: ['uu', 'etc', 'aa', 'cía', 's.a', 's.l'],
  },
  pt: {
    prefix: ['sr', 'sra', 'srta', 'dr', 'dra', 'prof', 'profa', 'av', 'eng', 'exmo', 'exma', 'p', 'ex', 'gen', 'pres', 'dep', 'sen'],
    numeric: ['n', 'nº', 'art', 'pág', 'cap'],
    suffix: ['etc', 'lda', 's.a', 'ltda', 'eua'],
  },
  ca: {
    prefix: ['sr', 'sra', 'srta', 'dr', 'dra', 'p', 'ex', 'av', 'prof', 'pl', 'c'],
    numeric: ['núm', 'art', 'pàg', 'n'],
    suffix: ['etc', 'ee', 'uu', 's.a', 's.l'],
  },
  it: {
    prefix: ['sig', 'sigg', 'sig.ra', 'dott', 'dott.ssa', 'prof', 'ing', 'avv', 'on', 'sen', 'gen', 'p', 'es', 'dr', 'geom', 'rag', 'mons'],
    numeric: ['n', 'art', 'pag', 'cap', 'c'],
    suffix: ['ecc', 'spa', 's.p.a', 's.r.l'],
  },
  nl: {
    prefix: ['dhr', 'mevr', 'mw', 'dr', 'prof', 'ir', 'drs', 'mr', 'bijv', 'o.a', 'm.b.t', 'i.p.v', 'ca', 'zgn'],
    numeric: ['nr', 'art', 'blz'],
    suffix: ['enz', 'bv', 'nv', 'jl', 'v.chr'],
  },
  hu: { prefix: ['dr', 'pl', 'ill', 'kb', 'ún', 'id', 'ifj', 'özv', 'prof'], numeric: ['sz', 'o', 'old'], suffix: ['stb', 'kft', 'zrt', 'rt', 'ft', 'mrd', 'e', 'sz'] },
  sv: { prefix: ['t.ex', 'bl.a', 'dvs', 'ca', 'prof', 'dr'], numeric: ['nr', 's'], suffix: ['osv', 'm.m', 'kr', 'ab', 'f.d'] },
  da: { prefix: ['f.eks', 'bl.a', 'ca', 'dvs', 'hr', 'fru', 'prof', 'dr'], numeric: ['nr', 's'], suffix: ['osv', 'mv', 'kr', 'a/s'] },
  no: { prefix: ['f.eks', 'bl.a', 'ca', 'dvs', 'prof', 'dr'], numeric: ['nr', 's'], suffix: ['osv', 'mv', 'kr', 'as', 'asa'] },
  fi: { prefix: ['esim', 'mm', 'n', 'ns', 'ks', 'prof', 'tri'], numeric: ['nro', 's'], suffix: ['jne', 'yms', 'oy', 'oyj', 'milj', 'mrd'] },
  ro: { prefix: ['dl', 'dna', 'dr', 'prof', 'ing', 'str', 'nr', 'ex'], numeric: ['art', 'alin', 'pag'], suffix: ['etc', 'mil', 'mld', 's.a', 's.r.l'] },
  tr: { prefix: ['dr', 'prof', 'doç', 'av', 'örn', 'yrd', 'bkz'], numeric: ['no', 'md', 's'], suffix: ['vb', 'vs', 'a.ş', 'ltd', 'şti'] },
  hr: { prefix: ['npr', 'tj', 'dr', 'prof', 'mr', 'sc', 'ing', 'tzv', 'odn'], numeric: ['br', 'čl', 'st', 'str'], suffix: ['itd', 'sl', 'god', 'mil', 'mlrd', 'kn', 'd.o.o', 'd.d'] },
  sl: { prefix: ['npr', 'tj', 'dr', 'prof', 'mag', 'inž', 'oz', 'ga', 'gospa'], numeric: ['št', 'čl', 'str'], suffix: ['itd', 'ipd', 'l', 'mio', 'mrd', 'd.o.o', 'd.d'] },
  et: { prefix: ['nt', 'nn', 'dr', 'prof', 'hr', 'pr', 'u'], numeric: ['nr', 'lk'], suffix: ['jne', 'jms', 'a', 'as', 'oü', 'mln', 'mld', 's'] },
};

/** Languages that write ordinals with a period ("12. November", "2018. gada"). */
export const ORDINAL_DOT_LANGUAGES: ReadonlySet<string> = new Set(['de', 'cs', 'sk', 'pl', 'hu', 'fi', 'da', 'no', 'lv', 'hr', 'sl', 'sr', 'et', 'is', 'tr', 'sv', 'bs']);

/** Capitalised words that follow an ordinal number inside one sentence ("am 12. November"). */
export const MONTH_NAMES: ReadonlySet<string> = new Set([
  'januar', 'jänner', 'februar', 'märz', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'dezember',
  'january', 'february', 'march', 'may', 'june', 'july', 'october', 'december',
]);

const cache = new Map<string, AbbreviationSet>();

/** The abbreviation set for a language (common ones plus its own). */
export function abbreviationsFor(lang: string): AbbreviationSet {
  let set = cache.get(lang);
  if (!set) {
    const own = BY_LANGUAGE[lang] ?? {};
    set = {
      prefix: new Set([...(COMMON.prefix ?? []), ...(own.prefix ?? [])]),
      numeric: new Set([...(COMMON.numeric ?? []), ...(own.numeric ?? [])]),
      suffix: new Set([...(COMMON.suffix ?? []), ...(own.suffix ?? [])]),
    };
    cache.set(lang, set);
  }
  return set;
}
