import type { Delivery } from '../../store/delivery-repository.js';
import { UsageError, type CliCommand } from '../cli-command.js';
import { openCliStore } from '../open-cli-store.js';

type Row = Delivery & { disabledReason: string | null };

function parseArgs(args: string[]): { failed: boolean; json: boolean; channel?: string; limit: number } {
  const out = { failed: false, json: false, channel: undefined as string | undefined, limit: 50 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--failed') out.failed = true;
    else if (arg === '--json') out.json = true;
    else if (arg === '--channel') {
      out.channel = args[++i];
      if (!out.channel) throw new UsageError('--channel needs a channel id, e.g. slack:T123:C456');
    } else if (arg === '--limit') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UsageError('--limit needs a whole number from 1 to 10000');
      out.limit = n;
    } else throw new UsageError(`unknown option "${arg}"`);
  }
  return out;
}

function toJson(d: Row) {
  return {
    id: d.id,
    channel: d.channelId,
    period: d.periodKey,
    kind: d.kind,
    status: d.status,
    attempts: d.attempts,
    stories: d.storyIds.length,
    messageId: d.messageId,
    guarantee: d.guarantee,
    lastError: d.lastError,
    channelDisabled: d.disabledReason,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    sentAt: d.sentAt?.toISOString() ?? null,
  };
}

export const deliveriesCommand: CliCommand = {
  name: 'deliveries',
  usage: 'cyberpolicy deliveries [--failed] [--json] [--channel <id>] [--limit N]',
  summary: 'Digest deliveries, newest first; --failed shows failed and dead ones and why their channel was disabled',
  async run(args, context) {
    const { io } = context;
    const options = parseArgs(args);
    const store = await openCliStore(context, 'deliveries');
    try {
      const rows = await store.deliveries.list({ failedOnly: options.failed, channelId: options.channel, limit: options.limit });
      if (options.json) {
        io.out(JSON.stringify(rows.map(toJson)));
        return 0;
      }
      if (rows.length === 0) {
        io.out(options.failed ? 'No failed deliveries.' : 'No deliveries yet.');
        return 0;
      }
      for (const d of rows) {
        const when = (d.sentAt ?? d.createdAt).toISOString().replace('.000Z', 'Z');
        const guarantee = d.guarantee ? ` guarantee=${d.guarantee}` : '';
        io.out(`${d.status.padEnd(8)} ${d.channelId}  ${d.periodKey}  ${when}  attempts=${d.attempts} stories=${d.storyIds.length}${guarantee}`);
        if (d.lastError && d.status !== 'sent') io.out(`         error: ${d.lastError}`);
        if (d.disabledReason && (d.status === 'dead' || d.status === 'failed')) io.out(`         channel schedule disabled: ${d.disabledReason}`);
      }
      return 0;
    } finally {
      await store.close();
    }
  },
};
