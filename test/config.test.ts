import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAPTER_ENV, EnvSchema, loadCoreConfig, loadEnv, publicUrlOf } from '../src/config.js';
import { packageRoot } from '../src/package-root.js';

/** Variables only the test suite and the bench read (documented in the same table). */
const TEST_ONLY = ['TEST_DATABASE_URL', 'CHROMIUM_PATH', 'REQUIRE_BROWSER', 'BENCH_WORK_DIR', 'BENCH_SERVE_NODE_ARGS'];

/** The README's "Environment variables" table: each row's names and its default cell. */
function readmeRows(): { names: string[]; defaults: string }[] {
  const readme = readFileSync(join(packageRoot(), 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Environment variables'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| Variable')));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [names, defaults] = line.split(' | ').map((cell) => cell.replace(/^\| /, ''));
      return { names: [...names!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), defaults: defaults! };
    });
}

describe('one schema for every environment variable', () => {
  it('the README documents exactly the variables the schema reads (plus the test suite\'s and the bench\'s own)', () => {
    const documented = readmeRows().flatMap((row) => row.names);
    expect([...documented].sort()).toEqual([...Object.keys(EnvSchema.shape), ...TEST_ONLY].sort());
  });

  it('each single-variable row states the schema\'s default', () => {
    const defaults = loadEnv({}, Object.keys(EnvSchema.shape) as (keyof typeof EnvSchema.shape)[]) as Record<string, unknown>;
    const checked: string[] = [];
    for (const row of readmeRows()) {
      if (row.names.length !== 1 || TEST_ONLY.includes(row.names[0]!)) continue;
      const value = defaults[row.names[0]!];
      const cell = row.defaults.match(/^`([^`]*)`/)?.[1];
      if (value === undefined) expect(cell === undefined || row.names[0] === 'PUBLIC_URL' || row.names[0] === 'LOG_LEVEL', row.names[0]).toBe(true);
      else if (value === '') expect(row.defaults, row.names[0]).toBe('empty');
      else expect(cell, row.names[0]).toBe(value === true ? '1' : String(value));
      checked.push(row.names[0]!);
    }
    expect(checked).toContain('PORT');
    expect(checked).toContain('FEED_MAX_BYTES');
  });

  it('every adapter variable is in the schema, and the core leaves them to the adapter', () => {
    for (const name of Object.values(ADAPTER_ENV).flat()) expect(Object.keys(EnvSchema.shape)).toContain(name);
    const core = loadCoreConfig({ SLACK_BOT_TOKEN: 'not-a-token', PLAYGROUND: 'maybe' });
    expect(Object.keys(core)).not.toContain('SLACK_BOT_TOKEN');
  });

  it('delivery tuning, PUBLIC_URL and LOG_LEVEL go through the schema', () => {
    expect(loadCoreConfig({})).toMatchObject({ DELIVERY_LEASE_MS: 60_000, DELIVERY_POLL_MS: 1_000 });
    expect(loadCoreConfig({}).DELIVERY_CONCURRENCY).toBe(undefined);
    expect(loadCoreConfig({ DELIVERY_CONCURRENCY: '16', DELIVERY_COMPOSE_CONCURRENCY: '3' })).toMatchObject({ DELIVERY_CONCURRENCY: 16, DELIVERY_COMPOSE_CONCURRENCY: 3 });
    expect(() => loadCoreConfig({ DELIVERY_POLL_MS: '-5' })).toThrow('environment variable DELIVERY_POLL_MS');
    expect(() => loadCoreConfig({ LOG_LEVEL: 'loud' })).toThrow('environment variable LOG_LEVEL');
    expect(() => loadCoreConfig({ PUBLIC_URL: 'bot.example.org' })).toThrow('environment variable PUBLIC_URL');
    expect(publicUrlOf(loadCoreConfig({ HOST: '0.0.0.0', PORT: '8080' }))).toBe('http://127.0.0.1:8080');
    expect(publicUrlOf(loadCoreConfig({ PUBLIC_URL: 'https://bot.example.org' }))).toBe('https://bot.example.org');
    expect(loadEnv({ PLAYGROUND: '0' }, ['PLAYGROUND']).PLAYGROUND).toBe(false);
    expect(loadEnv({ PLAYGROUND: ' ' }, ['PLAYGROUND']).PLAYGROUND).toBe(undefined);
  });
});
