import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock.js';
import { errorMessage } from '../errors.js';
import type { Item } from '../items/item.js';
import { fromRoot } from '../package-root.js';
import { parseInput } from './parse-input.js';
import { isInputFileName } from './read-inputs.js';
import { sourceIdForFile } from './source-id.js';

/** The bundled sample folder (digests/samples). */
export function samplesDir(): string {
  return fromRoot('digests', 'samples');
}

/**
 * Every sample file (text press releases, JSON Lines, feeds) through the normal importers, in name
 * order; README files and dotfiles are skipped. `serve` loads these into an empty store on first start.
 */
export async function loadSampleItems(
  options: { dir?: string; clock?: Clock; onProblem?: (path: string, message: string) => void } = {},
): Promise<{ path: string; items: Item[] }[]> {
  const dir = options.dir ?? samplesDir();
  const clock = options.clock ?? systemClock;
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && isInputFileName(e.name))
    .map((e) => e.name)
    .sort();
  const out: { path: string; items: Item[] }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    // A broken sample must not keep `serve` from starting: it is skipped and reported (the sample
    // test fails on it, so it never ships).
    try {
      const parsed = await parseInput(await readFile(path), { name: path, sourceId: sourceIdForFile(path), fetchedAt: clock.now() });
      for (const problem of parsed.rejected) options.onProblem?.(path, problem);
      out.push({ path, items: parsed.items });
    } catch (err) {
      options.onProblem?.(path, errorMessage(err));
    }
  }
  return out;
}
