/**
 * A repository's write count, for in-process caches of its reads: it moves before and after every
 * write, so a cache keeps nothing read while it moved (such a read may or may not include the write).
 */
export class WriteCount {
  private n = 0;

  get value(): number {
    return this.n;
  }

  /** Runs `write` with the count moved before it starts and after it ends (or fails). */
  async around<T>(write: () => Promise<T>): Promise<T> {
    this.n++;
    try {
      return await write();
    } finally {
      this.n++;
    }
  }
}
