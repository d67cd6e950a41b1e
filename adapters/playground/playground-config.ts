import { z } from 'zod';
import { InputError } from '../../src/errors.js';

const schema = z.object({
  PLAYGROUND: z.enum(['0', '1', 'true', 'false', '']).optional(),
  PLAYGROUND_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HOST: z.string().default('127.0.0.1'),
});

export interface PlaygroundConfig {
  /** Explicit PLAYGROUND=1 / PLAYGROUND=0, or undefined to decide by credentials. */
  forced: boolean | undefined;
  token: string | undefined;
  host: string;
}

export function loadPlaygroundConfig(env: NodeJS.ProcessEnv): PlaygroundConfig {
  const parsed = schema.safeParse({ PLAYGROUND: env.PLAYGROUND, PLAYGROUND_TOKEN: env.PLAYGROUND_TOKEN || undefined, HOST: env.HOST || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`environment variable ${String(issue.path[0])}`, issue.message);
  }
  const flag = parsed.data.PLAYGROUND;
  return {
    forced: flag === undefined || flag === '' ? undefined : flag === '1' || flag === 'true',
    token: parsed.data.PLAYGROUND_TOKEN,
    host: parsed.data.HOST,
  };
}

/** Hosts that keep the server on this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
