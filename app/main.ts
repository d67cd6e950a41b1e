// Composition root: the only place that puts the platform-neutral core (src/) and the adapters together.
import { runCli } from '../src/cli/main.js';
import { platformPlugins } from '../adapters/plugins.js';

const code = await runCli(process.argv.slice(2), platformPlugins);
// `serve` resolves only after a graceful shutdown, so this runs last for every command.
process.exitCode = code;
