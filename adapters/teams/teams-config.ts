import { ADAPTER_ENV, isEnvSet, loadEnv, type Env } from '../../src/config.js';
import { InputError } from '../../src/errors.js';

/**
 * The Bot Framework's standard variables (schema in src/config.ts). The password stays in this object
 * only: it is never logged (describe() and logs print whether it is set, never its value).
 */
export type TeamsConfig = Pick<Env, (typeof ADAPTER_ENV.teams)[number]>;

export function loadTeamsConfig(env: NodeJS.ProcessEnv): TeamsConfig {
  const config = loadEnv(env, ADAPTER_ENV.teams);
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
  return isEnvSet(env, 'MicrosoftAppId');
}
