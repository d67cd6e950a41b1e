import type { CoreConfig, TranslateProviderName } from '../config.js';
import { InputError } from '../errors.js';
import { deepl } from './deepl.js';
import { demoTranslator } from './demo-translator.js';
import { libreTranslate } from './libretranslate.js';
import { openAiChat } from './openai-chat.js';
import type { Translator } from './translator.js';

type TranslateConfig = Pick<CoreConfig, 'TRANSLATE_PROVIDER' | 'TRANSLATE_URL' | 'TRANSLATE_API_KEY' | 'TRANSLATE_MODEL' | 'DEEPL_API_KEY' | 'DEEPL_API_URL'>;

/** The translator TRANSLATE_PROVIDER names, or null when unset (translation off). Missing settings are errors naming the variable. */
export function createTranslator(config: TranslateConfig, fetchFn: typeof fetch = fetch): Translator | null {
  const need = (name: keyof TranslateConfig): string => {
    const value = config[name];
    if (!value) throw new InputError(`environment variable ${name}`, `is required with TRANSLATE_PROVIDER=${config.TRANSLATE_PROVIDER}`);
    return value;
  };
  if (!config.TRANSLATE_PROVIDER) return null;
  const factories: Record<TranslateProviderName, () => Translator> = {
    libretranslate: () => libreTranslate({ url: need('TRANSLATE_URL'), apiKey: config.TRANSLATE_API_KEY, fetch: fetchFn }),
    deepl: () => deepl({ apiKey: need('DEEPL_API_KEY'), url: config.DEEPL_API_URL, fetch: fetchFn }),
    openai: () => openAiChat({ url: need('TRANSLATE_URL'), model: need('TRANSLATE_MODEL'), apiKey: config.TRANSLATE_API_KEY, fetch: fetchFn }),
    demo: () => demoTranslator(),
  };
  return factories[config.TRANSLATE_PROVIDER]();
}
