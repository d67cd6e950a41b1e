import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import { openStore } from '../../src/store/store.js';
import { seedItems } from './fixtures.js';

// Issue 5 "Must show", through the real CLI: every call is a new process on the same PGlite folder.
const root = packageRoot();
const bin = join(root, 'bin', 'cyberpolicy.js');
let dataDir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cyberpolicy(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', CYBERPOLICY_ADMINS: '' }, timeout: 180_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

const ask = (channel: string, text: string, ...flags: string[]) => cyberpolicy('ask', '--channel', channel, ...flags, text);

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  dataDir = mkdtempSync(join(tmpdir(), 'cyberpolicy-ask-'));
  const store = await openStore({ dataDir });
  await store.items.upsert(seedItems());
  await store.close();
}, 180_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('cyberpolicy ask (new process per command)', { timeout: 300_000 }, () => {
  it('subscribe paris-call in demo:1 shows in list from a new process, and not in demo:2', async () => {
    const sub = await ask('demo:1', 'subscribe paris-call');
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/^Subscribed: this channel now follows .+ \(paris-call\)\.$/m);

    const list = await ask('demo:1', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^Topics: .+ \(paris-call\)$/m);

    const other = await ask('demo:2', 'list');
    expect(other.code).toBe(0);
    expect(other.stdout).toContain('Topics: none yet.');
    expect(other.stdout).not.toMatch(/\(paris-call\)/);
  });

  it.each(['parris call', 'Appel de Paris', 'نداء باريس'])('"%s" answers with Paris Call stories', async (words) => {
    const run = await ask('demo:1', words);
    expect(run.code).toBe(0);
    // The story told in English and French speaks through its earliest complete report, the French one.
    expect(run.stdout).toContain("1. L'Appel de Paris gagne dix soutiens [FR]");
    expect(run.stdout).toContain('2. نداء باريس يحتفل بذكراه [AR]');
    // The undated German item no longer ranks among dated stories (issue 15), so the Geneva story is third.
    expect(run.stdout).toContain('3. Paris Call working group meets in Geneva [EN]');
    expect(run.stdout).toContain('Showing 5 of 7 · newest first');
  });

  it('schedule weekly mon 09:00 Europe/Vilnius is confirmed; a nonsense schedule is a clear error with exit 1', async () => {
    const ok = await ask('demo:1', 'schedule weekly mon 09:00 Europe/Vilnius');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Digest schedule set: weekly, Monday at 09:00 (Europe/Vilnius).');
    expect(ok.stdout).toMatch(/Next digest: Mon, \d{1,2} \w{3} \d{4}, 09:00 \(Europe\/Vilnius\)\./);

    const bad = await ask('demo:1', 'schedule weekly mon 25:99');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('"25:99" is not a time: use 24-hour HH:MM, e.g. 09:00.');

    // Unknown days and zones are covered in-process (command-center.test.ts); each spawn costs a PGlite start.
  });

  it('unsubscribe paris-call removes it', async () => {
    const run = await ask('demo:1', 'unsubscribe paris-call');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Unsubscribed: this channel no longer follows .+ \(paris-call\)\.$/m);
    const list = await ask('demo:1', 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('Topics: none yet.');
  });

  it('prints JSON and Markdown, and refuses bad usage with exit 2', async () => {
    const json = await ask('demo:1', 'help', '--format', 'json');
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { visibility: string; blocks: { type: string }[] };
    expect(doc.visibility).toBe('private');
    expect(doc.blocks[0]!.type).toBe('header');

    const md = await ask('demo:1', 'paris-call 90d', '--format', 'markdown');
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('[news-en.example](https://news-en.example/pc-en-1)');

    const noChannel = await cyberpolicy('ask', 'list');
    expect(noChannel.code).toBe(2);
    expect(noChannel.stderr).toContain('--channel <id> is required');
    const badChannel = await ask('nowhere', 'list');
    expect(badChannel.code).toBe(2);
    expect(badChannel.stderr).toContain('is not a channel id');
  });
});
