import { resolve } from 'node:path';
import { EXIT_PARTIAL, UsageError, type CliCommand } from '../cli-command.js';
import { openCliStore } from '../open-cli-store.js';

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage: 'cyberpolicy restore <file>',
  summary: 'Load a backup into an empty store (DATABASE_URL=postgres://… to move to PostgreSQL); refuses a non-empty store or a damaged file',
  async run(args, context) {
    const unknown = args.find((a) => a.startsWith('-'));
    if (unknown) throw new UsageError(`unknown option ${unknown}`);
    if (args.length !== 1) throw new UsageError('name one backup file');
    const name = args[0]!;
    const file = resolve(context.owner?.cwd ?? process.cwd(), name);
    const [{ restoreBackup }, { BackupFileError }, { StoreNotEmptyError }, { readBackup }] = await Promise.all([
      import('../../store/backup/restore-backup.js'),
      import('../../store/backup/backup-format.js'),
      import('../../store/backup/restore-backup.js'),
      import('../../store/backup/read-backup.js'),
    ]);
    // A damaged file is refused before the store is even opened.
    try {
      await readBackup(file);
    } catch (err) {
      if (!(err instanceof BackupFileError)) throw err;
      context.io.err(`cyberpolicy restore: ${err.message.replace(file, name)}; nothing was written`);
      return EXIT_PARTIAL;
    }
    const store = await openCliStore(context, 'restore');
    try {
      const { header } = await restoreBackup(store.database, file);
      const rows = header.tables.map((t) => `${t.name} ${t.rows}`).join(', ');
      context.io.out(`restored ${name} (made ${header.createdAt} from ${header.store}) into ${store.database.kind}: ${rows}`);
      return 0;
    } catch (err) {
      if (!(err instanceof BackupFileError) && !(err instanceof StoreNotEmptyError)) throw err;
      context.io.err(`cyberpolicy restore: ${err.message.replace(file, name)}`);
      return EXIT_PARTIAL;
    } finally {
      await store.close();
    }
  },
};
