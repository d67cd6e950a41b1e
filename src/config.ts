import { z } from 'zod';
import { InputError } from './errors.js';

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const positiveInt = z.coerce.number().int().positive();

/** TRANSLATE_PROVIDER's values and what each is (src/translate/create-translator.ts builds them). */
export const TRANSLATE_PROVIDERS = {
  libretranslate: 'a LibreTranslate server (TRANSLATE_URL)',
  deepl: 'DeepL (DEEPL_API_KEY)',
  openai: 'an OpenAI-compatible chat endpoint (TRANSLATE_URL, TRANSLATE_MODEL)',
  demo: 'a demonstration that tags text instead of translating it',
} as const;
export type TranslateProviderName = keyof typeof TRANSLATE_PROVIDERS;

/**
 * Every environment variable the app reads, in one schema: the README's table is tested against it
 * (test/config.test.ts), and no other module reads `env.X` (test/boundary.test.ts). A variable that is
 * unset or blank counts as unset. Adapter variables are listed in ADAPTER_ENV so the core leaves them
 * to their adapter (a bad Slack token must not stop `cyberpolicy status`).
 */
export const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.string().url('must be a URL such as https://bot.example.org').regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  // Shared limits (src/limits): Redis when set, else the PostgreSQL store; PGlite keeps them in memory.
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  SAMPLES: flag.default(true),
  SCHEDULER: flag.default(true),
  // Unset: the transports' declared in-flight (Slack: workspace rate x 2 s; Teams: 50).
  DELIVERY_CONCURRENCY: positiveInt.optional(),
  DELIVERY_COMPOSE_CONCURRENCY: positiveInt.optional(),
  DELIVERY_LEASE_MS: positiveInt.default(60_000),
  DELIVERY_POLL_MS: positiveInt.default(1_000),
  // Unset: `info` for `serve`, `warn` for one-off commands (src/cli/main.ts).
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  // `serve` runs in a worker with this V8 old-generation bound, MB (src/cli/bounded-heap.ts); 0: Node's own.
  SERVE_HEAP_MB: z.coerce.number().int().min(0).default(384),
  FEED_MAX_BYTES: z.coerce.number().int().positive().default(5 * 1024 * 1024),
  FEED_POLL_MINUTES: z.coerce.number().positive().default(30),
  // Comma-separated hosts or CIDRs that the SSRF guard lets through (tests, intranet feeds).
  FETCH_ALLOW: z.string().default(''),
  ENCRYPTION_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  CYBERPOLICY_ADMINS: z.string().default(''),

  // Machine translation (src/translate), off unless a provider is named: no text leaves the machine otherwise.
  TRANSLATE_PROVIDER: z.enum(Object.keys(TRANSLATE_PROVIDERS) as [TranslateProviderName, ...TranslateProviderName[]]).optional(),
  TRANSLATE_URL: z.string().trim().url('must be a URL such as http://127.0.0.1:5000/').regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
  TRANSLATE_API_KEY: z.string().trim().min(1).optional(),
  TRANSLATE_MODEL: z.string().trim().min(1).max(200).optional(),
  DEEPL_API_KEY: z.string().trim().min(8, 'looks too short for a DeepL key').optional(),
  // Unset: chosen by the key (":fx" keys use the free endpoint); tests and proxies set it.
  DEEPL_API_URL: z.string().trim().url('must be a URL such as https://api.deepl.com/v2/translate').regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
  TRANSLATE_BUDGET_MS: z.coerce.number().int().min(0).max(60_000).default(1500),

  // Playground adapter. PLAYGROUND unset: on only when no platform has credentials.
  PLAYGROUND: flag.optional(),
  PLAYGROUND_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),

  // Slack adapter (cross-checks between them: adapters/slack/slack-config.ts).
  SLACK_BOT_TOKEN: z.string().trim().regex(/^xoxb-[\w-]+$/, 'must be a bot token (xoxb-…)').optional(),
  SLACK_SIGNING_SECRET: z.string().trim().min(8, 'looks too short for a signing secret').optional(),
  SLACK_APP_TOKEN: z.string().trim().regex(/^xapp-[\w-]+$/, 'must be an app-level token (xapp-…) with connections:write').optional(),
  SLACK_CLIENT_ID: z.string().trim().regex(/^[\w.]+$/, 'must be the Client ID from Basic Information').optional(),
  SLACK_CLIENT_SECRET: z.string().trim().min(8, 'looks too short for a client secret').optional(),
  SLACK_STATE_SECRET: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  SLACK_API_URL: z
    .string()
    .trim()
    .url('must be a URL such as https://slack.com/api/')
    .regex(/^https?:\/\//, 'must be an http(s) URL')
    .transform((url) => (url.endsWith('/') ? url : `${url}/`))
    .default('https://slack.com/api/'),
  SLACK_CHANNEL_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  SLACK_WORKSPACE_MESSAGES_PER_SECOND: z.coerce.number().positive().max(1000).default(20),
  // Days a workspace's posting limit, learned from Slack's 429s, is kept in the store (0: not kept).
  SLACK_LEARNED_RATE_DAYS: z.coerce.number().min(0).max(365).default(7),

  // Teams adapter: the Bot Framework's standard names. The password is never logged.
  MicrosoftAppId: z.string().trim().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the bot\'s Microsoft App ID (a GUID)').optional(),
  MicrosoftAppPassword: z.string().min(1).optional(),
  MicrosoftAppType: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  MicrosoftAppTenantId: z.string().trim().min(1).optional(),
  // Where the Teams recovery probe reads channel messages back (sovereign clouds and tests override them).
  MICROSOFT_GRAPH_URL: z.string().trim().url('must be a URL such as https://graph.microsoft.com/v1.0/').regex(/^https?:\/\//, 'must be an http(s) URL').default('https://graph.microsoft.com/v1.0/'),
  // The Entra ID authority base for both of the bot's app-only tokens: the Bot Connector's (through MSAL,
  // which accepts only https) and the Graph probe's.
  MICROSOFT_LOGIN_URL: z.string().trim().url('must be a URL such as https://login.microsoftonline.com/').regex(/^https?:\/\//, 'must be an http(s) URL').default('https://login.microsoftonline.com/'),
  // Where the channel's token-signing keys are published (the Bot Framework's own setting name; sovereign clouds and tests).
  BotOpenIdMetadata: z.string().trim().url('must be a URL such as https://login.botframework.com/v1/.well-known/openidconfiguration').regex(/^https:\/\//, 'must be an https URL').optional(),
});

export type Env = z.infer<typeof EnvSchema>;
export type EnvName = keyof Env;

/** Variables that belong to one adapter; the adapter loads them with loadEnv(). Everything else is core. */
export const ADAPTER_ENV = {
  playground: ['PLAYGROUND', 'PLAYGROUND_TOKEN'],
  slack: [
    'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET',
    'SLACK_API_URL', 'SLACK_CHANNEL_INTERVAL_MS', 'SLACK_WORKSPACE_MESSAGES_PER_SECOND', 'SLACK_LEARNED_RATE_DAYS',
  ],
  teams: ['MicrosoftAppId', 'MicrosoftAppPassword', 'MicrosoftAppType', 'MicrosoftAppTenantId', 'MICROSOFT_GRAPH_URL', 'MICROSOFT_LOGIN_URL', 'BotOpenIdMetadata'],
} as const satisfies Record<string, readonly EnvName[]>;

type AdapterEnvName = (typeof ADAPTER_ENV)[keyof typeof ADAPTER_ENV][number];
export type CoreConfig = Omit<Env, AdapterEnvName>;

const adapterNames = new Set<string>(Object.values(ADAPTER_ENV).flat());
const CORE_ENV = Object.keys(EnvSchema.shape).filter((name) => !adapterNames.has(name)) as Exclude<EnvName, AdapterEnvName>[];

/** Parses the named variables (blank counts as unset); throws InputError naming the first bad one, never its value. */
export function loadEnv<K extends EnvName>(env: NodeJS.ProcessEnv, names: readonly K[]): Pick<Env, K> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') picked[name] = value;
  }
  const mask = Object.fromEntries(names.map((name) => [name, true])) as { [name in EnvName]?: true };
  const parsed = EnvSchema.pick(mask).safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`environment variable ${String(issue.path[0])}`, issue.message);
  }
  return parsed.data as unknown as Pick<Env, K>;
}

export function loadCoreConfig(env: NodeJS.ProcessEnv = process.env): CoreConfig {
  return loadEnv(env, CORE_ENV);
}

/** The address users and platforms reach: PUBLIC_URL, else this server's own address. */
export function publicUrlOf(config: Pick<CoreConfig, 'PUBLIC_URL' | 'HOST' | 'PORT'>): string {
  return config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${config.PORT}`;
}

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** True when the variable is set to something other than blanks (for "is this platform configured?"). */
export function isEnvSet(env: NodeJS.ProcessEnv, name: EnvName): boolean {
  return Boolean(env[name]?.trim());
}
