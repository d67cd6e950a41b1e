import { z } from 'zod';
import { readJsonFile } from '../data-file.js';
import { fromRoot } from '../package-root.js';
import { isValidTimeZone } from './next-due-time.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

const CadenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weekly'), day: z.number().int().min(0).max(6), time }),
  z.object({ kind: z.literal('daily'), time }),
  z.object({ kind: z.literal('off') }),
]);

/** digests/cadences.json: the default schedule and digest limits. */
export const DigestSettingsSchema = z
  .object({
    version: z.literal(1),
    defaultCadence: CadenceSchema,
    defaultTimeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone'),
    /** The first digest of a channel covers this many days. */
    firstDigestDays: z.number().int().min(1).max(90),
    limits: z.object({
      maxStories: z.number().int().min(1),
      perTopic: z.number().int().min(1),
      /** No channel setting may exceed this (message size limits on every platform). */
      hardMaxStories: z.number().int().min(1).max(50),
      /** Items read per digest before ranking. */
      candidateItems: z.number().int().min(10).max(10_000),
    }),
  })
  .refine((s) => s.limits.maxStories <= s.limits.hardMaxStories, 'limits.maxStories must not exceed limits.hardMaxStories');

export type DigestSettings = z.infer<typeof DigestSettingsSchema>;

let cached: DigestSettings | undefined;

/** Load and validate digests/cadences.json (or `path`); errors name the file and the field. */
export function loadDigestSettings(customPath?: string): DigestSettings {
  if (cached && !customPath) return cached;
  const path = customPath ?? fromRoot('digests', 'cadences.json');
  const settings = readJsonFile(path, 'digest settings', DigestSettingsSchema);
  if (!customPath) cached = settings;
  return settings;
}
