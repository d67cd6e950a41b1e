import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the fake answers the next requests. */
export type FakeMode = { kind: 'ok'; delayMs?: number } | { kind: 'slow'; delayMs: number } | { kind: '429'; retryAfter: string } | { kind: '500' };

export interface FakeProvider {
  url: string;
  mode: FakeMode;
  /** Every request body received (parsed JSON) and its authorization header. */
  requests: { body: Record<string, unknown>; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** The fake's "translation": the target code and the text, so tests can tell it from the original. */
export const fakeTranslation = (target: string, text: string) => `⟨${target}⟩ zzyzx ${text}`;

type Answer = (body: Record<string, unknown>, req: IncomingMessage) => { status: number; json: unknown };

async function start(path: string, answer: Answer): Promise<FakeProvider> {
  const state: FakeProvider = { url: '', mode: { kind: 'ok' }, requests: [], close: async () => {} };
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const reply = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (req.method !== 'POST' || req.url !== path || !/^application\/json/.test(req.headers['content-type'] ?? '')) return reply(404, { error: 'not found' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return reply(400, { error: 'bad json' });
      }
      state.requests.push({ body, authorization: req.headers.authorization });
      const mode = state.mode;
      if (mode.kind === '429') return reply(429, { error: 'Too many requests' }, { 'retry-after': mode.retryAfter });
      if (mode.kind === '500') return reply(500, { error: 'Internal error' });
      const delay = mode.delayMs ?? 0;
      setTimeout(() => {
        const { status, json } = answer(body, req);
        reply(status, json);
      }, delay);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** LibreTranslate: POST /translate {q: string[], source, target, format, api_key} -> {translatedText: string[]}. */
export function fakeLibreTranslate(apiKey?: string): Promise<FakeProvider> {
  return start('/translate', (body) => {
    if (apiKey !== undefined && body.api_key !== apiKey) return { status: 403, json: { error: 'Invalid API key' } };
    if (!Array.isArray(body.q) || typeof body.source !== 'string' || typeof body.target !== 'string' || body.format !== 'text') {
      return { status: 400, json: { error: 'Invalid request' } };
    }
    return { status: 200, json: { translatedText: (body.q as string[]).map((q) => fakeTranslation(body.target as string, q)) } };
  });
}

/** DeepL: POST /v2/translate, Authorization: DeepL-Auth-Key <key>, {text: string[], target_lang, source_lang} -> {translations: [{detected_source_language, text}]}. */
export function fakeDeepL(apiKey: string): Promise<FakeProvider> {
  return start('/v2/translate', (body, req) => {
    if (req.headers.authorization !== `DeepL-Auth-Key ${apiKey}`) return { status: 403, json: { message: 'Forbidden' } };
    const texts = body.text;
    if (!Array.isArray(texts) || texts.length === 0 || texts.length > 50 || typeof body.target_lang !== 'string') return { status: 400, json: { message: 'Bad request' } };
    const target = (body.target_lang as string).toLowerCase().slice(0, 2);
    return {
      status: 200,
      json: { translations: (texts as string[]).map((text) => ({ detected_source_language: String(body.source_lang ?? 'EN'), text: fakeTranslation(target, text) })) },
    };
  });
}

/** OpenAI-compatible chat: POST /v1/chat/completions {model, messages} -> {choices: [{message: {role, content}}]}. */
export function fakeOpenAiChat(model: string, apiKey?: string): Promise<FakeProvider> {
  return start('/v1/chat/completions', (body, req) => {
    if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) return { status: 401, json: { error: { message: 'Incorrect API key' } } };
    const messages = body.messages as { role: string; content: string }[] | undefined;
    if (body.model !== model || !Array.isArray(messages)) return { status: 400, json: { error: { message: 'bad request' } } };
    const system = messages.find((m) => m.role === 'system')?.content ?? '';
    const target = /into the language with code "([a-z]+)"/.exec(system)?.[1] ?? 'xx';
    const texts = JSON.parse(messages.find((m) => m.role === 'user')!.content) as string[];
    return {
      status: 200,
      json: {
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: 1_700_000_000,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: JSON.stringify(texts.map((text) => fakeTranslation(target, text))) }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      },
    };
  });
}
