/**
 * The type of a capitalised name the gazetteer does not know ("Jessica Rosenworcel", "Australian
 * Federal Police", "Pinellas County"), from general cues of digests/entity-cues.json: a head word of
 * an organisation or a place anywhere in the name, else a person when the name is two or three
 * plain words and the text confirms it (a person cue just before it, or its last word alone
 * elsewhere). Anything else stays 'unknown' (not reported as a typed entity).
 */
import type { ScannedToken } from './text-scanner.js';

export interface NameCues {
  /** Folded prefixes of words that make a name an organisation (agency, ministerstvo, полиция...). */
  organization: readonly string[];
  /** Folded prefixes of words that make a name a place (county, district, oblast...). */
  place: readonly string[];
  /** Folded words that often stand right before a person's name (minister, said, CEO...). */
  personBefore: ReadonlySet<string>;
  /** Folded prefixes of titles written before a name (minist, presiden, senator...). */
  titles: readonly string[];
}

/**
 * A list of prefixes bucketed by first code unit (memoised per list): a word is compared with the
 * few prefixes that start like it, not with all of them (hundreds of organisation heads, for every
 * capitalised word of an unknown name). Only for "any prefix matches" tests, where order is moot.
 */
const BUCKETS = new WeakMap<readonly string[], Map<number, string[]> | null>();
const NO_PREFIXES: readonly string[] = [];

function prefixesLike(word: string, prefixes: readonly string[]): readonly string[] {
  let buckets = BUCKETS.get(prefixes);
  if (buckets === undefined) {
    // An empty prefix starts every word: no buckets then (the cue files never hold one).
    buckets = prefixes.includes('') ? null : new Map();
    if (buckets) {
      for (const p of prefixes) {
        const code = p.charCodeAt(0);
        const list = buckets.get(code);
        if (list) list.push(p);
        else buckets.set(code, [p]);
      }
    }
    BUCKETS.set(prefixes, buckets);
  }
  if (buckets === null || word.length === 0) return prefixes;
  return buckets.get(word.charCodeAt(0)) ?? NO_PREFIXES;
}

/** A title word: "Minister", "Ministr", "Președintele", "Президентка", "Senator". */
export function isTitleWord(folded: string, cues: NameCues): boolean {
  for (const t of prefixesLike(folded, cues.titles)) if (folded.startsWith(t)) return true;
  return false;
}

export type NameType = 'organization' | 'place' | 'person' | 'unknown';

const LATIN_OR_CYRILLIC = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}'’-]+$/u;
/** Languages that capitalise every noun: two capitalised words there are as often a noun phrase. */
const NOUN_CAPITALISING = new Set(['de', 'lb']);

/** A head word starts the word; short heads allow only a short ending ("bank", "banks", not "Ratcliffe" for "rat"). */
function startsWithAny(word: string, prefixes: readonly string[]): boolean {
  for (const p of prefixesLike(word, prefixes)) if (word.startsWith(p) && (p.length >= 6 || word.length <= p.length + 2)) return true;
  return false;
}

/** A person's title that also heads organisations in the cue list ("minister" beside "ministerie"). */
const TITLE_NOT_BODY = /^(?:minist(?:er|re|ro|r)s?|министр|міністр)$/u;

/** The word heads an organisation's name (Agencia, Staatsanwaltschaft, policija, Министерство), not a title. */
export function isOrganizationHead(folded: string, cues: NameCues): boolean {
  return !TITLE_NOT_BODY.test(folded) && startsWithAny(folded, cues.organization);
}

/**
 * A title before a person's name ("Minister", "Senator", "Ministrul"), but not a body whose name
 * begins like one ("Ministerul Sănătății", "Directorate"): an organisation head counts as a title
 * only when it is the title word itself, give or take an ending of two letters.
 */
export function isPersonTitle(folded: string, cues: NameCues): boolean {
  let close = false;
  let any = false;
  for (const t of prefixesLike(folded, cues.titles)) {
    if (!folded.startsWith(t)) continue;
    any = true;
    if (folded.length - t.length <= 2) close = true;
  }
  return any && (close || !isOrganizationHead(folded, cues));
}

/** Capitals inside a word (PowerOFF, SektorCERT, LockBitSupp): products, handles and brands, not given names. */
const INNER_CAPITAL = /^\p{L}[\p{Ll}\p{M}]*\p{Lu}/u;

/**
 * `words`: the name's tokens (name words and joining particles); `before`: the token just before
 * it; `lastWordElsewhere`: whether the name's last word occurs alone, capitalised, elsewhere in
 * the item; `common`: whether a word is a common word of the item (written in lower case elsewhere
 * in it, or an adjective of a known place): such a word makes an unconfirmed pair a phrase
 * ("Jogos Olímpicos", "Twelve Russian"), not a person.
 */
export function guessNameType(
  words: readonly ScannedToken[],
  text: string,
  lang: string,
  before: ScannedToken | undefined,
  lastWordElsewhere: boolean,
  cues: NameCues,
  common: (word: ScannedToken) => boolean = () => false,
): NameType {
  const named = words.filter((w) => w.cap);
  // Capitalised noun phrases in German look like names: there only a title before makes a person.
  if (NOUN_CAPITALISING.has(lang.slice(0, 2))) {
    const cued = before !== undefined && !words[0]!.breakBefore && (cues.personBefore.has(before.folded) || isTitleWord(before.folded, cues));
    return cued && named.length >= 2 && named.length <= 3 && words.length === named.length ? 'person' : 'unknown';
  }
  for (const w of named) if (startsWithAny(w.folded, cues.organization)) return 'organization';
  for (const w of named) if (startsWithAny(w.folded, cues.place)) return 'place';
  if (named.length < 2 || named.length > 3 || words.length !== named.length) return 'unknown';
  if (!named.every((w) => !w.upper && LATIN_OR_CYRILLIC.test(text.slice(w.start, w.end)))) return 'unknown';
  const cued = before !== undefined && !words[0]!.breakBefore && (cues.personBefore.has(before.folded) || isTitleWord(before.folded, cues));
  // A common word or a brand among them makes a phrase ("said Twelve Russian officers"), whatever cues it.
  if (named.some((w) => common(w) || INNER_CAPITAL.test(text.slice(w.start, w.end)))) return 'unknown';
  if (cued || lastWordElsewhere) return 'person';
  // Otherwise two or three plain capitalised words mid-sentence are most often a person's name.
  return NOUN_CAPITALISING.has(lang.slice(0, 2)) ? 'unknown' : 'person';
}
