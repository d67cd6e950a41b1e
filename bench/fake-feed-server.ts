/**
 * Feeds on 127.0.0.1 for the serve part's feed polling: `/feed/<n>.xml` is an RSS 2.0 feed of its
 * share of the given records (fresh news, so the poller analyses and stores every item). Counts the
 * feeds served.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchRecord } from './generate-items.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class FakeFeedServer {
  served = 0;
  url = '';
  private server: Server | null = null;
  private readonly bodies: string[];

  /** `feeds` feeds; record i goes to feed i mod feeds. */
  constructor(records: BenchRecord[], readonly feeds: number) {
    this.bodies = Array.from({ length: feeds }, (_, f) => {
      const items = records.filter((_, i) => i % feeds === f).map(
        (r) =>
          `<item><title>${escape(r.title)}</title><link>${escape(r.url)}</link><guid>${escape(r.url)}</guid>` +
          `<pubDate>${new Date(r.published).toUTCString()}</pubDate><description>${escape(r.content)}</description></item>`,
      );
      return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bench feed ${f}</title><link>https://feed${f}.example/</link><description>bench</description>${items.join('')}</channel></rss>\n`;
    });
  }

  feedUrl(n: number): string {
    return `${this.url}/feed/${n}.xml`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const n = Number(/^\/feed\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? -1);
      const body = this.bodies[n];
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      this.served++;
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); });
  }
}
