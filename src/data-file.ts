import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InputError } from './errors.js';

/**
 * Reads a JSON data file (taxonomy, concepts, gazetteer, topic model, cadences) and validates it with
 * its zod schema. One way to fail for all of them: an InputError naming the file, what it holds and the
 * first bad field, e.g. "digests/topics.json: invalid topic taxonomy at topics.0.slug: …".
 */
export function readJsonFile<S extends z.ZodType>(path: string, what: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(path, `cannot read the ${what}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(path, `invalid ${what} at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
