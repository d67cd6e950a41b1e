import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../src/package-root.js';

/** What one run of the built CLI printed and how it exited. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const root = fromRoot();
const bin = join(root, 'bin', 'cyberpolicy.js');

/** `npm test` builds first; build here too when the bundle is missing (a lone `vitest run`). */
export function ensureBuiltCli(): void {
  if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
}

/**
 * Runs `bin/cyberpolicy.js` as a user would, with a clean environment: only PATH, HOME, DATA_DIR,
 * LOG_LEVEL=silent and what `env` adds (nothing leaks in from the test process's own variables).
 * `nodeArgs` go to node before the CLI (e.g. `--require` a probe).
 */
export function runCli(opts: { home: string; dataDir: string; args: string[]; env?: Record<string, string>; nodeArgs?: string[] }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), bin, ...opts.args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: opts.home, DATA_DIR: opts.dataDir, LOG_LEVEL: 'silent', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
