import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, inspectDataDirLock, LOCK_FILE } from '../../src/store/data-dir-lock.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cp-lock-'));
  dirs.push(d);
  return d;
}

/** A pid that is certainly not running: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

function writeLock(dir: string, fields: Record<string, unknown>): void {
  const info = { pid: 1, host: hostname(), startedAt: '2026-12-01T00:00:00.000Z', command: 'cyberpolicy serve', role: 'serve', bootId: null, pidStart: null, ...fields };
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify(info));
}

describe('the data folder lock', () => {
  it('is taken atomically with pid, host and start time, refused to a second taker, and removed on release', async () => {
    const dir = tempDir();
    const lock = await acquireDataDirLock(dir, { command: 'cyberpolicy serve', role: 'serve' });
    const stored = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(stored).toMatchObject({ pid: process.pid, host: hostname(), command: 'cyberpolicy serve', role: 'serve' });
    expect(new Date(stored.startedAt).toISOString()).toBe(stored.startedAt);
    await expect(acquireDataDirLock(dir, { command: 'cyberpolicy status', role: 'command' })).rejects.toThrow(DataDirLockedError);
    expect(inspectDataDirLock(dir)?.owner.pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(inspectDataDirLock(dir)).toBeNull();
  });

  it('recovers a lock whose process is gone on this host, and says so', async () => {
    const dir = tempDir();
    const pid = await deadPid();
    writeLock(dir, { pid });
    const warnings: string[] = [];
    const logger = { warn: (_o: unknown, msg: string) => warnings.push(msg) } as never;
    const lock = await acquireDataDirLock(dir, { command: 'cyberpolicy serve', role: 'serve', logger });
    expect(lock.recovered?.pid).toBe(pid);
    expect(warnings).toEqual([`recovered a stale lock on ${dir}: \`cyberpolicy serve\` (pid ${pid}, host ${hostname()}, since 2026-12-01T00:00:00.000Z) is no longer running`]);
    lock.release();
  });

  it('treats a reused pid (another process now) as gone', async () => {
    const dir = tempDir();
    // Our parent is alive, but it did not start at tick "1": the lock's owner is not it.
    writeLock(dir, { pid: process.ppid, pidStart: '1' });
    const lock = await acquireDataDirLock(dir, { command: 'cyberpolicy serve', role: 'serve' });
    expect(lock.recovered?.pid).toBe(process.ppid);
    lock.release();
  });

  it('refuses a fresh lock from another host (its processes cannot be checked) and recovers it once its heartbeat is 2 minutes old', async () => {
    const dir = tempDir();
    writeLock(dir, { pid: 4242, host: 'other-host' });
    const refused = await acquireDataDirLock(dir, { command: 'cyberpolicy serve', role: 'serve' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as Error).message).toContain('in use by `cyberpolicy serve` (pid 4242 on host other-host, since 2026-12-01T00:00:00.000Z)');
    expect((refused as Error).message).toContain(`or delete ${join(dir, LOCK_FILE)}`);
    const old = new Date(Date.now() - 121_000);
    utimesSync(join(dir, LOCK_FILE), old, old);
    const lock = await acquireDataDirLock(dir, { command: 'cyberpolicy serve', role: 'serve' });
    expect(lock.recovered?.host).toBe('other-host');
    lock.release();
  });

  it('waits for a short CLI command that holds the folder, but never for a live serve', async () => {
    const dir = tempDir();
    const command = await acquireDataDirLock(dir, { command: 'cyberpolicy ingest', role: 'command' });
    setTimeout(() => command.release(), 300);
    const waitedFor: number[] = [];
    const started = Date.now();
    const serve = await acquireDataDirLock(dir, { command: 'cyberpolicy serve', role: 'serve', waitForCommandsMs: 10_000, onWait: (o) => waitedFor.push(o.pid) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(waitedFor).toEqual([process.pid]);
    const t0 = Date.now();
    await expect(acquireDataDirLock(dir, { command: 'cyberpolicy status', role: 'command', waitForCommandsMs: 10_000 })).rejects.toThrow(/in use by `cyberpolicy serve`/);
    expect(Date.now() - t0).toBeLessThan(1_000);
    serve.release();
  });

  it('recovers an empty lock file left by a process that died while writing it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE), '');
    const old = new Date(Date.now() - 10_000);
    utimesSync(join(dir, LOCK_FILE), old, old);
    const lock = await acquireDataDirLock(dir, { command: 'cyberpolicy serve', role: 'serve' });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });
});
