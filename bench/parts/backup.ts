/**
 * The move off the embedded store, on the bench store (the PGlite folder the ingest part built):
 * - backup_s_100k: `cyberpolicy backup`'s writer, one consistent snapshot of every table to a gzip'd
 *   JSON Lines file (backup_mb_100k: its size);
 * - restore_postgres_s_100k: `cyberpolicy restore` of that file into a fresh PostgreSQL database
 *   (checked first, loaded in one transaction, indexes built as rows arrive, then ANALYZE).
 * Per-table row counts are compared after the restore; a mismatch fails the part.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { restoreBackup } from '../../src/store/backup/restore-backup.js';
import { writeBackup } from '../../src/store/backup/write-backup.js';
import { openStore } from '../../src/store/store.js';
import { createTestDatabase } from '../../test/helpers/postgres.js';
import { emit, flag, round } from '../bench-util.js';

const dataDir = flag('dir', '/tmp/cpbench/store-100k');
const work = flag('work', '/tmp/cpbench');
const file = join(work, 'backup-bench.jsonl.gz');

/** CPU seconds used so far by the local PostgreSQL server's processes (null when it is not on this machine). */
function postgresCpuSeconds(): number | null {
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // gone meanwhile
    }
  }
  return found ? ticks / 100 : null;
}

const source = await openStore({ dataDir });
let started = performance.now();
let cpu = process.cpuUsage();
const backup = await writeBackup(source.database, file);
const backupS = (performance.now() - started) / 1000;
const backupCpu = process.cpuUsage(cpu);
await source.close();
const items = backup.header.tables.find((t) => t.name === 'items')?.rows ?? 0;
process.stderr.write(`backup: ${items} items, ${round(backup.bytes / 1e6, 1)} MB in ${round(backupS, 1)} s\n`);

const database = await createTestDatabase('cpbackup');
try {
  const target = await openStore({ databaseUrl: database.url });
  try {
    started = performance.now();
    cpu = process.cpuUsage();
    const serverBefore = postgresCpuSeconds();
    await restoreBackup(target.database, file);
    const serverAfter = postgresCpuSeconds();
    const restoreS = (performance.now() - started) / 1000;
    const restoreCpu = process.cpuUsage(cpu);
    for (const t of backup.header.tables) {
      const [row] = await target.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t.name}"`);
      if (Number(row?.n) !== t.rows) throw new Error(`${t.name}: ${row?.n} rows restored, ${t.rows} backed up`);
    }
    process.stderr.write(`restore to PostgreSQL: ${round(restoreS, 1)} s\n`);
    emit({
      backup_items: items,
      backup_s_100k: round(backupS, 1),
      backup_cpu_s_100k: round((backupCpu.user + backupCpu.system) / 1e6, 1),
      backup_mb_100k: round(backup.bytes / 1e6, 1),
      restore_postgres_s_100k: round(restoreS, 1),
      // This process's share only: PostgreSQL's own work (parsing, index builds) runs in its server.
      restore_postgres_client_cpu_s_100k: round((restoreCpu.user + restoreCpu.system) / 1e6, 1),
      // The server's processes on this machine (other databases' work included, if any runs meanwhile).
      ...(serverBefore !== null && serverAfter !== null ? { restore_postgres_server_cpu_s_100k: round(serverAfter - serverBefore, 1) } : {}),
    });
  } finally {
    await target.close();
  }
} finally {
  await database.drop();
  rmSync(file, { force: true });
}
