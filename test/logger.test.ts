import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

function capture(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('log output', () => {
  it('is one JSON object per line when not on a terminal', () => {
    const out = capture();
    createLogger({ destination: out.stream, pretty: false }).info({ url: 'http://127.0.0.1:3000' }, 'open the playground');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'open the playground', url: 'http://127.0.0.1:3000', app: 'cyberpolicy' });
  });

  it('is readable text on a terminal (pino-pretty), with secrets still redacted', () => {
    const out = capture();
    createLogger({ destination: out.stream, pretty: true }).info({ token: 'xoxb-secret-value', url: 'http://127.0.0.1:3000' }, 'open the playground');
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: open the playground\n/);
    expect(text).toContain('url: "http://127.0.0.1:3000"');
    expect(text).toContain('token: "[redacted]"');
    expect(text).not.toContain('xoxb-secret-value');
    expect(text.trimStart().startsWith('{')).toBe(false);
  });
});
