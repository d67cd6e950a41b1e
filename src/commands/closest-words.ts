/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions, so "lsit" is 1 from
 * "list"), capped: stops early once it exceeds `max` (returns max + 1).
 */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to `limit` of `candidates` within a small edit distance of `word` (command keywords are short). */
export function closestWords(word: string, candidates: readonly string[], limit = 3): string[] {
  const w = word.toLowerCase();
  if (w.length < 2 || w.length > 40) return [];
  const max = w.length <= 4 ? 1 : 2;
  return candidates
    .map((c) => ({ c, d: editDistance(w, c.toLowerCase(), max) }))
    .filter((x) => x.d <= max)
    .sort((x, y) => x.d - y.d)
    .slice(0, limit)
    .map((x) => x.c);
}
