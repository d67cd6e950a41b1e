/**
 * 64-bit SimHash over word shingles, for near-duplicate text within a language.
 * Kept as two 32-bit halves so it runs on plain numbers (no BigInt in the hot path).
 */
import { sharedCount } from './sorted-intersection.js';

const EMPTY = '0000000000000000';

/** FNV-1a 32-bit with a seed; two seeds make the 64 bits. */
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (from murmur3) so similar shingles do not share high bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Tokens as a sorted set of 32-bit hashes: a compact stand-in for the token set. */
export function tokenHashes(tokens: Iterable<string>): Uint32Array {
  // Hash into a typed array, sort it, drop repeats in place: no Set, no iterator objects.
  const list = Array.isArray(tokens) ? (tokens as readonly string[]) : [...tokens];
  const n = list.length;
  if (n === 0) return new Uint32Array(0);
  const hashes = new Uint32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = fnv1a(list[i]!, 0x2545f491);
  hashes.sort();
  let unique = 1;
  for (let i = 1; i < n; i++) if (hashes[i] !== hashes[unique - 1]) hashes[unique++] = hashes[i]!;
  return unique === n ? hashes : hashes.slice(0, unique);
}

/** Whether a sorted hash set holds `h` (binary search). */
export function hasHash(set: Uint32Array, h: number): boolean {
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = set[mid]!;
    if (v === h) return true;
    if (v < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Jaccard similarity of two sorted hash sets. */
export function hashJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  const shared = sharedCount(a, b);
  return shared / (a.length + b.length - shared);
}

/**
 * SimHash of normalised tokens, as 16 hex digits ('0000000000000000' for no tokens). Features are
 * single words plus word pairs: news items are short, and shingles alone make one edited word
 * flip too many bits. Each word is hashed once; a pair's hash mixes its two words' hashes.
 */
export function simhash(tokens: readonly string[]): string {
  if (tokens.length === 0) return EMPTY;
  const n = tokens.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    hi[i] = fnv1a(tokens[i]!, 0x9747b28c);
    lo[i] = fnv1a(tokens[i]!, 0x5bd1e995);
  }
  // Votes per bit, counted by nibble: a histogram of each feature's 16 nibbles (16 increments per
  // feature instead of 64), then each bit's ones summed from the histograms. Same votes, same hash.
  const hist = new Int32Array(256);
  const count = (h: number, l: number) => {
    for (let k = 0; k < 8; k++) {
      hist[k * 16 + ((h >>> (4 * k)) & 15)]!++;
      hist[(8 + k) * 16 + ((l >>> (4 * k)) & 15)]!++;
    }
  };
  for (let i = 0; i < n; i++) count(hi[i]!, lo[i]!);
  for (let i = 0; i + 1 < n; i++) count(mix(hi[i]!, hi[i + 1]!), mix(lo[i]!, lo[i + 1]!));
  const features = 2 * n - 1;
  const ones = new Int32Array(64);
  for (let k = 0; k < 16; k++) {
    for (let v = 1; v < 16; v++) {
      const c = hist[k * 16 + v]!;
      if (c === 0) continue;
      for (let j = 0; j < 4; j++) if ((v >>> j) & 1) ones[4 * k + j]! += c;
    }
  }
  let h = 0;
  let l = 0;
  for (let b = 0; b < 32; b++) {
    // A bit's vote is ones - zeros = 2 * ones - features.
    if (2 * ones[b]! > features) h |= 1 << b;
    if (2 * ones[32 + b]! > features) l |= 1 << b;
  }
  return (h >>> 0).toString(16).padStart(8, '0') + (l >>> 0).toString(16).padStart(8, '0');
}

/** Order-sensitive combination of two 32-bit hashes (murmur3 finaliser). */
function mix(a: number, b: number): number {
  let h = (Math.imul(a, 0x9e3779b1) ^ b) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function popcount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Value of one lower-case hex digit from its char code ('0'–'9', 'a'–'f'). */
function hexDigit(code: number): number {
  return code <= 57 ? code - 48 : code - 87;
}

/**
 * Number of differing bits between two SimHashes (0–64). Called for every pair story grouping
 * scores: XOR digit by digit from char codes, with no substrings or parsing to allocate.
 */
export function hammingDistance(a: string, b: string): number {
  let bits = 0;
  for (let i = 0; i < 16; i++) bits += popcount(hexDigit(a.charCodeAt(i)) ^ hexDigit(b.charCodeAt(i)));
  return bits;
}

const SIMHASH_HEX = /^[0-9a-f]{16}$/;

/**
 * A SimHash's two 32-bit halves as numbers (high first): Hamming distance is then two XORs.
 * Undefined for anything but the 16 lower-case hex digits `simhash` writes (hammingDistance decides then).
 */
export function simhashHalves(hash: string): Uint32Array | undefined {
  if (!SIMHASH_HEX.test(hash)) return undefined;
  return Uint32Array.of(parseInt(hash.slice(0, 8), 16), parseInt(hash.slice(8, 16), 16));
}

export function isEmptySimhash(hash: string): boolean {
  return hash === EMPTY;
}
