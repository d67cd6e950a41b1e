import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaygroundApi } from '../../adapters/playground/playground-api.js';
import { ManualClock } from '../../src/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { ingestInputs } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/logger.js';
import { fromRoot } from '../../src/package-root.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { openStore, type Store } from '../../src/store/store.js';

// Issue 15, "What it must show", last bullet: `ingest --source-name` on every surface, never file: plus a hash.
const PRESS = `Kaspersky welcomes new ransomware reporting rules\nMoscow, 3 March 2022. Kaspersky said it welcomed the new rules that oblige hospitals to report ransomware attacks within a day, and offered its help to the agencies concerned.\n`;
const FILE_NAME = '7f3a9c0d1e2b4a5c.txt';

describe('ingest --source-name', { timeout: 240_000 }, () => {
  let work: string;
  let path: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'cp-name-'));
    path = join(work, FILE_NAME);
    writeFileSync(path, PRESS);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  describe('on Slack, Teams, the playground and the newsroom', () => {
    let store: Store;
    let core: Core;
    beforeAll(async () => {
      store = await openStore({ dataDir: 'memory://' });
      const clock = new ManualClock('2026-12-07T09:00:00Z');
      core = await createCore({ store, clock, logger: silentLogger, env: {} });
      const spec = { name: path, kind: 'file' as const, location: path };
      const open = async () => ({ store, analyzer: core.analyzer });
      const [named] = await ingestInputs([spec], { open, clock, maxBytes: 1_000_000, sourceName: 'Kaspersky press office' });
      expect(named!.error).toBeNull();
      // Imported again without a name: the name is remembered per file source.
      await ingestInputs([spec], { open, clock, maxBytes: 1_000_000 });
    });
    afterAll(async () => store?.close());

    it('shows the name, never file: or the hash', async () => {
      const api = createPlaygroundApi({ sink: core.sink, newsroom: createAdapterPorts(store).newsroom });
      const response = await api.command(new Request('http://localhost/api/playground/command', { method: 'POST', body: JSON.stringify({ channel: 'demo:newsroom', text: 'search Kaspersky' }) }));
      const rendered = (await response.json()) as { doc: { blocks: { type: string; story?: { sources: { name: string }[] } }[] }; slack: unknown; teams: unknown };
      expect(rendered.doc.blocks.filter((b) => b.type === 'story').map((b) => b.story!.sources.map((s) => s.name))).toEqual([['Kaspersky press office']]);
      expect(JSON.stringify(rendered.slack)).toContain('Kaspersky press office');
      expect(JSON.stringify(rendered.teams)).toContain('Kaspersky press office');
      const newsroom = (await (await api.items(new Request('http://localhost/api/playground/items'))).json()) as { items: { sourceName: string }[] };
      expect(newsroom.items.map((i) => i.sourceName)).toEqual(['Kaspersky press office']);
      const sources = (await (await api.sources()).json()) as { imported: { name: string }[] };
      expect(sources.imported.map((s) => s.name)).toEqual(['Kaspersky press office']);
      // The chat renderings hold no id at all; the newsroom shows the names above (the source id stays only as its filter's value).
      expect(JSON.stringify(rendered)).not.toMatch(/file:|7f3a9c0d1e2b4a5c/);
    });
  });

  it('through the CLI: named once, remembered on the next import, shown by ask', async () => {
    const root = fromRoot();
    if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    const env = { PATH: process.env.PATH ?? '', HOME: work, DATA_DIR: join(work, 'data'), LOG_LEVEL: 'silent' };
    const cli = (args: string[]) =>
      new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [join(root, 'bin', 'cyberpolicy.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout }));
      });
    expect(await cli(['ingest', '--source-name', 'Kaspersky press office', path])).toEqual({ code: 0, stdout: `${path}: 1 new, 0 updated, 0 duplicate\n` });
    expect(await cli(['ingest', path])).toEqual({ code: 0, stdout: `${path}: 0 new, 0 updated, 1 duplicate\n` });
    const asked = await cli(['ask', '--channel', 'demo:1', 'search Kaspersky']);
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain('Sources: Kaspersky press office');
    expect(asked.stdout).toContain('Published 3 Mar 2022 (date from text)');
    expect(asked.stdout).not.toMatch(/file:|7f3a9c0d1e2b4a5c/);
  });
});
