import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

export type { Logger };

// Any field with one of these names is replaced before it reaches a log line.
const SECRET_PATHS = [
  'token', 'botToken', 'appToken', 'accessToken', 'access_token', 'bot_token', 'clientSecret', 'client_secret',
  'signingSecret', 'password', 'appPassword', 'authorization', 'Authorization', 'secret', 'encryptionKey',
  'apiKey', 'api_key', 'TRANSLATE_API_KEY', 'DEEPL_API_KEY',
];

export interface LoggerOptions {
  /** pino level; LOG_LEVEL is read by the CLI (src/config.ts), not here. */
  level?: string;
  /** Where lines go (default: stderr). */
  destination?: pino.DestinationStream;
  /**
   * Human-readable lines (pino-pretty) instead of JSON. Default: when stderr, where the logs go, is a
   * terminal; a pipe, a file or a log collector gets JSON.
   */
  pretty?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const redact = {
    paths: [...SECRET_PATHS, ...SECRET_PATHS.map((p) => `*.${p}`), 'headers.authorization', 'req.headers.authorization'],
    censor: '[redacted]',
  };
  const pretty = options.pretty ?? (options.destination === undefined && Boolean(process.stderr.isTTY));
  const destination = options.destination ?? pino.destination(2);
  // Redaction runs before the pretty printer sees a line, so secrets stay out of terminal output too.
  const stream = pretty ? prettyStream(destination, options.destination === undefined) : destination;
  return pino({ level, redact, base: { app: 'cyberpolicy' } }, stream);
}

function prettyStream(destination: pino.DestinationStream, colorize: boolean): pino.DestinationStream {
  // Loaded only for a terminal: one-off commands in scripts do not pay for it.
  const build = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return build({ destination: destination as NodeJS.WritableStream, colorize, sync: true, ignore: 'pid,hostname,app', translateTime: 'SYS:HH:MM:ss' });
}

/** A logger that drops everything (CLI quiet paths, unit tests). */
export const silentLogger: Logger = pino({ level: 'silent' });
