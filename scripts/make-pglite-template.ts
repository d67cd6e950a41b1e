/**
 * Build step (`npm run build`): writes dist/pglite-template-<version>.tar.gz, a fresh PGlite cluster
 * that `serve`, `ingest` and the other commands unpack into an empty DATA_DIR instead of running
 * initdb (src/store/pglite-template.ts says why). Kept when it already exists.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaultTemplatePath, makePgliteTemplate } from '../src/store/pglite-template.js';

const path = defaultTemplatePath();
if (!existsSync(path)) {
  mkdirSync(dirname(path), { recursive: true });
  await makePgliteTemplate(path);
}
