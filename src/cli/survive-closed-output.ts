/**
 * A reader that goes away (`cyberpolicy ask … | head`, a supervisor closing the log pipe) must end the
 * output, not the process: without a listener, the EPIPE of the next console write (node-cron warns
 * through console.warn) is an uncaught 'error' that kills `serve`. pino's own stream already copes.
 */
export function surviveClosedOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
}
