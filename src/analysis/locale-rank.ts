/**
 * Tie-breaks by `localeCompare` on a fixed list of names (topic slugs), precomputed: each name's
 * rank in localeCompare order, names that compare equal sharing one. Comparing two ranks gives the
 * sign localeCompare gives, so a sort orders exactly as before, without an ICU collation per
 * comparison (the topic decision sorted its topics that way for every item).
 */
const ranks = new WeakMap<readonly unknown[], Int32Array>();

/** Rank of each entry of `list` (by `name`), in list order; memoised on the (unchanging) list. */
export function localeRanks<T>(list: readonly T[], name: (entry: T) => string): Int32Array {
  let rank = ranks.get(list);
  if (rank === undefined) {
    const order = list.map((entry, i) => ({ i, name: name(entry) })).sort((a, b) => a.name.localeCompare(b.name));
    rank = new Int32Array(list.length);
    let r = 0;
    for (let k = 0; k < order.length; k++) {
      if (k > 0 && order[k]!.name.localeCompare(order[k - 1]!.name) !== 0) r++;
      rank[order[k]!.i] = r;
    }
    ranks.set(list, rank);
  }
  return rank;
}
