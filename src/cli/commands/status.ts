import type { CliCommand } from '../cli-command.js';
import { openCliStore } from '../open-cli-store.js';

export const statusCommand: CliCommand = {
  name: 'status',
  usage: 'cyberpolicy status [--json]',
  summary: 'Counts of items, sources, channels and pending deliveries',
  async run(args, context) {
    const { io } = context;
    const json = args.includes('--json');
    const store = await openCliStore(context, 'status');
    try {
      const rows = await store.database.query<Record<string, number | string>>(
        `SELECT (SELECT count(*) FROM items)::int AS items,
                (SELECT count(DISTINCT story_id) FROM items)::int AS stories,
                (SELECT count(*) FROM sources)::int AS sources,
                (SELECT count(*) FROM channels)::int AS channels,
                (SELECT count(*) FROM deliveries WHERE status IN ('pending','sending'))::int AS pending_deliveries,
                (SELECT count(*) FROM deliveries WHERE status IN ('failed','dead'))::int AS failed_deliveries`,
      );
      const counts = Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
      const status = {
        items: counts.items ?? 0,
        stories: counts.stories ?? 0,
        sources: counts.sources ?? 0,
        channels: counts.channels ?? 0,
        pendingDeliveries: counts.pending_deliveries ?? 0,
        failedDeliveries: counts.failed_deliveries ?? 0,
        store: store.database.kind,
      };
      if (json) io.out(JSON.stringify(status));
      else for (const [k, v] of Object.entries(status)) io.out(`${k.padEnd(18)} ${v}`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
