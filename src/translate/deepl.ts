import { z } from 'zod';
import { postJson, type Translator } from './translator.js';

// POST /v2/translate, Authorization: DeepL-Auth-Key <key>, {text: [...], source_lang, target_lang}
// -> {translations: [{detected_source_language, text}]}. At most 50 texts and 128 KiB per request.
const Answer = z.object({ translations: z.array(z.object({ text: z.string() })) });

/** DeepL's endpoint for a key: API Free keys end in ":fx". */
export function deeplEndpoint(apiKey: string): string {
  return apiKey.endsWith(':fx') ? 'https://api-free.deepl.com/v2/translate' : 'https://api.deepl.com/v2/translate';
}

// DeepL asks for a variant for English and Portuguese targets.
const TARGETS: Record<string, string> = { en: 'EN-GB', pt: 'PT-PT', zh: 'ZH-HANS' };

export function deepl(options: { apiKey: string; url?: string; fetch?: typeof fetch }): Translator {
  const endpoint = options.url ?? deeplEndpoint(options.apiKey);
  return {
    provider: 'DeepL',
    maxTexts: 50,
    // Well under the 128 KiB request limit, counted in UTF-16 units (up to 3 bytes each in UTF-8).
    maxChars: 30_000,
    async translate(texts, source, target, signal) {
      const body = { text: texts, source_lang: source.toUpperCase(), target_lang: TARGETS[target] ?? target.toUpperCase() };
      const answer = Answer.parse(await postJson(options.fetch ?? fetch, 'DeepL', endpoint, body, { authorization: `DeepL-Auth-Key ${options.apiKey}` }, signal));
      if (answer.translations.length !== texts.length) throw new Error(`DeepL returned ${answer.translations.length} texts for ${texts.length}`);
      return answer.translations.map((t) => t.text);
    },
  };
}
