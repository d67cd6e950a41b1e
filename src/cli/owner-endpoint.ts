import { randomBytes, timingSafeEqual } from 'node:crypto';
import { renameSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { errorMessage } from '../errors.js';
import { isLoopbackAddress } from '../server/http-server.js';
import type { Logger } from '../logger.js';
import type { CliIo } from './cli-command.js';
import { ownerFilePath, type OwnerAddress } from './owner-file.js';

/**
 * `serve`'s door for CLI commands on its embedded store. PGlite allows one process per folder, so
 * while `serve` owns DATA_DIR the CLI sends it its argv and serve runs the command on its own store
 * (the same code as a local run, see runCli's `owner`) and streams the output back.
 *
 * Why this design (README, "Running it for real"): the CLI's commands, output and exit codes stay one
 * implementation; there is no second database protocol to secure, and nothing is exposed beyond
 * loopback. It listens on 127.0.0.1 on a port of its own (never HOST:PORT, so HOST=0.0.0.0 does not
 * expose it), and every request carries a 32-byte secret that serve writes to
 * DATA_DIR/cyberpolicy.owner.json with mode 0600: only the user who can open the store can use it.
 */
export interface OwnerEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

export interface OwnerEndpointOptions {
  dataDir: string;
  logger: Logger;
  /** CLI commands the endpoint runs (those that open the store); anything else is refused. */
  commands: ReadonlySet<string>;
  /** Runs one CLI command in this process with output to `io`; returns its exit code. */
  run(argv: string[], cwd: string, io: CliIo): Promise<number>;
}

const RequestSchema = z.object({
  argv: z.array(z.string().max(100_000)).min(1).max(10_000),
  cwd: z.string().min(1).max(4_096),
});
const MAX_BODY = 4 * 1024 * 1024;

export async function startOwnerEndpoint(options: OwnerEndpointOptions): Promise<OwnerEndpoint> {
  const secret = randomBytes(32).toString('hex');
  const expected = Buffer.from(`Bearer ${secret}`);
  const inFlight = new Set<Promise<unknown>>();
  const server = createServer((req, res) => {
    const done = handle(req, res).catch((err) => {
      options.logger.error({ err: errorMessage(err) }, 'cli endpoint request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.end();
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 0; // an import or a backup of a big store may take minutes; output streams meanwhile

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isLoopbackAddress(req.socket.remoteAddress ?? '')) return void res.writeHead(403).end();
    if (req.method !== 'POST' || req.url !== '/cli') return void res.writeHead(404).end();
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) return void res.writeHead(401).end();
    const body = await readBody(req);
    let parsed: z.infer<typeof RequestSchema>;
    try {
      parsed = RequestSchema.parse(JSON.parse(body ?? ''));
    } catch {
      return void res.writeHead(400).end();
    }
    const [name] = parsed.argv;
    if (!options.commands.has(name!)) return void res.writeHead(400, { 'content-type': 'text/plain' }).end(`${name} does not run through serve\n`);
    res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
    const write = (record: object) => void res.write(JSON.stringify(record) + '\n');
    const io: CliIo = { out: (line) => write({ out: line }), err: (line) => write({ err: line }), isTTY: false };
    options.logger.info({ command: name }, `running \`cyberpolicy ${name}\` for a CLI process`);
    const code = await options.run(parsed.argv, parsed.cwd, io);
    res.end(JSON.stringify({ exit: code }) + '\n');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const file = ownerFilePath(options.dataDir);
  const address: OwnerAddress = { pid: process.pid, port, secret, startedAt: new Date().toISOString() };
  // Written aside and renamed into place: a reader sees a whole file or none, and never a wider mode than 0600.
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, JSON.stringify(address) + '\n', { mode: 0o600 });
  renameSync(aside, file);
  options.logger.info({ port }, `CLI commands on this store run here (127.0.0.1:${port}, secret in ${file})`);

  return {
    port,
    async close() {
      try {
        if (JSON.parse(readFileSync(file, 'utf8')).pid === process.pid) unlinkSync(file);
      } catch {
        // gone already
      }
      server.close();
      // Commands already running finish (within serve's shutdown budget); new ones are refused.
      await Promise.allSettled([...inFlight]);
      server.closeAllConnections();
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
