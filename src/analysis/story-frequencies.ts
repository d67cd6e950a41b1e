import type { StoryFacts } from './story-grouper.js';

/**
 * In how many of the items being grouped each name, name skeleton and entity occurs: what the
 * story grouper weighs shared evidence by. Kept across batches (the analyser holds one): a batch's
 * items are mostly the last batch's known items again, so only the items that came or went are
 * counted, instead of all 600 every time. The counts equal a fresh count of the same items.
 */
export class StoryFrequencies {
  /** The items counted, with how often each was listed. */
  private members = new Map<StoryFacts, number>();
  readonly names = new Map<number, number>();
  readonly skeletons = new Map<number, number>();
  readonly entities = new Map<string, number>();

  /** Make the counts those of `all` (an item listed twice counts twice). */
  count(all: readonly StoryFacts[]): void {
    const next = new Map<StoryFacts, number>();
    for (const f of all) next.set(f, (next.get(f) ?? 0) + 1);
    for (const [f, times] of this.members) {
      const gone = times - (next.get(f) ?? 0);
      if (gone > 0) this.add(f, -gone);
    }
    for (const [f, times] of next) {
      const came = times - (this.members.get(f) ?? 0);
      if (came > 0) this.add(f, came);
    }
    this.members = next;
  }

  private add(f: StoryFacts, by: number): void {
    for (const h of f.names) bump(this.names, h, by);
    if (f.skeletons) for (const h of f.skeletons) bump(this.skeletons, h, by);
    for (const id of f.entities.keys()) bump(this.entities, id, by);
  }
}

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
}
