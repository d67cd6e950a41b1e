/**
 * Script-independent keys for names, so one story told in several scripts can be tied by a name
 * the gazetteer does not know: "Kaspersky", "Касперский" and "كاسبرسكي" all give "kspsk"-like
 * consonant skeletons. Words are transliterated to ASCII (any-ascii), letters that scripts blur are
 * merged (p/b, v/w/f, c/k/q, s/z...), vowels after the first letter dropped, doubles collapsed.
 * Only skeletons of 4+ consonants are kept: shorter ones collide across unrelated words.
 */
import anyAscii from 'any-ascii';
import { tokenHashes } from './simhash.js';
import type { ScannedToken } from './text-scanner.js';

const MIN_SKELETON = 4;
const cache = new Map<string, string>();
const CACHE_LIMIT = 100_000;

const DIGRAPHS: [RegExp, string][] = [
  [/ph/g, 'f'], [/ck/g, 'k'], [/kh/g, 'k'], [/gh/g, 'g'], [/sh/g, 's'], [/ch/g, 'k'], [/th/g, 't'], [/dh/g, 'd'], [/ts/g, 's'], [/tz/g, 's'], [/x/g, 'ks'],
];
const MERGE: Record<string, string> = { p: 'b', v: 'b', w: 'b', f: 'b', c: 'k', q: 'k', g: 'k', z: 's', j: 'i', y: 'i', l: 'r' };

/** The consonant skeleton of one folded word, or '' when too short to tell names apart. */
export function skeleton(folded: string): string {
  let s = cache.get(folded);
  if (s !== undefined) return s;
  let ascii = anyAscii(folded).toLowerCase().replace(/[^a-z]/g, '');
  for (const [re, to] of DIGRAPHS) ascii = ascii.replace(re, to);
  let out = '';
  for (let i = 0; i < ascii.length; i++) {
    const c = MERGE[ascii[i]!] ?? ascii[i]!;
    if (i > 0 && 'aeiou'.includes(c)) continue;
    if ('aeiou'.includes(c) || c === 'i') {
      if (i === 0) out += 'a';
      continue;
    }
    if (out[out.length - 1] !== c) out += c;
  }
  s = out.replace(/^a/, '').length >= MIN_SKELETON ? out : '';
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(folded, s);
  return s;
}

/** Scripts without capitals: there every word may be a name. */
const CASELESS = /[\u0600-\u06ff\uac00-\ud7af]/;
const KATAKANA = /^[\u30a0-\u30ff]$/;

/**
 * Skeleton hashes (sorted, unique) of a text's words that may be names: capitalised inside a
 * sentence or in capitals, and every word of the scripts without capitals (Arabic, Hangul,
 * Katakana runs).
 */
export function skeletonKeys(tokens: readonly ScannedToken[], text: string): Uint32Array {
  const names: string[] = [];
  let katakana = '';
  const flushKatakana = () => {
    if (katakana.length >= 3) {
      const s = skeleton(katakana);
      if (s) names.push(s);
    }
    katakana = '';
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.cjk) {
      const ch = text.slice(t.start, t.end);
      const prev = tokens[i - 1];
      if (KATAKANA.test(ch) && ch !== '・') {
        if (prev && prev.cjk && prev.end !== t.start) flushKatakana();
        katakana += ch;
      } else flushKatakana();
      continue;
    }
    flushKatakana();
    if (t.stop || t.folded.length < 4) continue;
    if (!((t.cap && !t.sentenceStart) || t.upper || CASELESS.test(t.folded))) continue;
    const w = t.word;
    const s = w === null ? skeleton(t.folded) : (w.skeleton ??= skeleton(t.folded));
    if (s) names.push(s);
  }
  flushKatakana();
  return tokenHashes(names);
}
