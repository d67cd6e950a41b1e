import { EXIT_OK, EXIT_PARTIAL, UsageError, type CliCommand } from '../cli-command.js';

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  usage: 'cyberpolicy analyze <file|url>... [--json]',
  summary: 'Parse and analyse inputs without storing them (one JSON object per item with --json)',
  async run(args, { io, env }) {
    const json = args.includes('--json');
    const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
    if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
    const paths = args.filter((a) => !a.startsWith('--'));
    if (paths.length === 0) throw new UsageError('name at least one file or URL');

    const [{ loadCoreConfig }, { createAnalyzer }, { systemClock }, reader, fetcher, { AllowList }, { errorMessage }, { withoutName, once }, format] = await Promise.all([
      import('../../config.js'),
      import('../../analysis/create-analyzer.js'),
      import('../../clock.js'),
      import('../../ingest/read-inputs.js'),
      import('../../ingest/safe-fetch.js'),
      import('../../ingest/address-policy.js'),
      import('../../errors.js'),
      import('../../ingest/run-ingest.js'),
      import('../../ingest/analysis-output.js'),
    ]);
    const config = loadCoreConfig(env);
    // Loaded on the first item: refusing bad inputs costs no model loading.
    const analyzer = once(() => createAnalyzer());
    const fetch = fetcher.createSafeFetch({ allow: new AllowList(config.FETCH_ALLOW), maxBytes: config.FEED_MAX_BYTES });
    let partial = false;
    for (const input of await reader.expandInputs(paths)) {
      if ('error' in input) {
        io.err(`${input.name}: rejected: ${input.error}`);
        partial = true;
        continue;
      }
      try {
        for await (const batch of reader.readInput(input, { clock: systemClock, maxBytes: config.FEED_MAX_BYTES, fetch })) {
          for (const r of batch.rejected) io.err(`rejected: ${r}`);
          for (const w of batch.warnings.slice(0, 20)) io.err(`warning: ${w}`);
          if (batch.rejected.length) partial = true;
          if (batch.items.length === 0) continue;
          for (const item of (await analyzer()).analyze(batch.items, { known: [] })) {
            io.out(json ? JSON.stringify(format.analysisRecord(item, input.name)) : format.readableAnalysis(item, input.name));
          }
        }
      } catch (err) {
        io.err(`${input.name}: rejected: ${withoutName(errorMessage(err), input.name)}`);
        partial = true;
      }
    }
    return partial ? EXIT_PARTIAL : EXIT_OK;
  },
};
