import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../src/package-root.js';
import { buildManifest, type ManifestOptions } from './app-manifest.js';

/** The Teams app package: manifest.json plus the two checked-in icons, zipped at the root. */
export async function buildTeamsPackage(options: ManifestOptions): Promise<Buffer> {
  const { ZipFile } = await import('yazl');
  const dir = join(packageRoot(), 'adapters/teams/app-package');
  const [color, outline] = await Promise.all([readFile(join(dir, 'color.png')), readFile(join(dir, 'outline.png'))]);
  const manifest = Buffer.from(JSON.stringify(buildManifest(options), null, 2) + '\n', 'utf8');
  const zip = new ZipFile();
  // A fixed timestamp keeps the zip byte-identical for the same inputs.
  const mtime = new Date('2026-01-01T00:00:00Z');
  zip.addBuffer(manifest, 'manifest.json', { mtime });
  zip.addBuffer(color, 'color.png', { mtime });
  zip.addBuffer(outline, 'outline.png', { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
