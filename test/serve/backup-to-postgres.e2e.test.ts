import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runInOwner } from '../../src/cli/owner-client.js';
import { readOwnerFile } from '../../src/cli/owner-file.js';
import { fromRoot } from '../../src/package-root.js';
import { NOT_BACKED_UP } from '../../src/store/backup/backup-format.js';
import { openStore } from '../../src/store/store.js';
import { seedItems } from '../commands/fixtures.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { spawnServe } from '../helpers/spawn-serve.js';

// Issue 14, "What it must show": a backup taken by the CLI while serve takes 100 concurrent writes
// restores to PostgreSQL with identical per-table counts and the same `ask` reply; a truncated backup
// is refused with exit 1 and nothing written.

const KEY = 'e2e-backup-key-0123456789';
const TOKEN = 'xoxb-e2e-sealed-token-77';
const work = mkdtempSync(join(tmpdir(), 'cp-move-'));
const dataDir = join(work, 'data');
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [fromRoot('bin', 'cyberpolicy.js'), ...args],
      { cwd: work, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ENCRYPTION_KEY: KEY, LOG_LEVEL: 'warn', ...env }, timeout: 180_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** Runs `fn` with a count reader on a fresh connection to `url`, closed afterwards. */
async function withCounts<T>(url: string, fn: (count: (sql: string) => Promise<number>, client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(async (sql) => Number((await client.query(`SELECT count(*)::int AS n FROM ${sql}`)).rows[0].n), client);
  } finally {
    await client.end();
  }
}

/** Rows per table, for the tables a backup holds (derived ones, such as item_topics, are rebuilt by a restore). */
function tableCounts(url: string): Promise<Record<string, number>> {
  return withCounts(url, async (count, client) => {
    const tables = (await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).rows
      .map((r) => String(r.tablename))
      .filter((t) => !NOT_BACKED_UP.has(t));
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = await count(`"${t}"`);
    return out;
  });
}

/** item_topics' rows, and the (item, topic) pairs the items hold, which it must mirror. */
function topicRows(url: string): Promise<{ rows: number; pairs: number }> {
  return withCounts(url, async (count) => ({
    rows: await count('item_topics'),
    pairs: await count('(SELECT DISTINCT i.id, t FROM items i CROSS JOIN LATERAL unnest(i.topic_slugs) AS t) p'),
  }));
}

describe('backup while serve works, restore to PostgreSQL', () => {
  it('a backup during 100 concurrent writes restores to PostgreSQL with identical counts and the same ask reply; a truncated one is refused', async () => {
    const seed = await openStore({ dataDir, encryptionKey: KEY });
    await seed.items.upsert(seedItems());
    await seed.installations.save('slack:T1', 'slack', { botToken: TOKEN }, new Date('2026-12-01T00:00:00Z'));
    await seed.close();

    const serve = await spawnServe({ DATA_DIR: dataDir, SAMPLES: '0', SCHEDULER: '0', ENCRYPTION_KEY: KEY, FEED_POLL_MINUTES: '1440' });
    cleanups.push(() => serve.stop());
    const before = await cli(['ask', '--channel', 'demo:1', 'paris-call']);
    expect(before.code).toBe(0);
    expect(before.stdout).toMatch(/Paris Call/);

    // 100 writes at once through serve's CLI door (what 100 CLI processes would send), and meanwhile
    // the real `cyberpolicy backup` process.
    const owner = readOwnerFile(dataDir);
    if (typeof owner !== 'object') throw new Error(`no owner file: ${owner}`);
    const quiet = { out: () => undefined, err: (line: string) => errors.push(line), isTTY: false };
    const errors: string[] = [];
    let done = 0;
    const writes = Array.from({ length: 100 }, (_, i) =>
      runInOwner(owner, ['ask', '--channel', `demo:load-${i}`, i % 2 ? 'subscribe ransomware' : 'schedule daily 07:00 Europe/Paris'], work, quiet).then((code) => {
        done++;
        return code;
      }),
    );
    while (done < 10) await new Promise((r) => setTimeout(r, 20));
    const backup = await cli(['backup', '--out', 'during.jsonl.gz']);
    const codes = await Promise.all(writes);
    expect(codes.filter((c) => c !== 0)).toEqual([]);
    expect(errors).toEqual([]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^wrote during\.jsonl\.gz \([\d.]+ [kKM]?B, pglite, migrations up to \d{4}_[a-z_]+\.sql\): /);

    const file = join(work, 'during.jsonl.gz');
    const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
    expect(lines.join('\n')).not.toContain(TOKEN);
    const header = JSON.parse(lines[0]!) as { tables: { name: string; rows: number }[] };
    const backedUp = Object.fromEntries(header.tables.map((t) => [t.name, t.rows]));
    // Taken during the writes: some of the 100 channels are in it, and it is one moment (+ demo:1).
    expect(backedUp.channels).toBeGreaterThan(1);
    expect(backedUp.items).toBe(seedItems().length);

    const database = await createTestDatabase('move');
    cleanups.push(() => database.drop());
    const restored = await cli(['restore', 'during.jsonl.gz'], { DATABASE_URL: database.url });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^restored during\.jsonl\.gz \(made .+ from pglite\) into postgres: /);
    expect(await tableCounts(database.url)).toEqual(backedUp);
    // item_topics is not in the backup: the restore rebuilt it, one row per topic of each restored item.
    expect(await topicRows(database.url)).toEqual({ rows: 11, pairs: 11 });

    const after = await cli(['ask', '--channel', 'demo:1', 'paris-call'], { DATABASE_URL: database.url });
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    const moved = await openStore({ databaseUrl: database.url, encryptionKey: KEY, poolSize: 1 });
    expect(await moved.installations.get('slack:T1')).toEqual({ botToken: TOKEN });
    await moved.close();

    // Again into the now full database: refused, naming what it holds.
    const again = await cli(['restore', 'during.jsonl.gz'], { DATABASE_URL: database.url });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`cyberpolicy restore: the store is not empty: it holds channels (${backedUp.channels} rows)`);

    // Cut short: exit 1 naming the file, and the empty database is not touched at all.
    writeFileSync(join(work, 'cut.jsonl.gz'), readFileSync(file).subarray(0, Math.floor(readFileSync(file).length * 0.6)));
    const empty = await createTestDatabase('cut');
    cleanups.push(() => empty.drop());
    const cut = await cli(['restore', 'cut.jsonl.gz'], { DATABASE_URL: empty.url });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toBe('cyberpolicy restore: cut.jsonl.gz: the file is truncated (its compressed data ends early); nothing was written\n');
    expect(await tableCounts(empty.url)).toEqual({});
  }, 300_000);
});
