import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshClusterTemplate, makePgliteTemplate } from '../../src/store/pglite-template.js';
import { openStore } from '../../src/store/store.js';

describe('the PGlite cluster template (an empty DATA_DIR without initdb)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-template-'));
  const template = join(dir, 'template.tar.gz');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is unpacked into an empty folder, which then migrates and works like any store; an existing cluster is left alone', async () => {
    await makePgliteTemplate(template);
    const dataDir = join(dir, 'data');
    expect(freshClusterTemplate(dataDir, template)).toBeInstanceOf(Blob);
    const store = await openStore({ dataDir, pgliteTemplate: template });
    try {
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      await store.channels.getOrCreate('demo:playground', new Date('2026-12-07T00:00:00Z'));
      expect([await store.items.count(), (await store.channels.get('demo:playground'))?.id]).toEqual([0, 'demo:playground']);
    } finally {
      await store.close();
    }
    expect(freshClusterTemplate(dataDir, template)).toBeUndefined();
    // Reopened: the channel is still there.
    const again = await openStore({ dataDir, pgliteTemplate: template });
    try {
      expect((await again.channels.get('demo:playground'))?.id).toBe('demo:playground');
    } finally {
      await again.close();
    }
  }, 120_000);

  it('is not used when there is none (a checkout that was not built runs initdb)', () => {
    expect(freshClusterTemplate(join(dir, 'other'), join(dir, 'missing.tar.gz'))).toBeUndefined();
  });
});
