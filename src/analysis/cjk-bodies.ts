/**
 * Public bodies named the Chinese, Japanese and Korean way: a place, then the body's own words, then
 * a head that says what kind of body it is (美国联邦调查局, 日本警察厅, 缅甸交通和通信部, 中国国家安全省,
 * 日本政府, 일본 개인정보보호위원회). The whole compound is the organisation; the place written as its
 * first part is the body's state, not a place the item is about. Without word spaces, the name is
 * bounded by the place before it and by the last head before a character that cannot be inside a
 * name (a particle, a verb-like function word, punctuation, a digit).
 */

/** Heads of public bodies that end their name; companies are left out: 美国公司 is "US companies". */
const HEADS = [
  '委员会', '委員会', '法院', '法庭', '政府', '议会', '議会', '国会', '大使馆', '大使館', '解放军', '国军', '部', '局', '署', '厅', '院', '司',
].sort((a, b) => b.length - a.length);
/** Japanese only: 省 is a ministry there (外務省) and a province in Chinese (广东省). */
const JA_HEADS = ['裁判所', 'センター', '機構', '省', '庁', '軍', ...HEADS].sort((a, b) => b.length - a.length);

/**
 * Common words that end like a head (公司 "company", 当局 "the authorities", 北部 "the north", 签署
 * "sign", 医院 "hospital", 冠军 "champion"), and heads followed by what makes them another word
 * (部分 "part", 局势 "situation", 院长 "the court's president").
 */
const NOT_HEAD = new Set([
  '公司', '上司', '官司', '全部', '内部', '外部', '北部', '南部', '东部', '西部', '中部', '東部', '総部', '总部', '本部', '大部', '一部', '局部',
  '当局', '結局', '结局', '格局', '大局', '布局', '邮局', '郵便局', '部署', '签署', '署名', '餐厅', '大厅', '客厅', '医院', '病院', '剧院', '影院',
  '冠军', '亚军', '季军', '将军', '将軍', '叛军', '参军',
  // 部 as a counter ("the first law", "this one").
  '首部', '这部', '那部', '该部', '此部', '两部', '多部', '几部',
]);
const NOT_END = new Set(['部分', '部门', '部門', '部長', '部长', '部隊', '部队', '局势', '局面', '局長', '局长', '院长', '院長', '院士', '厅长', '庁長', '署长', '署長', '司长', '司令', '省長', '軍事', '軍人', '軍隊', '軍艦', '軍機', '政府军']);

/**
 * Chinese function words that end a name: particles, prepositions, copulas and adverbs that stand
 * between a subject and its verb (的, 在, 对, 称, 是, 将...). 和, 与, 及 and 、 join two bodies
 * ("A局和B局") once a head has been read, and are part of one name before that ("交通和通信部").
 */
const ZH_STOPS = new Set([...'的了在对向称是将已被于为从把等也都并还但该其这那此要曾就又即让给以由据至当说有无没']);
const JOINERS = new Set([...'和与及、']);

/** Longest body after its place, in characters (heads included). */
const MAX_BODY = 12;

function isHan(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
}

function isKatakana(code: number): boolean {
  return (code >= 0x30a0 && code <= 0x30ff) || code === 0x30fc || code === 0x30fb;
}

/** The head ending at `end` (exclusive), when the text does not go on into a longer word there. */
function headEndingAt(text: string, end: number, ja: boolean): string | undefined {
  for (const h of ja ? JA_HEADS : HEADS) {
    if (end - h.length < 0 || !text.startsWith(h, end - h.length)) continue;
    if (NOT_END.has(text.slice(end - 1, end + 1)) || NOT_END.has(text.slice(end - h.length, end + 1))) continue;
    if (NOT_HEAD.has(text.slice(end - 2, end)) || NOT_HEAD.has(text.slice(end - 3, end))) continue;
    return h;
  }
  return undefined;
}

/**
 * The end (exclusive) of a body's name that starts at `from` (right after its place, or after a
 * joiner that follows another body), or -1. `minLength`: characters the body needs (a head alone
 * after a place is enough: 日本政府; a body without a place needs a name before its head). `limit`:
 * where another place begins (英国指控俄罗斯联邦安全局 is "the UK accuses Russia's FSB").
 */
export function hanBodyEnd(text: string, from: number, lang: string, minLength = 1, limit = text.length): number {
  const ja = lang.startsWith('ja');
  let end = -1;
  for (let i = from; i < limit && i - from < MAX_BODY; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i]!;
    if (!(isHan(code) || (ja && isKatakana(code)))) break;
    // 等 ("and others") ends a list, except in 高等 ("higher", 高等法院), 平等, 同等.
    if (!ja && ZH_STOPS.has(ch) && !(ch === '等' && '高平同'.includes(text[i - 1] ?? ''))) break;
    if (JOINERS.has(ch) && end >= 0) break;
    const head = headEndingAt(text, i + 1, ja);
    if (head !== undefined && i + 1 - from >= Math.max(minLength, head.length)) end = i + 1;
  }
  // 中国政府系, 日本政府籍: "linked to", "of the nationality of", an adjective.
  return end >= 0 && /[系籍]/u.test(text[end] ?? '') ? -1 : end;
}

/** A joiner right after a body ("…局和…"): where a second body of the same list may start, or -1. */
export function afterJoiner(text: string, end: number): number {
  return JOINERS.has(text[end] ?? '') ? end + 1 : -1;
}

/**
 * Korean writes the place as its own word before the body, which may carry a particle
 * ("일본 정부는", "한국 외교부가"): the body word's length without it when it is one, else 0.
 */
// Not the chambers of a parliament (상원, 의회): "미국 상원" is told as the country and its chamber.
const HANGUL_HEADS = ['정부', '위원회', '법원', '대사관'];
/** Heads that also end common words (일부 "some", 내부 "inside"): only in words of three syllables or more. */
const HANGUL_SHORT_HEADS = ['부', '청', '처'];
const HANGUL_PARTICLES = ['에서는', '에서', '으로', '에게', '까지', '은', '는', '이', '가', '을', '를', '의', '에', '와', '과', '도', '로'];

export function hangulBodyLength(word: string): number {
  for (const cut of ['', ...HANGUL_PARTICLES]) {
    if (cut && !word.endsWith(cut)) continue;
    const stem = word.slice(0, word.length - cut.length);
    if (stem.length < 2) continue;
    if (HANGUL_HEADS.some((h) => stem.endsWith(h)) || (stem.length >= 3 && HANGUL_SHORT_HEADS.some((h) => stem.endsWith(h)))) return stem.length;
  }
  return 0;
}
