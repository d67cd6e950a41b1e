/**
 * A fresh PGlite cluster, made once at build time (`npm run build` runs scripts/make-pglite-template.ts)
 * and unpacked into an empty data folder instead of running initdb. PGlite's initdb runs inside
 * WebAssembly and leaves the process at ~840 MB RSS (measured: bench/, first-start part), where
 * opening an existing cluster costs ~350 MB; unpacking the template costs about the same as opening
 * one. Without the file (a checkout that was not built, another PGlite version) PGlite runs initdb.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../package-root.js';

/** The installed PGlite's version: a template only fits the PGlite that made it. */
export function pgliteVersion(): string {
  const pkg = JSON.parse(readFileSync(fromRoot('node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

export function defaultTemplatePath(): string {
  return fromRoot('dist', `pglite-template-${pgliteVersion()}.tar.gz`);
}

/**
 * The template to unpack into `dataDir`, or undefined when the folder already holds a cluster or
 * there is no template at `path`.
 */
export function freshClusterTemplate(dataDir: string, path = defaultTemplatePath()): Blob | undefined {
  const file = clusterTemplateFile(dataDir, path);
  return file === undefined ? undefined : new Blob([readFileSync(file)]);
}

/** The template file to unpack into `dataDir` (see freshClusterTemplate), or undefined. */
export function clusterTemplateFile(dataDir: string, path = defaultTemplatePath()): string | undefined {
  if (dataDir !== 'memory://' && existsSync(join(dataDir, 'PG_VERSION'))) return undefined;
  return existsSync(path) ? path : undefined;
}

/** Runs initdb once (in memory) and writes the cluster as a gzipped tarball to `path`. */
export async function makePgliteTemplate(path = defaultTemplatePath()): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  try {
    const dump = await db.dumpDataDir('gzip');
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
}
