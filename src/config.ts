import { z } from 'zod';
import { InputError } from './errors.js';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

/** Core settings from the environment. Each adapter reads its own variables in its own config module. */
const CoreEnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  SAMPLES: flag.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FEED_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  FEED_POLL_MINUTES: z.coerce.number().positive().default(30),
  // Comma-separated hosts or CIDRs that the SSRF guard lets through (tests, intranet feeds).
  FETCH_ALLOW: z.string().default(''),
  ENCRYPTION_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  CYBERPOLICY_ADMINS: z.string().default(''),
  SCHEDULER: flag.default(true),
});

export type CoreConfig = z.infer<typeof CoreEnvSchema>;

export function loadCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(CoreEnvSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = CoreEnvSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`environment variable ${String(issue.path[0])}`, issue.message);
  }
  return parsed.data;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
