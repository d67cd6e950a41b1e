/**
 * Entities of an item: gazetteer names in any language (longest match wins, so "Eugene
 * Kaspersky" is the person and not the company), then unknown capitalised multi-word names in
 * Latin and Cyrillic script, reported as type 'unknown' with id `x:<folded-words>`.
 */
import type { EntityMention } from '../items/item.js';
import type { Gazetteer, GazetteerEntity, NameRef } from './entity-gazetteer.js';
import type { PhraseMatch } from './phrase-index.js';
import { prepareText, type PreparedText } from './prepared-text.js';
import type { ScannedToken } from './text-scanner.js';
import anyAscii from 'any-ascii';
import { arabicBodies } from './arabic-bodies.js';
import { isArabicWord } from './fold-word.js';
import { afterJoiner, hanBodyEnd, hangulBodyLength } from './cjk-bodies.js';
import { guessNameType, isOrganizationHead, isPersonTitle, type NameCues } from './name-type.js';

export interface EntityInput {
  title: string;
  content: string;
  lang: string;
}

const NAME_SCRIPT = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}\p{N}]+$/u;
/** Lower-case particles that occur inside names ("World Forum for Democracy", "Ursula von der Leyen"). */
const NAME_PARTICLES = new Set(['of', 'for', 'de', 'du', 'des', 'la', 'le', 'von', 'van', 'der', 'den', 'da', 'do', 'dos', 'das', 'di', 'del', 'della', 'fur', 'zu', 'al', 'bin', 'ibn']);
const NO_PARTICLES: ReadonlySet<string> = new Set();

/** The particles that may join name words in `lang`: none in Turkish, whose "de", "da" are "also", "and" between two names. */
function nameParticles(lang: string): ReadonlySet<string> {
  return lang.startsWith('tr') ? NO_PARTICLES : NAME_PARTICLES;
}
const MAX_UNKNOWN_WORDS = 6;

/**
 * Non-overlapping matches, longest first, then the tightest ("Conseil européen" is the European
 * Council's exact name, and only an inflected reading of "Conseil de l'Europe"), then leftmost;
 * returned in text order.
 */
function resolveOverlaps<T>(matches: PhraseMatch<T>[]): PhraseMatch<T>[] {
  const sorted = [...matches].sort((a, b) => b.last - b.first - (a.last - a.first) || a.slack - b.slack || a.first - b.first);
  const kept: PhraseMatch<T>[] = [];
  for (const m of sorted) if (!kept.some((k) => m.first <= k.last && k.first <= m.last)) kept.push(m);
  return kept.sort((a, b) => a.first - b.first);
}

const HANGUL_WORD = /^[\uac00-\ud7af]+$/;

function prepositionOnShortName(token: ScannedToken, key: string): boolean {
  const w = token.folded;
  if (w.startsWith(key) || !isArabicWord(w)) return false;
  const rest = w[0] === 'و' || w[0] === 'ف' ? w.slice(1) : w;
  return (rest[0] === 'ب' || rest[0] === 'ك' || rest[0] === 'ل') && !rest.startsWith(key) && rest.length - 1 <= 3;
}

/**
 * Letters of an Arabic conjunction or preposition written onto a name ("والسعودية", "بالإمارات",
 * "لإسرائيل"): grammar, not name, so the surface starts after them. Not the article (السعودية is the
 * name as written), nor ل merged with it (للأمم keeps its ل: without it the word is not written so).
 */
function arabicCliticLength(token: ScannedToken, key: string): number {
  const w = token.folded;
  if (!isArabicWord(w) || w.startsWith(key)) return 0;
  let n = 0;
  if ((w[0] === 'و' || w[0] === 'ف') && w.length > 3) n = 1;
  const rest = w.slice(n);
  if ((rest[0] === 'ب' || rest[0] === 'ك' || rest[0] === 'ل') && rest[1] !== 'ل' && rest.length > 3 && !rest.startsWith(key)) n++;
  return n > 0 && token.forms.some((f) => f === w.slice(n) || (f.startsWith(key) && f.length <= w.length - n)) ? n : 0;
}

/**
 * The name as written, without a Korean particle on its last word ("한국과" is 한국 "and"): the
 * particle is grammar, not name, and Hangul text is not folded, so the key's length is the name's.
 */
function surface(text: string, tokens: readonly ScannedToken[], first: number, last: number, lastKey?: string, firstKey?: string): string {
  let end = tokens[last].end;
  const start = tokens[first].start + (firstKey === undefined ? 0 : arabicCliticLength(tokens[first], firstKey));
  if (start > tokens[first].start) return text.slice(start, end);
  const word = text.slice(tokens[last].start, end);
  if (lastKey && HANGUL_WORD.test(word) && word.length > lastKey.length && word.startsWith(lastKey)) end = tokens[last].start + lastKey.length;
  return text.slice(tokens[first].start, end);
}

interface Found {
  part: number;
  match: PhraseMatch<NameRef>;
}

/**
 * Languages where a capitalised neighbour marks a longer name: not those that capitalise nouns,
 * nor those with case (a genitive country before a person: "посол России Иван Петров").
 */
const NEIGHBOUR_LANGUAGES = new Set(['en', 'fr', 'es', 'it', 'pt', 'nl', 'ca', 'sv', 'da', 'nb', 'no']);

/** Name matches of one text in its language (scoped names only in their own), overlaps resolved. */
function nameMatches(prepared: PreparedText, gazetteer: Gazetteer, lang: string): PhraseMatch<NameRef>[] {
  const all = gazetteer.index.match(prepared.content);
  const base = lang.slice(0, 2);
  const inLang = base === 'un' ? all : all.filter((m) => m.pattern.data.langs === null || m.pattern.data.langs.has(base));
  return resolveOverlaps(inLang);
}

/**
 * A single word right next to another capitalised word (not a sentence start, no punctuation
 * between) is part of a longer name: "Jordan Peterson", "Michael Jordan", "Israel Hernández",
 * "Paris Saint-Germain". Not in Headline Case titles, nor in languages that capitalise nouns.
 */
function insideLongerName(prepared: PreparedText, m: PhraseMatch<NameRef>, lang: string, claimed: Set<ScannedToken>): boolean {
  if (!NEIGHBOUR_LANGUAGES.has(lang.slice(0, 2)) || isHeadlineCase(prepared)) return false;
  const { tokens, content } = prepared;
  const self = content[m.first];
  if (self.cjk || !self.cap) return false;
  const at = tokens.indexOf(self);
  const prev = tokens[at - 1];
  const next = tokens[at + 1];
  const nameLike = (t: ScannedToken | undefined) => t !== undefined && t.cap && !t.upper && !t.stop && !t.cjk && !claimed.has(t);
  return (nameLike(next) && !next!.breakBefore) || (nameLike(prev) && !prev!.sentenceStart && !self.breakBefore);
}

const headline = new WeakMap<PreparedText, boolean>();

/** Most content words capitalised: capitals say nothing here ("Ukraine Says Russia Hit Grid"). */
function isHeadlineCase(prepared: PreparedText): boolean {
  let h = headline.get(prepared);
  if (h === undefined) {
    const words = prepared.content.filter((t) => !t.cjk && !/^\p{N}/u.test(t.folded));
    h = words.length >= 3 && words.filter((t) => t.cap).length > 0.6 * words.length;
    headline.set(prepared, h);
  }
  return h;
}

function hasCue(parts: PreparedText[], cues: readonly string[]): boolean {
  if (cues.length === 0) return false;
  for (const p of parts) {
    for (const t of p.tokens) for (const cue of cues) if (t.folded.startsWith(cue)) return true;
    // Chinese and Japanese cues are read in the text itself (no word boundaries).
    for (const cue of cues) if (cue.length > 0 && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(cue) && p.text.includes(cue)) return true;
  }
  return false;
}

/**
 * Chinese, Japanese and Korean write a country's name as the first part of a compound: 中国籍 and
 * 中国系 ("of Chinese nationality", "China-linked") are adjectives, 中国外交部, 日本警察 and 한국
 * 외교부 are organisations (a ministry, the police). Neither is the place itself. "Government"
 * (政府, 정부) is left out: 中国政府 is how a text tells the country from the Chugoku region.
 */
const CJK_COMPOUND_AFTER = /^\s?(?:籍|系|企业|企業|外交部|外務省|外务省|警方|警察|公安|国防部|防衛省|商务部|国务院|대사관|외교부|경찰|국방부|기업)/u;

function compoundAfter(prepared: PreparedText, m: PhraseMatch<NameRef>): boolean {
  const last = prepared.content[m.last];
  if (!last) return false;
  const first = prepared.content[m.first];
  const ch = prepared.text.charCodeAt(first.start);
  // Han, kana and Hangul names only.
  if (!(first.cjk || (ch >= 0xac00 && ch <= 0xd7af))) return false;
  return CJK_COMPOUND_AFTER.test(prepared.text.slice(last.end, last.end + 4));
}

/**
 * Languages that write a genitive place before the body it qualifies ("Nīderlandes policija",
 * "Eesti välisministeerium"), with the genitive's look: the place must end like one (not the
 * locative "Igaunijā", "Eestis"); abbreviations (ASV, USA) do not inflect.
 */
const GENITIVE_BEFORE_BODY: Record<string, (folded: string) => boolean> = {
  lv: (w) => w.endsWith('s'),
  // Estonian cases add -s, -st, -sse, -l, -lt, -le, -ks, -ga, -ta, -ni to the genitive.
  et: (w) => !/(?:s|st|sse|l|lt|le|ks|ga|ta|ni)$/u.test(w),
};

/**
 * The tokens (of `p.tokens`) of an organisation's name a gazetteer place is part of, or null: a
 * city or region ends a capitalised name headed by an organisation word ("Agencia de
 * Ciberseguridad de Cataluña", "Staatsanwaltschaft München", "Hospital Clínic de Barcelona"; a
 * country after "de"/"of" is as often the body's state said in passing, so not that), or, in
 * languages that put the genitive first, a place comes right before a body ("Nīderlandes
 * policija"). Such a place names the body's seat or state, not a place the item is about.
 */
function organizationAround(p: PreparedText, m: PhraseMatch<NameRef>, lang: string, cues: NameCues, claimed: Set<ScannedToken>, country: boolean): [number, number] | null {
  const t = p.tokens;
  const from = t.indexOf(p.content[m.first]!);
  const to = t.indexOf(p.content[m.last]!);
  const free = (k: number) => k >= 0 && k < t.length && !claimed.has(t[k]!) && !t[k]!.cjk;
  // Backwards: [particle] then capitalised name words (joined by particles), one an organisation head.
  let k = from - 1;
  if (!country && !t[from]!.breakBefore && free(k)) {
    const particles = nameParticles(lang);
    if (particles.has(t[k]!.folded) && !t[k]!.cap && !t[k]!.breakBefore) k--;
    let start = -1;
    for (let j = k; free(j) && j >= from - MAX_UNKNOWN_WORDS; j--) {
      const w = t[j]!;
      if (w.cap && !w.upper && !w.stop) {
        if (isOrganizationHead(w.folded, cues)) start = j;
      } else if (!(j < k && particles.has(w.folded) && !w.cap)) break;
      if (w.breakBefore || w.sentenceStart) break;
    }
    if (start >= 0) return [start, to];
  }
  // Forwards: the genitive place, then (within two words) the body.
  const genitive = GENITIVE_BEFORE_BODY[lang.slice(0, 2)];
  if (genitive && (t[to]!.upper || genitive(t[to]!.folded))) {
    for (let j = to + 1; j <= to + 2 && free(j) && !t[j]!.breakBefore && !t[j]!.stop; j++) {
      if (isOrganizationHead(t[j]!.folded, cues)) return [from, j];
    }
  }
  return null;
}

interface Compound {
  start: number;
  end: number;
  /** The gazetteer organisation the body's own words name (美国 + 联邦调查局), if one does. */
  entity: number | null;
}

const HANGUL_START = /^[\uac00-\ud7af]/;

/**
 * A body word the gazetteer gives to one country (外交部 is China's: "中国外交部" is among its
 * names) said after another place (英国外交部): that body of the other country, not this entity.
 */
function ownedElsewhere(entity: GazetteerEntity, body: string, place: string): boolean {
  for (const list of Object.values(entity.aliases)) for (const a of list) if (a.length > body.length && a.endsWith(body) && !a.startsWith(place)) return true;
  return false;
}

/**
 * Organisations written as a place and a body in Chinese, Japanese or Korean (see cjk-bodies.ts),
 * keyed by the place's match, and the gazetteer matches inside them (not reported on their own);
 * in Chinese also a second body joined to the first ("…局和…安全局").
 */
function cjkCompounds(parts: PreparedText[], found: Found[], gazetteer: Gazetteer, lang: string): { byPlace: Map<Found, Compound>; inside: Set<Found>; extra: Compound[][] } {
  const byPlace = new Map<Found, Compound>();
  const inside = new Set<Found>();
  const extra: Compound[][] = parts.map(() => []);
  const base = lang.slice(0, 2);
  if (base !== 'zh' && base !== 'ja' && base !== 'ko') return { byPlace, inside, extra };
  const startOf = (f: Found) => parts[f.part]!.content[f.match.first]!.start;
  const endOf = (f: Found) => parts[f.part]!.content[f.match.last]!.end;
  for (const f of found) {
    const { entity: e, adjective } = f.match.pattern.data;
    if (adjective || gazetteer.entities[e]!.type !== 'place') continue;
    const p = parts[f.part]!;
    // The last of a list of places shares the body with the others ("영국, 호주, 일본 정부", "英国、法国政府").
    if (/[,，、]\s*$/u.test(p.text.slice(Math.max(0, startOf(f) - 3), startOf(f)))) continue;
    const from = endOf(f);
    let end = -1;
    if (base === 'ko') {
      const next = /^ ([\uac00-\ud7af]+)/.exec(p.text.slice(from, from + 24));
      if (!next || !HANGUL_START.test(p.text.slice(startOf(f)))) continue;
      // A particle on the place ("한국은 유엔…") ends its phrase: the next word is not its body.
      const key = f.match.pattern.tokens[f.match.pattern.tokens.length - 1]?.key ?? '';
      if (from - p.content[f.match.last]!.start > key.length) continue;
      const own = hangulBodyLength(next[1]!);
      const org = found.find((g) => g.part === f.part && startOf(g) === from + 1 && gazetteer.entities[g.match.pattern.data.entity]!.type === 'organization');
      if (own > 0) end = from + 1 + own;
      else if (org) {
        // Without the particle the body word may carry ("연방수사국은").
        const key = org.match.pattern.tokens[org.match.pattern.tokens.length - 1]?.key ?? '';
        end = next[1]!.startsWith(key) && key.length > 0 ? from + 1 + key.length : endOf(org);
      }
    } else if (p.content[f.match.first]!.cjk) {
      const nextPlace = found.find((g) => g.part === f.part && startOf(g) >= from && gazetteer.entities[g.match.pattern.data.entity]!.type === 'place');
      end = hanBodyEnd(p.text, from, lang, 1, nextPlace ? startOf(nextPlace) : p.text.length);
    }
    if (end < 0) continue;
    let entity: number | null = null;
    const place = p.text.slice(startOf(f), from);
    for (const g of found) {
      if (g === f || g.part !== f.part || startOf(g) < from || startOf(g) >= end) continue;
      inside.add(g);
      const ge = g.match.pattern.data.entity;
      if (endOf(g) >= end && gazetteer.entities[ge]!.type === 'organization' && !g.match.pattern.data.adjective && !ownedElsewhere(gazetteer.entities[ge]!, p.text.slice(startOf(g), endOf(g)), place)) entity = ge;
    }
    byPlace.set(f, { start: startOf(f), end, entity });
    // Chinese lists of bodies: a second one after 和/与/及/、 needs no place of its own.
    if (base === 'zh') {
      for (let at = afterJoiner(p.text, end); at >= 0; ) {
        const next = hanBodyEnd(p.text, at, lang, 3);
        if (next < 0 || found.some((g) => g.part === f.part && startOf(g) < next && endOf(g) > at)) break;
        extra[f.part]!.push({ start: at, end: next, entity: null });
        at = afterJoiner(p.text, next);
      }
    }
  }
  return { byPlace, inside, extra };
}

function compoundMention(p: PreparedText, c: Compound, gazetteer: Gazetteer, covered: Set<ScannedToken>): EntityMention {
  for (const t of p.tokens) if (t.start >= c.start && t.end <= c.end) covered.add(t);
  const surfaceText = p.text.slice(c.start, c.end);
  if (c.entity !== null) {
    const e = gazetteer.entities[c.entity]!;
    return { id: e.id, name: e.name, type: e.type, surface: surfaceText };
  }
  return { id: 'x:' + surfaceText.normalize('NFKC').toLowerCase().replace(/\s+/g, '-'), name: surfaceText, type: 'organization', surface: surfaceText };
}

/** Latin, Cyrillic or Greek letters only (a given name; not "AfD", not a number). */
const GIVEN_NAME = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}'’-]+$/u;

const SOUND: Record<string, string> = { p: 'b', v: 'b', w: 'b', f: 'b', c: 'k', q: 'k', g: 'k', z: 's', j: 'i', y: 'i', l: 'r', e: 'a', i: 'a', o: 'a', u: 'a' };

/** The first sounds of a word in any script: its first letter's class and the next consonants ("Entonijs" and "Antony": "ant"). */
function soundKey(word: string): string {
  const ascii = anyAscii(word).toLowerCase().replace(/[^a-z]/g, '');
  let out = '';
  for (let i = 0; i < ascii.length && out.length < 3; i++) {
    const c = SOUND[ascii[i]!] ?? ascii[i]!;
    if (i > 0 && (c === 'a' || c === 'h')) continue;
    if (out[out.length - 1] !== c) out += c;
  }
  return out;
}

/**
 * The word before a surname is the person's own given name, in any spelling ("Эмманюэля" for
 * Emmanuel, "Entonijs" for Antony), not a relative's ("Melania" before Trump) or another word.
 */
function isGivenNameOf(entity: GazetteerEntity, word: string): boolean {
  const key = soundKey(word);
  if (key.length < 2) return false;
  for (const name of [entity.name, ...Object.values(entity.aliases).flat()]) {
    const first = name.split(/\s+/);
    if (first.length >= 2 && soundKey(first[0]!).slice(0, 3) === key.slice(0, 3)) return true;
  }
  return false;
}

/**
 * A person named by the surname the gazetteer knows, with a given name written before it in another
 * spelling or case ("Эмманюэля Макрона", "Entonijs Blinkens"): the given name is part of the
 * mention. Not a title or a body word before the surname ("President Macron", "Ministerium"), nor
 * in languages that capitalise every noun (there "Staatschef Macron" looks the same).
 */
function givenNameBefore(p: PreparedText, m: PhraseMatch<NameRef>, lang: string, cues: NameCues | null, claimed: Set<ScannedToken>): ScannedToken | undefined {
  if (!cues || lang.startsWith('de') || lang.startsWith('lb')) return undefined;
  const self = p.content[m.first]!;
  if (self.breakBefore || self.cjk) return undefined;
  const at = p.tokens.indexOf(self);
  const prev = p.tokens[at - 1];
  if (!prev || !prev.cap || prev.upper || prev.stop || prev.cjk || claimed.has(prev) || prev.end - prev.start < 2) return undefined;
  if (!GIVEN_NAME.test(p.text.slice(prev.start, prev.end)) || p.text.slice(prev.end, self.start) !== ' ') return undefined;
  if (isPersonTitle(prev.folded, cues) || cues.personBefore.has(prev.folded) || isOrganizationHead(prev.folded, cues)) return undefined;
  // A sentence's first word is a given name only when the item never writes it in lower case.
  if (prev.sentenceStart && p.tokens.some((t) => !t.cap && t.folded === prev.folded)) return undefined;
  return prev;
}

/**
 * Gazetteer mentions of title and content, in that order, and the ids of entities referred to only
 * by an adjective. Names that need context (see GazetteerEntity.context) are kept only when their
 * item confirms them.
 */
function gazetteerMentions(parts: PreparedText[], gazetteer: Gazetteer, lang: string, covered: Set<ScannedToken>[], adjectiveTokens: Set<ScannedToken>): { mentions: EntityMention[]; adjectives: string[] } {
  const found: Found[] = [];
  parts.forEach((p, part) => {
    for (const match of nameMatches(p, gazetteer, lang)) found.push({ part, match });
  });
  const claimed = new Set<ScannedToken>();
  for (const f of found) for (let i = f.match.first; i <= f.match.last; i++) claimed.add(parts[f.part].content[i]);
  const present = new Set(found.filter((f) => !f.match.pattern.data.adjective).map((f) => f.match.pattern.data.entity));
  const confirmed = new Set<number>();
  for (const f of found) {
    const e = f.match.pattern.data.entity;
    if (!gazetteer.entities[e].context || f.match.first !== f.match.last) confirmed.add(e);
  }
  // Context entities confirmed by their own cue words, before any relies on them as a related entity.
  for (const e of present) if (!confirmed.has(e) && gazetteer.entities[e].context && hasCue(parts, gazetteer.cues.get(e) ?? [])) confirmed.add(e);
  const mentions: EntityMention[] = [];
  const adjectives: string[] = [];
  const compounds = cjkCompounds(parts, found, gazetteer, lang);
  for (const f of found) {
    const { part, match } = f;
    if (compounds.inside.has(f)) continue;
    const compound = compounds.byPlace.get(f);
    if (compound) {
      mentions.push(compoundMention(parts[part]!, compound, gazetteer, covered[part]!));
      continue;
    }
    const { entity: e, adjective } = match.pattern.data;
    const entity = gazetteer.entities[e];
    const single = match.first === match.last;
    // A three-letter name read after a peeled preposition is as often another word: كابل (cable, Kabul) is not ك + ابل (Apple).
    if (single && prepositionOnShortName(parts[part].content[match.first]!, match.pattern.tokens[0]?.key ?? '')) continue;
    // A lone place or person name inside a longer capitalised name is not that place or person.
    if (single && !adjective && (entity.context || entity.type === 'place') && insideLongerName(parts[part], match, lang, claimed)) continue;
    if (entity.type === 'place' && !adjective && compoundAfter(parts[part], match)) continue;
    const body = entity.type === 'place' && !adjective && gazetteer.nameCues ? organizationAround(parts[part], match, lang, gazetteer.nameCues, claimed, entity.kind === 'country') : null;
    if (body) {
      const tokens = parts[part].tokens;
      // Tokens another body already took (two places in one name) are not reported twice.
      if (covered[part].has(tokens[body[0]]!)) continue;
      for (let i = body[0]; i <= body[1]; i++) covered[part].add(tokens[i]!);
      const name = parts[part].text.slice(tokens[body[0]]!.start, tokens[body[1]]!.end);
      mentions.push({ id: 'x:' + tokens.slice(body[0], body[1] + 1).map((w) => w.folded).join('-'), name, type: 'organization', surface: name });
      continue;
    }
    if (entity.context && single && !confirmed.has(e)) {
      const related = entity.related.some((id) => {
        const j = gazetteer.indexById.get(id)!;
        return present.has(j) && (confirmed.has(j) || !gazetteer.entities[j].context);
      });
      if (!related) continue;
    }
    const tokens = parts[part].content;
    // An adjective may begin a longer unknown name ("Australian Federal Police"): it covers nothing.
    if (!adjective) for (let i = match.first; i <= match.last; i++) covered[part].add(tokens[i]);
    if (adjective) {
      adjectives.push(entity.id);
      for (let i = match.first; i <= match.last; i++) adjectiveTokens.add(tokens[i]);
    }
    else {
      let written = surface(parts[part].text, tokens, match.first, match.last, match.pattern.tokens[match.pattern.tokens.length - 1]?.key, match.pattern.tokens[0]?.key);
      const before = entity.type === 'person' && single ? givenNameBefore(parts[part], match, lang, gazetteer.nameCues, claimed) : undefined;
      const given = before && isGivenNameOf(entity, parts[part].text.slice(before.start, before.end)) ? before : undefined;
      if (given) {
        covered[part].add(given);
        written = parts[part].text.slice(given.start, tokens[match.last]!.end);
      }
      mentions.push({ id: entity.id, name: entity.name, type: entity.type, surface: written });
    }
  }
  compounds.extra.forEach((list, part) => {
    for (const c of list) mentions.push(compoundMention(parts[part]!, c, gazetteer, covered[part]!));
  });
  return { mentions, adjectives: [...new Set(adjectives)] };
}

function isNameWord(t: ScannedToken, text: string): boolean {
  return t.cap && !t.cjk && t.end - t.start >= 2 && NAME_SCRIPT.test(text.slice(t.start, t.end));
}

/**
 * Capitalised sequences of two or more name words, joined by single lower-case name particles
 * ("World Forum for Democracy"). A sentence's first word starts a name only if it is not a
 * stop word and does not also appear in lower case in the text.
 */
function unknownMentions(
  prepared: PreparedText,
  covered: Set<ScannedToken>,
  lowerWords: () => Set<string>,
  typeOf: (words: ScannedToken[], before: ScannedToken | undefined) => EntityMention['type'],
  isTitle: (folded: string) => boolean,
  particles: ReadonlySet<string> = NAME_PARTICLES,
): EntityMention[] {
  const { text, tokens } = prepared;
  const out: EntityMention[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i];
    if (covered.has(t) || !isNameWord(t, text) || (t.sentenceStart && (t.stop || lowerWords().has(t.folded)))) {
      i++;
      continue;
    }
    const words: ScannedToken[] = [t];
    let j = i + 1;
    while (j < tokens.length && words.length < MAX_UNKNOWN_WORDS) {
      const next = tokens[j];
      if (next.breakBefore || covered.has(next)) break;
      if (isNameWord(next, text)) {
        words.push(next);
        j++;
        continue;
      }
      // One lower-case name particle may join two name words.
      const after = tokens[j + 1];
      if (particles.has(next.folded) && !next.cap && after && !after.breakBefore && !covered.has(after) && isNameWord(after, text)) {
        words.push(next, after);
        j += 2;
        continue;
      }
      break;
    }
    // A title inside the sequence ("Defence Minister Richard Marles", "Ministr Mikuláš Bek") ends
    // what comes before it and introduces a person's name.
    // A sentence's first word that introduces a name ("Según Bolaños", "Minister X Y") is not part of it.
    if (words[0]!.sentenceStart && words.length > 2 && isTitle(words[0]!.folded)) words.shift();
    const title = lastIndexWhere(words, (w) => isTitle(w.folded));
    const pieces = title < 0 ? [{ words, before: tokens[i - 1] }] : [{ words: words.slice(0, title), before: tokens[i - 1] }, { words: words.slice(title + 1), before: words[title] }];
    for (const piece of pieces) {
      if (piece.words.filter((w) => w.cap).length < 2 || !piece.words[piece.words.length - 1]!.cap) continue;
      const name = text.slice(piece.words[0]!.start, piece.words[piece.words.length - 1]!.end);
      out.push({ id: 'x:' + piece.words.map((w) => w.folded).join('-'), name, type: typeOf(piece.words, piece.before), surface: name });
    }
    i = j;
  }
  return out;
}

function capitalisedCounts(parts: PreparedText[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of parts) for (const t of p.tokens) if (t.cap && !t.sentenceStart) counts.set(t.folded, (counts.get(t.folded) ?? 0) + 1);
  return counts;
}

/** How many times the name's word sequence occurs in the part (its last word counted there). */
function countName(part: PreparedText, words: readonly ScannedToken[]): number {
  // Plain loops: this runs for every unknown name over every token, and a closure per position was
  // a fifteenth of all that analysis allocates.
  let n = 0;
  const t = part.tokens;
  const len = words.length;
  for (let i = 0; i + len <= t.length; i++) {
    let k = 0;
    while (k < len && t[i + k]!.folded === words[k]!.folded) k++;
    if (k === len) n++;
  }
  return n;
}

function textOf(parts: PreparedText[], token: ScannedToken): string {
  return parts.find((p) => p.tokens.includes(token))!.text;
}

function lastIndexWhere<T>(list: readonly T[], test: (x: T) => boolean): number {
  for (let k = list.length - 1; k >= 0; k--) if (test(list[k]!)) return k;
  return -1;
}

function lowerCaseWords(parts: PreparedText[]): Set<string> {
  const set = new Set<string>();
  for (const p of parts) for (const t of p.tokens) if (!t.cap) set.add(t.folded);
  return set;
}

/** Entities named in an item, one per id (first surface kept): gazetteer entities in order of first mention, then unknown names. */
export function extractEntities(input: EntityInput, gazetteer: Gazetteer, options: { unknown?: boolean } = {}): EntityMention[] {
  return extractEntityEvidence(input, gazetteer, options).mentions;
}

/** Mentions (as `extractEntities`) plus ids of gazetteer entities referred to only by an adjective ("French", "российский"). */
export function extractEntityEvidence(input: EntityInput, gazetteer: Gazetteer, options: { unknown?: boolean } = {}): { mentions: EntityMention[]; adjectives: string[]; all: EntityMention[] } {
  const parts = [prepareText(input.title), prepareText(input.content)];
  const coveredByPart = parts.map(() => new Set<ScannedToken>());
  const adjectiveTokens = new Set<ScannedToken>();
  const { mentions, adjectives } = gazetteerMentions(parts, gazetteer, input.lang, coveredByPart, adjectiveTokens);
  const found = [...mentions];
  if (options.unknown ?? true) {
    // Built only when a sentence starts with a capitalised word that could begin a name.
    let lower: Set<string> | undefined;
    const lowerWords = () => (lower ??= lowerCaseWords(parts));
    const cues = gazetteer.nameCues;
    let capitalised: Map<string, number> | undefined;
    const typeOf = (words: ScannedToken[], before: ScannedToken | undefined): EntityMention['type'] => {
      if (!cues) return 'unknown';
      capitalised ??= capitalisedCounts(parts);
      const last = words[words.length - 1]!.folded;
      // The surname alone elsewhere: the name itself counts once per mention.
      const elsewhere = (capitalised.get(last) ?? 0) > parts.reduce((n, p) => n + countName(p, words), 0);
      return guessNameType(words, textOf(parts, words[0]!), input.lang, before, elsewhere, cues, (w) => lowerWords().has(w.folded) || adjectiveTokens.has(w));
    };
    const isTitle = (folded: string) => cues !== null && (isPersonTitle(folded, cues) || cues.personBefore.has(folded));
    const particles = nameParticles(input.lang);
    parts.forEach((p, k) => found.push(...unknownMentions(p, coveredByPart[k], lowerWords, typeOf, isTitle, particles)));
    if (input.lang.startsWith('ar')) parts.forEach((p, k) => found.push(...arabicBodies(p, coveredByPart[k])));
  }
  const seen = new Set<string>();
  const unique = found.filter((e) => !seen.has(e.id) && seen.add(e.id));
  return { mentions: unique, adjectives: adjectives.filter((id) => !seen.has(id)), all: found };
}

/** Every mention in text order per part (an entity named twice is listed twice): for measuring against labelled surfaces. */
export function extractEntityMentions(input: EntityInput, gazetteer: Gazetteer): EntityMention[] {
  return extractEntityEvidence(input, gazetteer).all;
}

/** Canonical ids of gazetteer entities named in what a user typed (case-insensitive, any language). */
export function entityIdsIn(words: string, gazetteer: Gazetteer): string[] {
  const prepared = prepareText(words);
  const ids = resolveOverlaps(gazetteer.index.match(prepared.content, true))
    .filter((m) => !m.pattern.data.adjective)
    .map((m) => gazetteer.entities[m.pattern.data.entity].id);
  return [...new Set(ids)];
}
