/**
 * The story grouper's candidate index: index key (shared name, entity, date, SimHash band...) →
 * stories whose members have it. Keys are interned as small integers (`internKeys`, once per item)
 * and stories are numbered inside the index, so adding a posting and counting the keys an item
 * shares with each story touch typed arrays only: the index is rebuilt for every batch (500 known
 * items), and its maps and sets of strings were a quarter of story grouping.
 */

/** Key string → id, shared by every index; reset (and its generation bumped) by the next index once it grows past KEY_LIMIT. */
const keyIds = new Map<string, number>();
const KEY_LIMIT = 1 << 20;
let generation = 1;

/** Ids of index keys, valid while `keyGeneration()` is unchanged. */
export function internKeys(keys: readonly string[]): Int32Array {
  const ids = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    let id = keyIds.get(keys[i]!);
    if (id === undefined) keyIds.set(keys[i]!, (id = keyIds.size));
    ids[i] = id;
  }
  return ids;
}

/** Changes when interned ids are given out afresh: key ids from an older generation must be interned again. */
export function keyGeneration(): number {
  return generation;
}

/**
 * Per key id (module-wide scratch, stamped with the index that wrote it, so a new index needs no
 * clearing): the first and last posting and the number of postings. Only the newest index may be used.
 */
let keyStamp = new Int32Array(1024);
let keyHead = new Int32Array(1024);
let keyTail = new Int32Array(1024);
let keyCount = new Int32Array(1024);
/** Postings as a linked list per key, in the order added (the order `top` reports ties in). */
let postStory = new Int32Array(4096);
let postNext = new Int32Array(4096);
let posts = 0;
/** (key, story) pairs present, open addressing with stamps. */
let pairKey = new Int32Array(1 << 16);
let pairStory = new Int32Array(1 << 16);
let pairStamp = new Int32Array(1 << 16);
let pairs = 0;
let lastIndex = 0;

function growKeys(id: number): void {
  let size = keyStamp.length;
  while (size <= id) size *= 2;
  const grow = (a: Int32Array) => {
    const b = new Int32Array(size);
    b.set(a);
    return b;
  };
  keyStamp = grow(keyStamp);
  keyHead = grow(keyHead);
  keyTail = grow(keyTail);
  keyCount = grow(keyCount);
}

function pairSlot(key: number, story: number, mask: number): number {
  let h = Math.imul(key, 0x9e3779b1) ^ Math.imul(story, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 13)) & mask;
}

export class StoryIndex {
  private readonly numbers = new Map<string, number>();
  private readonly names: string[] = [];
  private counts = new Int32Array(256);
  private readonly touched: number[] = [];
  private readonly stamp: number;

  /** `maxPostings`: stories kept per key (a key most stories share says little). */
  constructor(private readonly maxPostings: number) {
    // Ids are given out afresh only between two indexes, never while one is being filled or read.
    if (keyIds.size > KEY_LIMIT) {
      keyIds.clear();
      generation++;
    }
    this.stamp = ++lastIndex;
    posts = 0;
    pairs = 0;
  }

  private numberOf(story: string): number {
    let n = this.numbers.get(story);
    if (n === undefined) {
      n = this.names.length;
      this.numbers.set(story, n);
      this.names.push(story);
      if (n >= this.counts.length) {
        const grown = new Int32Array(this.counts.length * 2);
        grown.set(this.counts);
        this.counts = grown;
      }
    }
    return n;
  }

  private check(): void {
    if (this.stamp !== lastIndex) throw new Error('StoryIndex: a newer index replaced this one');
  }

  /** Posts `story` under every key of `keys` (interned ids), once per key. */
  addAll(keys: Int32Array, story: string): void {
    this.check();
    let n = -1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (key >= keyStamp.length) growKeys(key);
      if (keyStamp[key] !== this.stamp) {
        keyStamp[key] = this.stamp;
        keyHead[key] = -1;
        keyTail[key] = -1;
        keyCount[key] = 0;
      }
      if (keyCount[key]! >= this.maxPostings) continue;
      if (n < 0) n = this.numberOf(story);
      if (!this.addPair(key, n)) continue;
      if (posts === postStory.length) {
        const s = new Int32Array(posts * 2);
        s.set(postStory);
        postStory = s;
        const x = new Int32Array(posts * 2);
        x.set(postNext);
        postNext = x;
      }
      postStory[posts] = n;
      postNext[posts] = -1;
      if (keyTail[key] === -1) keyHead[key] = posts;
      else postNext[keyTail[key]!] = posts;
      keyTail[key] = posts;
      keyCount[key]!++;
      posts++;
    }
  }

  /** Records (key, story); false when it was there already. */
  private addPair(key: number, story: number): boolean {
    if (2 * (pairs + 1) > pairKey.length) this.growPairs();
    const mask = pairKey.length - 1;
    let s = pairSlot(key, story, mask);
    while (pairStamp[s] === this.stamp) {
      if (pairKey[s] === key && pairStory[s] === story) return false;
      s = (s + 1) & mask;
    }
    pairStamp[s] = this.stamp;
    pairKey[s] = key;
    pairStory[s] = story;
    pairs++;
    return true;
  }

  private growPairs(): void {
    const oldKey = pairKey;
    const oldStory = pairStory;
    const oldStamp = pairStamp;
    pairKey = new Int32Array(oldKey.length * 2);
    pairStory = new Int32Array(oldKey.length * 2);
    pairStamp = new Int32Array(oldKey.length * 2);
    const mask = pairKey.length - 1;
    for (let i = 0; i < oldKey.length; i++) {
      if (oldStamp[i] !== this.stamp) continue;
      let s = pairSlot(oldKey[i]!, oldStory[i]!, mask);
      while (pairStamp[s] === this.stamp) s = (s + 1) & mask;
      pairStamp[s] = this.stamp;
      pairKey[s] = oldKey[i]!;
      pairStory[s] = oldStory[i]!;
    }
  }

  /**
   * The (at most `max`) stories sharing the most keys with `keyLists`, each (key, story) posting
   * counted once per list entry; ties by story id. With no more than `max` stories hit, all of them
   * in the order first hit. `resolve` maps a story to the one it was merged into; `exclude` is
   * never returned.
   */
  top(keyLists: readonly Int32Array[], max: number, resolve?: (story: string) => string, exclude?: string): string[] {
    this.check();
    const { touched, names } = this;
    let counts = this.counts;
    for (const keys of keyLists) {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (key >= keyStamp.length || keyStamp[key] !== this.stamp) continue;
        for (let p = keyHead[key]!; p !== -1; p = postNext[p]!) {
          let n = postStory[p]!;
          if (resolve) {
            n = this.numberOf(resolve(names[n]!));
            // Numbering a new story may have grown the counts array.
            counts = this.counts;
          }
          if (counts[n] === 0) touched.push(n);
          counts[n]!++;
        }
      }
    }
    const hit = exclude === undefined ? touched : touched.filter((n) => names[n] !== exclude);
    const chosen = hit.length <= max ? hit.slice() : hit.slice().sort((x, y) => counts[y]! - counts[x]! || (names[x]! < names[y]! ? -1 : 1)).slice(0, max);
    for (const n of touched) counts[n] = 0;
    touched.length = 0;
    return chosen.map((n) => names[n]!);
  }
}
