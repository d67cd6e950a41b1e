import { z } from 'zod';
import { postJson, type Translator } from './translator.js';

// POST {url}/translate {q: [...], source, target, format: 'text', api_key?} -> {translatedText: [...]}.
const Answer = z.object({ translatedText: z.union([z.string(), z.array(z.string())]) });

/** A (self-hosted) LibreTranslate server's /translate API. */
export function libreTranslate(options: { url: string; apiKey?: string; fetch?: typeof fetch }): Translator {
  const endpoint = new URL('translate', options.url.endsWith('/') ? options.url : `${options.url}/`).toString();
  return {
    provider: 'LibreTranslate',
    maxTexts: 25,
    maxChars: 5000,
    async translate(texts, source, target, signal) {
      const body = { q: texts, source, target, format: 'text', ...(options.apiKey ? { api_key: options.apiKey } : {}) };
      const answer = Answer.parse(await postJson(options.fetch ?? fetch, 'LibreTranslate', endpoint, body, {}, signal));
      const out = Array.isArray(answer.translatedText) ? answer.translatedText : [answer.translatedText];
      if (out.length !== texts.length) throw new Error(`LibreTranslate returned ${out.length} texts for ${texts.length}`);
      return out;
    },
  };
}
