/** How many values two ascending arrays of numbers share (each array without repeats). */
export function sharedCount(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared;
}
