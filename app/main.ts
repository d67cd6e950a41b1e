// Composition root: the only place that puts the platform-neutral core (src/) and the adapters together.
// `serve` builds its app in ./serve-app.ts (loaded only for serve, so other commands start fast).
import { platformPlugins } from '../adapters/plugins.js';
import { runCli } from '../src/cli/main.js';
import { surviveClosedOutput } from '../src/cli/survive-closed-output.js';

surviveClosedOutput();
const code = await runCli(process.argv.slice(2), {
  plugins: platformPlugins,
  startApp: async (context) => (await import('./serve-app.js')).startApp(context, platformPlugins),
});
// `serve` resolves only after a graceful shutdown, so this runs last for every command.
process.exitCode = code;
