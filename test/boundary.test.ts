import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../src/replies/action-ids.js';
import { packageRoot } from '../src/package-root.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
  });
}

const importPattern = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g;

describe('platform boundary', () => {
  const root = packageRoot();
  const files = sourceFiles(join(root, 'src'));

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('the core imports no platform SDK and no adapter', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(importPattern)) {
        const spec = match[1]!;
        if (/^@slack\//.test(spec) || /^botbuilder/.test(spec) || /^botframework/.test(spec) || /^@microsoft\/agents/.test(spec) || /(^|\/)adapters\//.test(spec) || /(^|\/)app\//.test(spec)) {
          offenders.push(`${relative(root, file)} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('one owner for each name', () => {
  const root = packageRoot();
  const files = ['src', 'adapters', 'app'].flatMap((dir) => sourceFiles(join(root, dir)));
  const owners = (pattern: RegExp) => files.filter((file) => pattern.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file));

  it.each(ACTION_IDS)('action id %s is spelled in one source file', (id) => {
    expect(owners(new RegExp(`\\b${id}\\b`))).toEqual(['src/replies/action-ids.ts']);
  });

  // A platform name in quotes, alone or as an id prefix ('slack', `teams:${…}`); not log text ("slack: …") or URLs.
  it.each([
    ['slack', 'adapters/slack/slack-channel.ts'],
    ['teams', 'adapters/teams/teams-channel.ts'],
    ['demo', 'src/platform/channel-id.ts'],
  ])('platform prefix %s is spelled in one source file', (name, owner) => {
    expect(owners(new RegExp(`['"\`]${name}(['"\`]|:(?![\\s/]))`))).toEqual([owner]);
  });
});

describe('configuration has one reader', () => {
  it('no module but src/config.ts reads a variable from the environment', () => {
    const root = packageRoot();
    const files = ['src', 'adapters', 'app'].flatMap((dir) => sourceFiles(join(root, dir)));
    const offenders = files
      .filter((file) => relative(root, file) !== join('src', 'config.ts'))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\benv\s*(?:\.\s*([A-Za-z_]\w*)|\[\s*['"`]([^'"`]+))/g)].map((m) => `${relative(root, file)}: ${m[1] ?? m[2]}`));
    expect(offenders).toEqual([]);
  });
});

describe('typecheck coverage', () => {
  it('`npm run typecheck` covers app/, src/, adapters/, bench/ and test/', () => {
    const root = packageRoot();
    const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as { include: string[] };
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.typecheck).toBe('tsc -p tsconfig.json');
    expect(tsconfig.include).toEqual(expect.arrayContaining(['app', 'src', 'adapters', 'bench', 'test']));
  });
});
