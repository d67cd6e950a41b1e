import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_PARTIAL, UsageError, type CliCommand } from '../cli-command.js';

const FORMATS = ['text', 'markdown', 'json'] as const;

/**
 * `cyberpolicy ask`: runs one chat command through exactly the path Slack and Teams use (the core's
 * CommandSink) against the store, and prints the reply. Exit code 1 when the reply is an error.
 */
export const askCommand: CliCommand = {
  name: 'ask',
  usage: 'cyberpolicy ask --channel <id> [--user <id>] [--format text|markdown|json] "<command text>"',
  summary: 'Run a chat command (e.g. "subscribe paris-call") for a channel and print the reply',
  async run(args, context) {
    const { io, env, logger, plugins } = context;
    let parsed: ReturnType<typeof parseAskArgs>;
    try {
      parsed = parseAskArgs(args);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const { channel, user, format, text } = parsed;
    const [{ parseChannelId, DEMO_PLATFORM }, { openCliStore }, { systemClock }] = await Promise.all([
      import('../../platform/channel-id.js'),
      import('../open-cli-store.js'),
      import('../../clock.js'),
    ]);
    let platform: string;
    try {
      platform = parseChannelId(channel).platform;
    } catch (err) {
      throw new UsageError((err as Error).message.replace(/^channel id: /, ''));
    }
    // Platform names come from the adapters the composition root loaded, plus the core's demo channels.
    const known = [DEMO_PLATFORM, ...plugins.flatMap((p) => (p.channelPlatform ? [p.channelPlatform] : []))];
    if (!known.includes(platform)) throw new UsageError(`"${platform}" is not a platform here (known: ${known.join(', ')})`);
    const store = await openCliStore(context, 'ask');
    try {
      // Loaded only now: the analyzer brings the language detector, which `--help` must not pay for.
      const [{ createCore }, { renderText }, { renderMarkdown }] = await Promise.all([
        import('../../core/create-core.js'),
        import('../../replies/render-text.js'),
        import('../../replies/render-markdown.js'),
      ]);
      const core = context.owner ? await context.owner.core() : await createCore({ store, clock: systemClock, logger, env, deliveriesRun: false });
      // Without --user the operator runs it, who owns the database anyway: treat as admin.
      const reply = await core.sink.processCommand({ channelId: channel, userId: user ?? 'cli:operator', isAdmin: user === undefined }, text);
      const lang = (await store.channels.get(channel))?.uiLang ?? 'en';
      const output = format === 'json' ? JSON.stringify(reply, null, 2) : format === 'markdown' ? renderMarkdown(reply, lang) : renderText(reply, lang);
      if (reply.isError) io.err(output);
      else io.out(output);
      return reply.isError ? EXIT_PARTIAL : EXIT_OK;
    } finally {
      await store.close();
    }
  },
};

function parseAskArgs(args: string[]): { channel: string; user?: string; format: (typeof FORMATS)[number]; text: string } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { channel: { type: 'string' }, user: { type: 'string' }, format: { type: 'string', default: 'text' } },
  });
  if (!values.channel) throw new Error('--channel <id> is required (e.g. demo:1, slack:T123:C456)');
  if (!FORMATS.includes(values.format as (typeof FORMATS)[number])) throw new Error(`--format must be text, markdown or json, not "${values.format}"`);
  if (values.user !== undefined && !values.user.trim()) throw new Error('--user needs a user id');
  return { channel: values.channel, user: values.user, format: values.format as (typeof FORMATS)[number], text: positionals.join(' ') };
}
