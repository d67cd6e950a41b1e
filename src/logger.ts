import pino, { type Logger } from 'pino';

export type { Logger };

// Any field with one of these names is replaced before it reaches a log line.
const SECRET_PATHS = [
  'token', 'botToken', 'appToken', 'accessToken', 'access_token', 'bot_token', 'clientSecret', 'client_secret',
  'signingSecret', 'password', 'appPassword', 'authorization', 'Authorization', 'secret', 'encryptionKey',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const redact = {
    paths: [...SECRET_PATHS, ...SECRET_PATHS.map((p) => `*.${p}`), 'headers.authorization', 'req.headers.authorization'],
    censor: '[redacted]',
  };
  return options.destination
    ? pino({ level, redact, base: { app: 'cyberpolicy' } }, options.destination)
    : pino({ level, redact, base: { app: 'cyberpolicy' } }, pino.destination(2));
}

/** A logger that drops everything (CLI quiet paths, unit tests). */
export const silentLogger: Logger = pino({ level: 'silent' });
