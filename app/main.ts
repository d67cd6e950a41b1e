// Composition root: the only place that puts the platform-neutral core (src/) and the adapters together.
// `serve` builds its app in ./serve-app.ts (loaded only for serve, so other commands start fast).
// `serve` itself runs in a worker of this module with a bounded V8 heap (src/cli/bounded-heap.ts): the
// main thread then loads nothing else, and only waits.
import { bootBoundedHeapWorker, inBoundedHeapWorker, reportExitCode, runInBoundedHeap, SERVE_YOUNG_MB } from '../src/cli/bounded-heap.js';
import { surviveClosedOutput } from '../src/cli/survive-closed-output.js';

surviveClosedOutput();
const argv = process.argv.slice(2);
const heapMb = await serveHeapMb(argv);
if (heapMb > 0) {
  process.exitCode = await runInBoundedHeap(new URL(import.meta.url), argv, { oldMb: heapMb, youngMb: SERVE_YOUNG_MB });
} else {
  if (inBoundedHeapWorker()) bootBoundedHeapWorker();
  const [{ platformPlugins }, { runCli }] = await Promise.all([import('../adapters/plugins.js'), import('../src/cli/main.js')]);
  const code = await runCli(argv, {
    plugins: platformPlugins,
    startApp: async (context) => (await import('./serve-app.js')).startApp(context, platformPlugins),
  });
  // `serve` resolves only after a graceful shutdown, so this runs last for every command.
  process.exitCode = code;
  if (inBoundedHeapWorker()) reportExitCode(code);
}

/** The old generation's bound for a `serve` started here, in MB (0: none, run on this thread). */
async function serveHeapMb(args: string[]): Promise<number> {
  if (inBoundedHeapWorker() || args[0] !== 'serve' || args.length > 1) return 0;
  const { loadEnv } = await import('../src/config.js');
  try {
    return loadEnv(process.env, ['SERVE_HEAP_MB']).SERVE_HEAP_MB;
  } catch {
    return 0; // a bad value: the CLI's own reading of the environment reports it
  }
}
