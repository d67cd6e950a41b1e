import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/postgres.js';

// Issue 9: stored platform tokens are sealed when ENCRYPTION_KEY is set, readable after a restart with the same
// key, refused (never silently garbled) with a missing or wrong key, and plain JSON without a key (documented).
const KEY = 'encryption-at-rest-key-0123456789';
const TOKEN = 'xoxb-at-rest-4f9e2a7c';
const install = { teamId: 'T_REST', teamName: 'Rest', botToken: TOKEN, botUserId: 'U_BOT' };
const NOW = new Date('2026-11-28T12:00:00Z');

const backends: { name: string; open(key?: string): Promise<Store>; cleanup(): Promise<void> }[] = [];
{
  const dir = mkdtempSync(join(tmpdir(), 'cp-hard-rest-'));
  backends.push({ name: 'PGlite (files)', open: (key) => openStore({ dataDir: join(dir, 'db'), encryptionKey: key }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) });
}
let pgDb: { url: string; drop(): Promise<void> } | null = null;
backends.push({
  name: 'PostgreSQL',
  open: async (key) => openStore({ databaseUrl: (pgDb ??= await createTestDatabase('cp_hard_rest')).url, encryptionKey: key }),
  cleanup: async () => void (await pgDb?.drop()),
});

afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

describe.each(backends)('installations at rest on $name', (backend) => {
  it('sealed with the key, read back after a restart, refused with no key or a wrong key, plain without a key', { timeout: 180_000 }, async () => {
    let store = await backend.open(KEY);
    try {
      await store.installations.save('slack:T_REST', 'slack', install, NOW);
      const raw = (await store.installations.rawData('slack:T_REST'))!;
      expect(raw).toMatch(/^enc:v1:[A-Za-z0-9+/=]+$/);
      expect(raw).not.toContain(TOKEN);
      expect(raw).not.toContain('T_REST');
    } finally {
      await store.close();
    }

    // Restart with the same key: the token comes back.
    store = await backend.open(KEY);
    try {
      expect(await store.installations.get('slack:T_REST')).toEqual(install);
    } finally {
      await store.close();
    }

    // Restart without the key, or with another one: a clear refusal, never a garbled token.
    store = await backend.open(undefined);
    try {
      await expect(store.installations.get('slack:T_REST')).rejects.toThrow('stored data is encrypted but ENCRYPTION_KEY is not set');
    } finally {
      await store.close();
    }
    store = await backend.open('another-key-that-is-long-enough');
    try {
      await expect(store.installations.get('slack:T_REST')).rejects.toThrow('stored data cannot be decrypted with this ENCRYPTION_KEY (it was sealed with another key, or altered)');
      // Without a key new rows are plain JSON (the documented trade-off), and still readable.
    } finally {
      await store.close();
    }
    store = await backend.open(undefined);
    try {
      await store.installations.save('slack:T_PLAIN', 'slack', { ...install, teamId: 'T_PLAIN' }, NOW);
      expect(JSON.parse((await store.installations.rawData('slack:T_PLAIN'))!)).toEqual({ ...install, teamId: 'T_PLAIN' });
      expect(await store.installations.get('slack:T_PLAIN')).toEqual({ ...install, teamId: 'T_PLAIN' });
    } finally {
      await store.close();
    }
  });
});
