import { ADAPTER_ENV, loadEnv, type TranslateProviderName } from '../../src/config.js';
import type { PlaygroundTranslation } from './playground-api.js';

export interface PlaygroundConfig {
  /** Explicit PLAYGROUND=1 / PLAYGROUND=0, or undefined to decide by credentials. */
  forced: boolean | undefined;
  token: string | undefined;
  host: string;
  /** TRANSLATE_PROVIDER as the page labels it; the demonstration translator is said to be one. Null: translation off. */
  translation: PlaygroundTranslation | null;
}

// Which providers only pretend to translate (the page labels them as a demonstration).
const DEMONSTRATION: Record<TranslateProviderName, boolean> = { libretranslate: false, deepl: false, openai: false, demo: true };

export function loadPlaygroundConfig(env: NodeJS.ProcessEnv): PlaygroundConfig {
  const config = loadEnv(env, [...ADAPTER_ENV.playground, 'HOST', 'TRANSLATE_PROVIDER']);
  const provider = config.TRANSLATE_PROVIDER;
  return {
    forced: config.PLAYGROUND,
    token: config.PLAYGROUND_TOKEN,
    host: config.HOST,
    translation: provider ? { provider, demo: DEMONSTRATION[provider] } : null,
  };
}

/** Hosts that keep the server on this machine only. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
