import type { Translator } from './translator.js';

/**
 * TRANSLATE_PROVIDER=demo: a stand-in that tags each text with its languages instead of translating
 * it, so the whole path (cache, marks, "Show original") can be seen without any account. Clearly
 * labelled as a demonstration wherever it shows.
 */
export function demoTranslator(options: { delayMs?: number } = {}): Translator {
  return {
    provider: 'demo translator',
    demo: true,
    maxTexts: 50,
    maxChars: 50_000,
    async translate(texts, source, target, signal) {
      if (options.delayMs) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, options.delayMs);
          signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
        });
      }
      return texts.map((text) => `[${source}→${target}] ${text}`);
    },
  };
}
