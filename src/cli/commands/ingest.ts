import { EXIT_OK, EXIT_PARTIAL, UsageError, type CliCommand } from '../cli-command.js';

export const ingestCommand: CliCommand = {
  name: 'ingest',
  usage: 'cyberpolicy ingest [--source-name "<name>"] <file|dir|url>... | --samples',
  summary: 'Import feeds, JSON Lines and text files (or the bundled samples) into the store',
  async run(args, context) {
    const { io, env } = context;
    const { sourceName, rest } = takeSourceName(args);
    const samples = rest.includes('--samples');
    const unknown = rest.filter((a) => a.startsWith('--') && a !== '--samples');
    if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
    const paths = rest.filter((a) => !a.startsWith('--'));
    if (!samples && paths.length === 0) throw new UsageError('name at least one file, folder or URL, or use --samples');

    // Heavy modules load only when the command runs, so `cyberpolicy --help` stays fast.
    const [{ loadCoreConfig }, { openCliStore }, { createAnalyzer }, { systemClock }, reader, runner, fetcher, { AllowList }, { ingestSamples }] = await Promise.all([
      import('../../config.js'),
      import('../open-cli-store.js'),
      import('../../analysis/create-analyzer.js'),
      import('../../clock.js'),
      import('../../ingest/read-inputs.js'),
      import('../../ingest/run-ingest.js'),
      import('../../ingest/safe-fetch.js'),
      import('../../ingest/address-policy.js'),
      import('../../ingest/sample-items.js'),
    ]);
    const config = loadCoreConfig(env);
    const inputs = await reader.expandInputs(paths, { cwd: context.owner?.cwd });
    const open = runner.once(async () => {
      const store = await openCliStore(context, 'ingest');
      try {
        return { store, analyzer: context.owner ? (await context.owner.core()).analyzer : await createAnalyzer() };
      } catch (err) {
        await store.close();
        throw err;
      }
    });
    try {
      let partial = false;
      if (samples) {
        // Through the samples loader: their dates are relative to today and the seeds get their names.
        const loaded = await ingestSamples(await open(), { clock: systemClock, onProblem: (path, message) => ((partial = true), io.err(`  rejected: ${path}: ${message}`)) });
        for (const f of loaded.files) io.out(runner.outcomeLine({ name: f.path, counts: f.counts, rejectedParts: [], warnings: [], error: null }));
      }
      const progress = io.isTTY && inputs.length > 3 ? progressBar() : undefined;
      const outcomes = await runner.ingestInputs(inputs, {
        sourceName,
        open,
        clock: systemClock,
        maxBytes: config.FEED_MAX_BYTES,
        fetch: fetcher.createSafeFetch({ allow: new AllowList(config.FETCH_ALLOW), maxBytes: config.FEED_MAX_BYTES }),
        onProgress: progress,
      });
      if (progress) process.stderr.write('\r\x1b[K');
      for (const o of outcomes) {
        io.out(runner.outcomeLine(o));
        for (const part of o.rejectedParts.slice(0, 50)) io.err(`  rejected: ${part}`);
        if (o.rejectedParts.length > 50) io.err(`  … and ${o.rejectedParts.length - 50} more rejected lines`);
        for (const w of o.warnings.slice(0, 20)) io.err(`  warning: ${w}`);
        if (o.error !== null || o.rejectedParts.length > 0) partial = true;
      }
      return partial ? EXIT_PARTIAL : EXIT_OK;
    } finally {
      const opened = open.opened();
      if (opened) await opened.then(({ store }) => store.close(), () => undefined);
    }
  },
};

/** `--source-name "<name>"` (or `--source-name=<name>`), validated, and the other arguments. */
function takeSourceName(args: string[]): { sourceName: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let sourceName: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    let value: string | undefined;
    if (a === '--source-name') {
      value = args[++i];
      if (value === undefined) throw new UsageError('--source-name needs a name, e.g. --source-name "Kaspersky press office"');
    } else if (a.startsWith('--source-name=')) value = a.slice('--source-name='.length);
    else {
      rest.push(a);
      continue;
    }
    // eslint-disable-next-line no-control-regex
    const name = value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
    if (!name || name.length > 120) throw new UsageError('--source-name must be 1 to 120 characters');
    sourceName = name;
  }
  return { sourceName, rest };
}

/** A one-line bar on stderr, redrawn in place; only used on a terminal. */
function progressBar(): (done: number, total: number) => void {
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} inputs`);
  };
}
