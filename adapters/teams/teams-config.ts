import { z } from 'zod';
import { InputError } from '../../src/errors.js';

/**
 * The Bot Framework's standard variables. The password stays in this object only: it is never logged
 * (describe() and logs print whether it is set, never its value).
 */
const TeamsEnvSchema = z.object({
  MicrosoftAppId: z.string().trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the bot\'s Microsoft App ID (a GUID)').optional(),
  MicrosoftAppPassword: z.string().min(1).optional(),
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MicrosoftAppTenantId: z.string().trim().min(1).optional(),
});

export type TeamsConfig = z.infer<typeof TeamsEnvSchema>;

export function loadTeamsConfig(env: NodeJS.ProcessEnv): TeamsConfig {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(TeamsEnvSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') picked[key] = value;
  }
  const parsed = TeamsEnvSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`environment variable ${String(issue.path[0])}`, issue.message);
  }
  const config = parsed.data;
  if (config.MicrosoftAppId) {
    if (config.MicrosoftAppType !== 'UserAssignedMSI' && !config.MicrosoftAppPassword) {
      throw new InputError('environment variable MicrosoftAppPassword', 'is required when MicrosoftAppId is set (the bot\'s client secret)');
    }
    if (config.MicrosoftAppType !== 'MultiTenant' && !config.MicrosoftAppTenantId) {
      throw new InputError('environment variable MicrosoftAppTenantId', `is required for MicrosoftAppType=${config.MicrosoftAppType} (the Entra ID tenant the bot is registered in)`);
    }
  }
  return config;
}

/** True when the environment names a bot registration (then every request must carry a valid JWT). */
export function hasTeamsCredentials(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.MicrosoftAppId?.trim());
}
