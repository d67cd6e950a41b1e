import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { FakePlatformServer } from './support/fake-platform-server.js';
import { seedDueChannels, startWorker, waitFor, type WorkerProcess } from './support/fleet.js';

const CHANNELS = 30;

/** SIGKILL on PGlite: the single bot process dies mid fan-out; restarted on the same data folder, it resumes exactly once. */
describe('PGlite: SIGKILL mid fan-out, then restart', () => {
  const workers: WorkerProcess[] = [];
  let dataDir = '';
  let fake: FakePlatformServer;

  async function cleanupRun(): Promise<void> {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await fake?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
  afterEach(cleanupRun);

  /**
   * One run: kill at the 10th post (which has landed; its answer is still 40 ms away), restart on the
   * same folder, wait for every channel. Returns how many landed-but-unrecorded posts the restart found.
   */
  async function killAndRestart(): Promise<{ recovered: number }> {
    workers.length = 0;
    dataDir = mkdtempSync(join(tmpdir(), 'cp-pglite-'));
    const seed = await openStore({ dataDir });
    await seedDueChannels(seed, CHANNELS);
    await seed.close();
    fake = new FakePlatformServer();
    const fakeUrl = await fake.start();
    fake.answerDelayMs = 40;
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', FAKE_URL: fakeUrl, LEASE_MS: '1000', POLL_MS: '100' };
    let killedAt = 0;
    fake.on('post', (_r: unknown, total: number) => {
      if (!killedAt && total >= 10) {
        killedAt = total;
        workers[0]!.child.kill('SIGKILL');
      }
    });
    workers.push(await startWorker('first', env));
    await waitFor(() => killedAt > 0, 60_000, () => workers[0]!.output());
    expect(await workers[0]!.exited).toBeNull();
    const landed = fake.posts.length;
    workers.push(await startWorker('restarted', env));
    await waitFor(() => fake.counts().size === CHANNELS, 120_000, () => `${fake.posts.length} posts\n${workers[1]!.output()}`);
    // Let the restarted worker record its last posts, then stop it gracefully and read the store.
    await new Promise((r) => setTimeout(r, 500));
    workers[1]!.child.kill('SIGTERM');
    expect(await workers[1]!.exited).toBe(0);
    const store = await openStore({ dataDir });
    const rows = await store.database.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`);
    await store.close();
    console.log(`[pglite-restart] killed at post ${killedAt}, landed before restart ${landed}, posts ${fake.posts.length}, duplicates ${fake.duplicates()}, recovered ${fake.lookupHits}`);
    expect([fake.posts.length, fake.counts().size, fake.duplicates()]).toEqual([CHANNELS, CHANNELS, 0]);
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([['sent', CHANNELS]]);
    return { recovered: fake.lookupHits };
  }

  it('delivers every channel exactly once, and the crash window (posted, not recorded) was hit', async () => {
    // The kill lands inside the window by construction (the 10th post is in the platform, its answer
    // not yet back), but the OS decides when the process really stops: repeat, at most 3 times, until
    // the restart had to recover at least one such post.
    const recovered: number[] = [];
    for (let run = 0; run < 3 && !recovered.some((n) => n > 0); run++) {
      if (run > 0) await cleanupRun();
      recovered.push((await killAndRestart()).recovered);
    }
    expect(recovered.some((n) => n >= 1), `recovered per run: ${recovered.join(', ')}`).toBe(true);
  }, 360_000);
});
