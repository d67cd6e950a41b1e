/**
 * 64-bit SimHash over word shingles, for near-duplicate text within a language.
 * Kept as two 32-bit halves so it runs on plain numbers (no BigInt in the hot path).
 */

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
  const set = new Set<number>();
  for (const t of tokens) set.add(fnv1a(t, 0x2545f491));
  return Uint32Array.from(set).sort();
}

/** Jaccard similarity of two sorted hash sets. */
export function hashJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Word shingles of `size` tokens (the whole list when shorter). */
export function shingles(tokens: readonly string[], size = 3): string[] {
  if (tokens.length === 0) return [];
  if (tokens.length <= size) return [tokens.join(' ')];
  const out: string[] = [];
  for (let i = 0; i + size <= tokens.length; i++) out.push(tokens.slice(i, i + size).join(' '));
  return out;
}

/**
 * SimHash of normalised tokens, as 16 hex digits ('0000000000000000' for no tokens). Features are
 * single words plus word shingles: news items are short, and shingles alone make one edited word
 * flip too many bits.
 */
export function simhash(tokens: readonly string[], shingleSize = 2): string {
  const parts = tokens.length > shingleSize ? [...tokens, ...shingles(tokens, shingleSize)] : shingles(tokens, shingleSize);
  if (parts.length === 0) return EMPTY;
  const votes = new Int32Array(64);
  for (const part of parts) {
    const hi = fnv1a(part, 0x9747b28c);
    const lo = fnv1a(part, 0x5bd1e995);
    for (let b = 0; b < 32; b++) {
      votes[b] += (hi >>> b) & 1 ? 1 : -1;
      votes[32 + b] += (lo >>> b) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if (votes[b]! > 0) hi |= 1 << b;
    if (votes[32 + b]! > 0) lo |= 1 << b;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

function popcount(n: number): number {
  n -= (n >>> 1) & 0x55555555;
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return (Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Number of differing bits between two SimHashes (0–64). */
export function hammingDistance(a: string, b: string): number {
  const ahi = parseInt(a.slice(0, 8), 16);
  const alo = parseInt(a.slice(8, 16), 16);
  const bhi = parseInt(b.slice(0, 8), 16);
  const blo = parseInt(b.slice(8, 16), 16);
  return popcount((ahi ^ bhi) >>> 0) + popcount((alo ^ blo) >>> 0);
}

export function isEmptySimhash(hash: string): boolean {
  return hash === EMPTY;
}
