import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fromRoot } from '../../src/package-root.js';

/** Runs the child with its stderr pipe closed by us before it writes; its exit code and stdout. */
async function runWithClosedStderr(...args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fromRoot('test', 'hardening', 'support', 'log-after-close.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.destroy();
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, out };
}

describe('writing to a closed stderr', () => {
  it('loses the lines but keeps the process alive (the CLI and serve install the guard)', async () => {
    expect(await runWithClosedStderr()).toEqual({ code: 0, out: 'alive\n' });
  }, 30_000);

  it('without the guard, the console write kills the process (what serve did under node-cron)', async () => {
    const run = await runWithClosedStderr('unguarded');
    expect(run.out).toBe('');
    expect(run.code).not.toBe(0);
  }, 30_000);
});
