/**
 * Entities of an item: gazetteer names in any language (longest match wins, so "Eugene
 * Kaspersky" is the person and not the company), then unknown capitalised multi-word names in
 * Latin and Cyrillic script, reported as type 'unknown' with id `x:<folded-words>`.
 */
import type { EntityMention } from '../items/item.js';
import type { Gazetteer } from './entity-gazetteer.js';
import type { PhraseMatch } from './phrase-index.js';
import { prepareText, type PreparedText } from './prepared-text.js';
import type { ScannedToken } from './text-scanner.js';

export interface EntityInput {
  title: string;
  content: string;
  lang: string;
}

const NAME_SCRIPT = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}\p{N}]+$/u;
/** Lower-case particles that occur inside names ("World Forum for Democracy", "Ursula von der Leyen"). */
const NAME_PARTICLES = new Set(['of', 'for', 'de', 'du', 'des', 'la', 'le', 'von', 'van', 'der', 'den', 'da', 'do', 'dos', 'das', 'di', 'del', 'della', 'fur', 'zu', 'al', 'bin', 'ibn']);
const MAX_UNKNOWN_WORDS = 6;

/**
 * Non-overlapping matches, longest first, then the tightest ("Conseil européen" is the European
 * Council's exact name, and only an inflected reading of "Conseil de l'Europe"), then leftmost;
 * returned in text order.
 */
function resolveOverlaps(matches: PhraseMatch<number>[]): PhraseMatch<number>[] {
  const sorted = [...matches].sort((a, b) => b.last - b.first - (a.last - a.first) || a.slack - b.slack || a.first - b.first);
  const kept: PhraseMatch<number>[] = [];
  for (const m of sorted) if (!kept.some((k) => m.first <= k.last && k.first <= m.last)) kept.push(m);
  return kept.sort((a, b) => a.first - b.first);
}

function surface(text: string, tokens: readonly ScannedToken[], first: number, last: number): string {
  return text.slice(tokens[first].start, tokens[last].end);
}

function gazetteerMentions(prepared: PreparedText, gazetteer: Gazetteer, covered: Set<ScannedToken>): EntityMention[] {
  const out: EntityMention[] = [];
  const tokens = prepared.content;
  for (const m of resolveOverlaps(gazetteer.index.match(tokens))) {
    const entity = gazetteer.entities[m.pattern.data];
    for (let i = m.first; i <= m.last; i++) covered.add(tokens[i]);
    out.push({ id: entity.id, name: entity.name, type: entity.type, surface: surface(prepared.text, tokens, m.first, m.last) });
  }
  return out;
}

function isNameWord(t: ScannedToken, text: string): boolean {
  return t.cap && !t.cjk && t.end - t.start >= 2 && NAME_SCRIPT.test(text.slice(t.start, t.end));
}

/**
 * Capitalised sequences of two or more name words, joined by single lower-case name particles
 * ("World Forum for Democracy"). A sentence's first word starts a name only if it is not a
 * stop word and does not also appear in lower case in the text.
 */
function unknownMentions(prepared: PreparedText, covered: Set<ScannedToken>, lowerWords: () => Set<string>): EntityMention[] {
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
      if (NAME_PARTICLES.has(next.folded) && !next.cap && after && !after.breakBefore && !covered.has(after) && isNameWord(after, text)) {
        words.push(next, after);
        j += 2;
        continue;
      }
      break;
    }
    const nameWords = words.filter((w) => w.cap).length;
    if (nameWords >= 2) {
      const name = text.slice(words[0].start, words[words.length - 1].end);
      out.push({ id: 'x:' + words.map((w) => w.folded).join('-'), name, type: 'unknown', surface: name });
    }
    i = j;
  }
  return out;
}

function lowerCaseWords(parts: PreparedText[]): Set<string> {
  const set = new Set<string>();
  for (const p of parts) for (const t of p.tokens) if (!t.cap) set.add(t.folded);
  return set;
}

/** Entities named in an item, one per id (first surface kept): gazetteer entities in order of first mention, then unknown names. */
export function extractEntities(input: EntityInput, gazetteer: Gazetteer, options: { unknown?: boolean } = {}): EntityMention[] {
  const parts = [prepareText(input.title), prepareText(input.content)];
  const found: EntityMention[] = [];
  const coveredByPart = parts.map(() => new Set<ScannedToken>());
  parts.forEach((p, k) => found.push(...gazetteerMentions(p, gazetteer, coveredByPart[k])));
  if (options.unknown ?? true) {
    // Built only when a sentence starts with a capitalised word that could begin a name.
    let lower: Set<string> | undefined;
    const lowerWords = () => (lower ??= lowerCaseWords(parts));
    parts.forEach((p, k) => found.push(...unknownMentions(p, coveredByPart[k], lowerWords)));
  }
  const seen = new Set<string>();
  return found.filter((e) => !seen.has(e.id) && seen.add(e.id));
}

/** Canonical ids of gazetteer entities named in what a user typed (case-insensitive). */
export function entityIdsIn(words: string, gazetteer: Gazetteer): string[] {
  const prepared = prepareText(words);
  const ids = resolveOverlaps(gazetteer.index.match(prepared.content, true)).map((m) => gazetteer.entities[m.pattern.data].id);
  return [...new Set(ids)];
}
