import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSourceCatalog } from '../../src/ingest/source-catalog.js';
import { ensureBuiltCli, runCli, type CliRun } from '../helpers/run-cli.js';

// The built CLI (bin/cyberpolicy.js -> dist/), as an operator runs it. No network: nothing here fetches.
const catalog = loadSourceCatalog();

let work: string;
let dataDir: string;

function cli(args: string[]): Promise<CliRun> {
  return runCli({ home: work, dataDir, args });
}

beforeAll(() => {
  ensureBuiltCli();
  work = mkdtempSync(join(tmpdir(), 'cp-catalog-'));
  dataDir = join(work, 'data');
}, 180_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

interface JsonEntry {
  id: string;
  feedUrl: string;
  siteUrl: string;
  language: string;
  kind: string;
  provenance: { foundIn: string; foundAt: string; readOn: string; note: string };
}

describe('cyberpolicy sources catalog / add from the catalogue (built CLI)', { timeout: 180_000 }, () => {
  it('`sources catalog --json` prints the whole catalogue: at least 40 sources in at least 10 languages, each with its provenance', async () => {
    const run = await cli(['sources', 'catalog', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const entries = JSON.parse(run.stdout) as JsonEntry[];
    expect(entries.map((e) => e.id)).toEqual(catalog.sources.map((s) => s.id));
    expect(entries.length).toBeGreaterThanOrEqual(40);
    expect(new Set(entries.map((e) => e.language)).size).toBeGreaterThanOrEqual(10);
    for (const e of entries) {
      expect(e.provenance.note.length, e.id).toBeGreaterThanOrEqual(10);
      expect(e.provenance.readOn, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(e.provenance.foundAt, e.id).not.toBe('');
    }
  });

  it('`sources catalog --lang lt` prints the Lithuanian entries only', async () => {
    const lt = catalog.sources.filter((s) => s.language === 'lt');
    const run = await cli(['sources', 'catalog', '--lang', 'lt']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      lt.map((s) => `${s.id}  lt  ${s.kind}${s.region ? `  ${s.region}` : ''}  ${s.name}\n  ${s.feedUrl}\n`).join('') +
        `${lt.length} of ${catalog.sources.length} catalogue sources in ${catalog.languages().length} languages; add with \`cyberpolicy sources add catalog:<id>\` or \`--catalog <kind|lang>\`\n`,
    );
  });

  it('`sources add catalog:<id>` stores that source with its language; `--catalog <lang>` adds exactly that language; an unknown id exits 1 naming it', async () => {
    const added = await cli(['sources', 'add', 'catalog:cert-bund-wid']);
    expect(added).toEqual({ code: 0, stdout: 'added cert-bund-wid (de, cert): https://wid.cert-bund.de/content/public/securityAdvisory/rss\n', stderr: '' });

    const ja = catalog.sources.filter((s) => s.language === 'ja');
    const group = await cli(['sources', 'add', '--catalog', 'ja']);
    expect(group.code).toBe(0);
    expect(group.stdout).toBe(ja.map((s) => `added ${s.id} (ja, ${s.kind}): ${s.feedUrl}\n`).join(''));

    const unknown = await cli(['sources', 'add', 'catalog:no-such-source']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('cyberpolicy sources add: no catalogue source "no-such-source"; see `cyberpolicy sources catalog`\n');

    const list = await cli(['sources', 'list', '--json']);
    const rows = (JSON.parse(list.stdout) as { url: string; language: string; catalogId: string; lastFetchAt: string | null }[]).map((r) => [r.catalogId, r.language, r.url, r.lastFetchAt]);
    expect(rows.sort()).toEqual(
      [['cert-bund-wid', 'de', 'https://wid.cert-bund.de/content/public/securityAdvisory/rss', null], ...ja.map((s) => [s.id, 'ja', s.feedUrl, null])].sort(),
    );
  });
});
