import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_PARTIAL, UsageError, type CliContext } from '../cli-command.js';
import { openCliStore } from '../open-cli-store.js';
import { loadCoreConfig } from '../../config.js';
import { systemClock } from '../../clock.js';
import { errorMessage, InputError } from '../../errors.js';
import { planOpmlImport } from '../../ingest/opml-import.js';
import { readOpml } from '../../ingest/opml-read.js';
import { writeOpml } from '../../ingest/opml-write.js';
import { formatBytes } from '../../ingest/safe-fetch.js';

/**
 * `cyberpolicy sources import FILE.opml`: every feed outline of the file, checked first (XML, URL guard,
 * duplicates), then the valid ones written in one statement. A file that cannot be read as OPML imports
 * nothing (exit 1, naming the line for broken XML); entries with a refused URL are skipped and reported
 * by line (exit 1), duplicates and feeds already stored are reported by line and change nothing (exit 0).
 */
export async function runOpmlImport(args: string[], context: CliContext): Promise<number> {
  const { io } = context;
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) throw new UsageError('import needs one OPML file: cyberpolicy sources import <file.opml>');
  const name = files[0]!;
  const path = resolve(context.owner?.cwd ?? process.cwd(), name);
  const config = loadCoreConfig(context.env);
  const fail = (message: string) => {
    io.err(`cyberpolicy sources import: ${message}; nothing was imported`);
    return EXIT_PARTIAL;
  };

  let bytes: Buffer;
  try {
    const size = (await stat(path)).size;
    if (size > config.FEED_MAX_BYTES) return fail(`${name}: larger than the ${formatBytes(config.FEED_MAX_BYTES)} limit (FEED_MAX_BYTES)`);
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(`${name}: cannot read the file (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : errorMessage(err)})`);
  }
  let plan;
  let ignored;
  try {
    const doc = await readOpml(bytes, name);
    ignored = doc.ignored;
    plan = await planOpmlImport(doc, { allow: config.FETCH_ALLOW, addedBy: 'cli:opml', now: systemClock.now() });
  } catch (err) {
    if (err instanceof InputError) return fail(err.userMessage);
    throw err;
  }

  const at = (line: number | null) => (line ? `${name} line ${line}` : name);
  const store = await openCliStore(context, 'sources');
  let added: Set<string>;
  try {
    added = new Set(await store.sources.addMany(plan.add));
  } finally {
    await store.close();
  }
  const present = plan.add.filter((s) => !added.has(s.url));
  for (const s of present) io.err(`${at(s.line)}: already a source: ${s.url}`);
  for (const s of plan.skipped) io.err(`${at(s.line)}: skipped: ${s.reason}`);
  for (const i of ignored) io.err(`${at(i.line)}: ignored: ${i.reason}`);
  const refused = plan.skipped.filter((s) => s.error).length;
  const duplicates = plan.skipped.length - refused;
  io.out(`${name}: ${added.size} added, ${present.length} already sources, ${duplicates} duplicate${duplicates === 1 ? '' : 's'} in the file, ${refused} refused`);
  return refused > 0 ? EXIT_PARTIAL : EXIT_OK;
}

/** `cyberpolicy sources export [--out FILE]`: the sources as OPML 2.0, on stdout or into FILE. */
export async function runOpmlExport(args: string[], context: CliContext): Promise<number> {
  let out: string | undefined;
  try {
    const parsed = parseArgs({ args, strict: true, allowPositionals: false, options: { out: { type: 'string' } } });
    out = parsed.values.out;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const store = await openCliStore(context, 'sources');
  let xml: string;
  let count: number;
  try {
    const rows = await store.sources.list();
    count = rows.length;
    const generated = await writeOpml(rows);
    xml = generated.endsWith('\n') ? generated : `${generated}\n`;
  } finally {
    await store.close();
  }
  if (out === undefined) {
    // io.out ends the line itself.
    context.io.out(xml.slice(0, -1));
    return EXIT_OK;
  }
  await writeFile(resolve(context.owner?.cwd ?? process.cwd(), out), xml);
  context.io.out(`wrote ${count} source${count === 1 ? '' : 's'} to ${out}`);
  return EXIT_OK;
}
