import { spawn, type ChildProcess } from 'node:child_process';
import { fromRoot } from '../../../src/package-root.js';
import { nextDueTime } from '../../../src/digests/next-due-time.js';
import type { Store } from '../../../src/store/store.js';
import { makeItem } from '../../helpers/item-factory.js';

export interface WorkerProcess {
  id: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Start one worker process (tsx) and wait for its "ready" line. */
export async function startWorker(id: string, env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('test', 'delivery', 'support', 'worker-process.ts')], {
    cwd: fromRoot(),
    env: { ...process.env, WORKER_ID: id, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${id} not ready in 120 s:\n${out}`)), 120_000);
    const check = () => {
      if (out.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`worker ${id} exited with ${code}:\n${out}`));
    });
  });
  return { id, child, output: () => out, exited };
}

/**
 * `count` channels (demo:c0…) that follow paris-call, with a daily cadence whose due time is the
 * minute that just passed, so the first tick of any process queues all of them in the same minute.
 */
export async function seedDueChannels(store: Store, count: number, now = new Date(), channelId: (i: number) => string = (i) => `demo:c${i}`): Promise<Date> {
  const due = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 60_000);
  const time = `${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
  const cadence = { kind: 'daily' as const, time };
  if (nextDueTime(cadence, 'UTC', new Date(due.getTime() - 1))!.getTime() !== due.getTime()) throw new Error('bad seed');
  await store.items.upsert([
    makeItem({ id: 'fleet-1', published: new Date(now.getTime() - 86_400_000) }, { story: 'FLEET', topics: [{ slug: 'paris-call', score: 1 }], summary: ['Fleet story.'] }),
  ]);
  const values = Array.from({ length: count }, (_, i) => {
    const id = channelId(i);
    const [platform, workspace] = id.split(':');
    return `('${id}', '${platform}', '${workspace}', '{paris-call}', '${JSON.stringify(cadence)}', 'UTC', $1::timestamptz, $2::timestamptz, $2::timestamptz)`;
  });
  await store.database.query(
    `INSERT INTO channels (id, platform, workspace, topics, cadence, time_zone, next_due_at, created_at, updated_at) VALUES ${values.join(', ')}`,
    [due.toISOString(), now.toISOString()],
  );
  return due;
}

/** Poll `condition` every 100 ms until it holds; fails with `describe()` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
