import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Where `serve` says how to reach it (src/cli/owner-endpoint.ts); mode 0600, removed when serve stops. */
export const OWNER_FILE = 'cyberpolicy.owner.json';

const OwnerAddressSchema = z.object({
  pid: z.number().int().positive(),
  port: z.number().int().min(1).max(65_535),
  secret: z.string().regex(/^[0-9a-f]{64}$/),
  startedAt: z.string(),
});
export type OwnerAddress = z.infer<typeof OwnerAddressSchema>;

export function ownerFilePath(dataDir: string): string {
  return join(resolve(dataDir), OWNER_FILE);
}

/** The owner's address, or 'missing' (not written yet, or removed), or 'denied' (another user's serve). */
export function readOwnerFile(dataDir: string): OwnerAddress | 'missing' | 'denied' {
  let text: string;
  try {
    text = readFileSync(ownerFilePath(dataDir), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'EACCES' || code === 'EPERM') return 'denied';
    throw err;
  }
  try {
    const parsed = OwnerAddressSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'missing';
  } catch {
    return 'missing';
  }
}
