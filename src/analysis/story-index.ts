/**
 * The story grouper's candidate index: index key (shared name, entity, date, SimHash band...) →
 * stories whose members have it. Stories are numbered inside the index, so postings are sets of
 * small integers and counting the keys an item shares with each story fills a typed array instead
 * of a string-keyed map: this counting runs for every fresh item and every merge check.
 */
export class StoryIndex {
  private readonly postings = new Map<string, Set<number>>();
  private readonly numbers = new Map<string, number>();
  private readonly names: string[] = [];
  private counts = new Int32Array(256);
  private readonly touched: number[] = [];

  /** `maxPostings`: stories kept per key (a key most stories share says little). */
  constructor(private readonly maxPostings: number) {}

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

  add(key: string, story: string): void {
    let postings = this.postings.get(key);
    if (!postings) this.postings.set(key, (postings = new Set()));
    if (postings.size < this.maxPostings) postings.add(this.numberOf(story));
  }

  /**
   * The (at most `max`) stories sharing the most keys with `keyLists`, each (key, story) posting
   * counted once per list entry; ties by story id. With no more than `max` stories hit, all of them
   * in the order first hit. `resolve` maps a story to the one it was merged into; `exclude` is
   * never returned.
   */
  top(keyLists: readonly (readonly string[])[], max: number, resolve?: (story: string) => string, exclude?: string): string[] {
    const { touched, names } = this;
    let counts = this.counts;
    for (const keys of keyLists) {
      for (const key of keys) {
        const postings = this.postings.get(key);
        if (postings === undefined) continue;
        for (const posted of postings) {
          let n = posted;
          if (resolve) {
            n = this.numberOf(resolve(names[posted]!));
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
