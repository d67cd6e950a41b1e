import { z } from 'zod';
import { postJson, type Translator } from './translator.js';

// POST {url}/chat/completions {model, messages, temperature} -> {choices: [{message: {content}}]}
// (OpenAI's API as Ollama, vLLM, llama.cpp and others serve it).
const Answer = z.object({ choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1) });
const Texts = z.array(z.string());

/** Any OpenAI-compatible chat endpoint, asked to return the translations as a JSON array. */
export function openAiChat(options: { url: string; model: string; apiKey?: string; fetch?: typeof fetch }): Translator {
  const endpoint = new URL('chat/completions', options.url.endsWith('/') ? options.url : `${options.url}/`).toString();
  return {
    provider: options.model,
    maxTexts: 20,
    maxChars: 6000,
    async translate(texts, source, target, signal) {
      const body = {
        model: options.model,
        temperature: 0,
        messages: [
          {
            role: 'system',
            content:
              'You translate news text. Translate each string of the JSON array the user sends from the language with ISO 639-1 code ' +
              `"${source}" into the language with code "${target}". Keep names, numbers and dates exactly. Answer with only a JSON array ` +
              'of the translated strings, in the same order and of the same length, and nothing else.',
          },
          { role: 'user', content: JSON.stringify(texts) },
        ],
      };
      const headers: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
      const answer = Answer.parse(await postJson(options.fetch ?? fetch, options.model, endpoint, body, headers, signal));
      const content = answer.choices[0]!.message.content ?? '';
      // Models sometimes wrap the array in a code fence: read the outermost [...].
      const array = content.slice(content.indexOf('['), content.lastIndexOf(']') + 1);
      const out = Texts.parse(JSON.parse(array));
      if (out.length !== texts.length) throw new Error(`${options.model} returned ${out.length} texts for ${texts.length}`);
      return out;
    },
  };
}
