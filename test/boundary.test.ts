import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS, SETTINGS_ACTION_IDS } from '../src/replies/action-ids.js';
import { packageRoot } from '../src/package-root.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
  });
}

// Every way a module can pull in another: import … from, export … from, import('…'), require('…') and
// side-effect imports (`import '…'`), which run a module's top level without naming anything.
const importPattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s*)['"]([^'"]+)['"]/gm;

/** Every platform SDK the project depends on, and the one adapter folder allowed to import each. */
const PLATFORM_SDKS: { pattern: RegExp; owners: string[] }[] = [
  { pattern: /^@slack\//, owners: ['adapters/slack/'] },
  { pattern: /^botbuilder/, owners: ['adapters/teams/'] },
  { pattern: /^botframework/, owners: ['adapters/teams/'] },
  { pattern: /^@microsoft\/agents/, owners: ['adapters/teams/'] },
  { pattern: /^@microsoft\/app-manifest/, owners: ['adapters/teams/'] },
  // MSAL gets the Teams bot's Bot Connector token.
  { pattern: /^@azure\/msal/, owners: ['adapters/teams/'] },
  // The playground page draws Teams cards with Microsoft's renderer, in the browser.
  { pattern: /^adaptivecards/, owners: ['adapters/teams/', 'adapters/playground/client/'] },
];

interface ImportEdge {
  file: string;
  spec: string;
  /** The imported file relative to the package root, for relative specs; the package name otherwise. */
  target: string;
}

function importsOf(root: string, file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importPattern)].map((m) => {
    const spec = m[1]!;
    const target = spec.startsWith('.') ? relative(root, resolve(dirname(file), spec)) : spec;
    return { file: relative(root, file), spec, target };
  });
}

/**
 * What each folder may not import; docs/ARCHITECTURE.md states the same rules in words. Forbidden edges
 * rather than an allow-list, so a new module in an allowed place needs no change here.
 */
const RULES: { from: string; not: RegExp; why: string }[] = [
  { from: 'src/', not: /^(adapters|app)\//, why: 'the core never imports an adapter or the composition root' },
  { from: 'adapters/', not: /^src\/store\//, why: 'adapters reach the database only through the ports in src/platform/adapter-ports.ts' },
  { from: 'adapters/', not: /^app\//, why: 'adapters do not import the composition root' },
  { from: 'adapters/slack/', not: /^adapters\/(teams|playground)\//, why: 'one adapter does not import another' },
  { from: 'adapters/teams/', not: /^adapters\/(slack|playground)\//, why: 'one adapter does not import another' },
  { from: 'src/digests/', not: /^src\/(delivery|commands|server|cli|core)\//, why: 'delivery depends on digests, never the reverse' },
  { from: 'src/store/', not: /^src\/(commands|digests|delivery|server|cli|core|ingest)\//, why: 'the store is below everything that uses it' },
  { from: 'src/platform/', not: /^src\/(store|commands|digests|delivery|server|cli|core|ingest)\//, why: 'the platform contract stands alone' },
  { from: 'src/items/', not: /^src\/(?!items\/)[a-z-]+\//, why: 'items are plain data' },
  { from: 'src/analysis/', not: /^src\/(store|commands|digests|delivery|server|cli|core|ingest)\//, why: 'analysis is pure text work' },
  { from: 'src/dates/', not: /^src\/(store|commands|digests|delivery|server|cli|core|ingest)\//, why: 'reading dates is pure text work' },
];

describe('platform boundary', () => {
  const root = packageRoot();
  const files = ['src', 'adapters', 'app'].flatMap((dir) => sourceFiles(join(root, dir)));
  const edges = files.flatMap((file) => importsOf(root, file));

  it('finds the sources and their imports, side-effect imports included', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(edges.length).toBeGreaterThan(500);
    const sideEffect = [...`import './polyfill.js';\nimport "x";\nexport { a } from './a.js';`.matchAll(importPattern)].map((m) => m[1]);
    expect(sideEffect).toEqual(['./polyfill.js', 'x', './a.js']);
  });

  it('the core imports no platform SDK; each SDK only in its own adapter', () => {
    const offenders = edges
      .filter((e) => PLATFORM_SDKS.some((sdk) => sdk.pattern.test(e.spec) && !sdk.owners.some((owner) => e.file.startsWith(owner))))
      .map((e) => `${e.file} imports ${e.spec}`);
    expect(offenders).toEqual([]);
  });

  it('every platform SDK in package.json is listed here', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const sdkLike = Object.keys(pkg.dependencies).filter((name) => /^(@slack\/|botbuilder|botframework|adaptivecards|@microsoft\/|@azure\/msal)/.test(name));
    expect(sdkLike.length).toBeGreaterThan(0);
    for (const name of sdkLike) expect(PLATFORM_SDKS.some((sdk) => sdk.pattern.test(name)), name).toBe(true);
  });

  it.each(RULES)('$from does not import $not ($why)', ({ from, not }) => {
    const offenders = edges.filter((e) => e.file.startsWith(from) && not.test(e.target)).map((e) => `${e.file} imports ${e.spec}`);
    expect(offenders).toEqual([]);
  });

  it('the rules catch what they forbid (an adapter importing the store, a side-effect SDK import)', () => {
    const fake = (file: string, spec: string): ImportEdge => ({ file, spec, target: spec.startsWith('.') ? relative(root, resolve(root, dirname(file), spec)) : spec });
    const storeImport = fake('adapters/slack/x.ts', '../../src/store/store.js');
    expect(RULES.some((r) => storeImport.file.startsWith(r.from) && r.not.test(storeImport.target))).toBe(true);
    const [sdk] = [...`import 'botbuilder';`.matchAll(importPattern)].map((m) => fake('src/core/x.ts', m[1]!));
    expect(PLATFORM_SDKS.some((s) => s.pattern.test(sdk!.spec) && !s.owners.some((o) => sdk!.file.startsWith(o)))).toBe(true);
  });
});

describe('one owner for each name', () => {
  const root = packageRoot();
  const files = ['src', 'adapters', 'app'].flatMap((dir) => sourceFiles(join(root, dir)));
  const owners = (pattern: RegExp) => files.filter((file) => pattern.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file));

  it.each([...ACTION_IDS, ...SETTINGS_ACTION_IDS])('action id %s is spelled in one source file', (id) => {
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

describe('docs/ARCHITECTURE.md stays true', () => {
  const root = packageRoot();
  const doc = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8');

  it('names every folder of src/ and adapters/', () => {
    const folders = ['src', 'adapters'].flatMap((dir) =>
      readdirSync(join(root, dir)).filter((name) => statSync(join(root, dir, name)).isDirectory()).map((name) => `\`${dir}/${name}/\``),
    );
    expect(folders.filter((folder) => !doc.includes(folder))).toEqual([]);
  });

  it('states every import rule the test enforces', () => {
    expect(RULES.map((rule) => rule.why).filter((why) => !doc.includes(why))).toEqual([]);
  });
});
