import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/package-root.js';
import { freePort, spawnServe } from '../helpers/spawn-serve.js';

// Issue 14, "What it must show": one owner per PGlite folder (SIGKILL recovery, a second serve) and a busy port.

interface Exit {
  code: number | null;
  ms: number;
  output: string;
}

/** Run the built CLI to its end (or kill it after `limitMs`), with its combined output. */
function runCli(args: string[], env: Record<string, string>, limitMs = 30_000): Promise<Exit> {
  const started = Date.now();
  const child = spawn(process.execPath, [fromRoot('bin', 'cyberpolicy.js'), ...args], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - started, output });
    });
  });
}

describe('one owner per data folder, and a busy port', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-owner-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('a second serve on the same folder exits 1 at once naming the owner pid; after SIGKILL the next serve recovers the lock', async () => {
    const dataDir = tempDir();
    const first = await spawnServe({ DATA_DIR: dataDir, SAMPLES: '0', SCHEDULER: '0' }, 180_000);
    cleanups.push(() => first.stop());
    const ownerPid = first.child.pid!;

    const second = await runCli(['serve'], { DATA_DIR: dataDir, PORT: String(await freePort()), SAMPLES: '0' });
    expect(second.code).toBe(1);
    // "At once": no store is opened, nothing is loaded; the budget covers Node's start on a busy machine.
    expect(second.ms).toBeLessThan(5_000);
    expect(second.output).toContain(`cyberpolicy serve: the data folder ${dataDir} is in use by \`cyberpolicy serve\` (pid ${ownerPid}, since `);
    expect(second.output).toContain(`stop it (kill ${ownerPid}), or use a PostgreSQL server shared by every process (DATABASE_URL)`);
    // The owner is untouched.
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

    const killed = new Promise((r) => first.child.once('exit', r));
    first.child.kill('SIGKILL');
    await killed;
    const next = await spawnServe({ DATA_DIR: dataDir, SAMPLES: '0', SCHEDULER: '0' }, 180_000);
    cleanups.push(() => next.stop());
    expect(next.logs()).toContain(`recovered a stale lock on ${dataDir}: \`cyberpolicy serve\` (pid ${ownerPid}, host `);
    expect(next.logs()).toContain('is no longer running');
    expect(await (await fetch(`${next.url}/healthz`)).json()).toEqual({ status: 'ok', items: 0, store: 'pglite' });
  }, 420_000);

  it('a CLI command on a folder locked from another host exits 1 naming the owner pid and what to do', async () => {
    const dataDir = tempDir();
    const lock = { pid: 4242, host: 'elsewhere', startedAt: '2026-12-01T00:00:00.000Z', command: 'cyberpolicy serve', role: 'serve', bootId: null, pidStart: null };
    writeFileSync(join(dataDir, 'cyberpolicy.lock'), JSON.stringify(lock));
    const run = await runCli(['status'], { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    expect(run.code).toBe(1);
    expect(run.output).toBe(
      `cyberpolicy status: the data folder ${dataDir} is in use by \`cyberpolicy serve\` (pid 4242 on host elsewhere, since 2026-12-01T00:00:00.000Z). Only one process may open an embedded store: stop it on elsewhere (if that host is gone: the lock is taken over 2 minutes after its last heartbeat, or delete ${join(dataDir, 'cyberpolicy.lock')}), or use a PostgreSQL server shared by every process (DATABASE_URL).\n`,
    );
  }, 60_000);

  it('a busy port ends serve with exit 1 within 2 s, naming the address and PORT/HOST, and leaves no lock behind', async () => {
    const dataDir = tempDir();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => blocker.close(() => r())));
    const port = (blocker.address() as { port: number }).port;

    const run = await runCli(['serve'], { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SAMPLES: '0' }, 20_000);
    expect(run.code).toBe(1);
    expect(run.ms).toBeLessThan(2_000);
    expect(run.output).toContain(`cyberpolicy serve: cannot listen on 127.0.0.1:${port}: the address is already in use`);
    expect(run.output).toContain('choose another port with PORT (and address with HOST)');
    expect(run.output).not.toContain('will retry');
    // Nothing was left holding the folder.
    expect(existsSync(join(dataDir, 'cyberpolicy.lock'))).toBe(false);
  }, 120_000);
});
