import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../cli-command.js';
import { openCliStore } from '../open-cli-store.js';

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'cyberpolicy backup --out <file>',
  summary: 'Write a consistent, portable copy of the whole store (PGlite or PostgreSQL) to a file, also while serve runs',
  async run(args, context) {
    let out: string | undefined;
    try {
      out = parseArgs({ args, strict: true, options: { out: { type: 'string' } } }).values.out;
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    if (!out) throw new UsageError('--out <file> is required (e.g. --out cyberpolicy-backup.jsonl.gz)');
    const file = resolve(context.owner?.cwd ?? process.cwd(), out);
    const [{ writeBackup }, { formatBytes }] = await Promise.all([import('../../store/backup/write-backup.js'), import('../../ingest/safe-fetch.js')]);
    const store = await openCliStore(context, 'backup');
    try {
      const result = await writeBackup(store.database, file);
      const rows = result.header.tables.map((t) => `${t.name} ${t.rows}`).join(', ');
      context.io.out(`wrote ${out} (${formatBytes(result.bytes)}, ${store.database.kind}, migrations up to ${result.header.migrations.at(-1) ?? 'none'}): ${rows}`);
      return 0;
    } finally {
      await store.close();
    }
  },
};
