// Child of closed-stderr.test.ts: after the parent closed its stderr pipe, warns through console (as
// node-cron does) and logs through the project's logger, then says on stdout that it is still alive.
// With the argument "unguarded" it skips surviveClosedOutput, to show the crash the guard prevents.
import { setTimeout as sleep } from 'node:timers/promises';
import { surviveClosedOutput } from '../../../src/cli/survive-closed-output.js';
import { createLogger } from '../../../src/logger.js';

if (process.argv[2] !== 'unguarded') surviveClosedOutput();
const logger = createLogger({ level: 'info', pretty: false });
await sleep(300); // the parent closes our stderr meanwhile
for (let i = 0; i < 100; i++) {
  console.warn(`[NODE-CRON] [WARN] missed execution ${i}`);
  logger.warn({ i, filler: 'x'.repeat(512) }, 'scheduler: a warning nobody reads');
  await sleep(1);
}
process.stdout.write('alive\n');
