import { readFile } from 'node:fs/promises';
import { fromRoot } from '../../src/package-root.js';
import type { RequestMeta, RouteHandler } from '../../src/server/http-server.js';
import type { PlatformPlugin, PluginContext, PluginInstance } from '../../src/server/platform-plugin.js';
import { playgroundAllowed } from './playground-access.js';
import { createPlaygroundApi } from './playground-api.js';
import { isLoopbackHost, loadPlaygroundConfig } from './playground-config.js';

const STATIC: Record<string, { file: string[]; type: string }> = {
  '/': { file: ['adapters', 'playground', 'client', 'index.html'], type: 'text/html; charset=utf-8' },
  '/playground/app.js': { file: ['dist', 'playground', 'app.js'], type: 'text/javascript; charset=utf-8' },
  '/playground/app.css': { file: ['adapters', 'playground', 'client', 'app.css'], type: 'text/css; charset=utf-8' },
};

// Everything is served from this process: no CDN, no request leaves the machine.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The local playground and newsroom page. On when no platform credentials are set (or PLAYGROUND=1);
 * beyond loopback it needs PLAYGROUND_TOKEN.
 */
export function createPlaygroundPlugin(platforms: PlatformPlugin[]): PlatformPlugin {
  return {
    name: 'playground',
    hasCredentials: () => false,
    async start(ctx: PluginContext): Promise<PluginInstance | null> {
      const config = loadPlaygroundConfig(ctx.env);
      const credentialed = platforms.some((p) => p.hasCredentials(ctx.env));
      const enabled = config.forced ?? !credentialed;
      if (!enabled) return null;
      if (!isLoopbackHost(config.host) && !config.token) {
        ctx.logger.warn({ host: config.host }, 'playground disabled: the server listens beyond loopback and PLAYGROUND_TOKEN is not set');
        return null;
      }
      const api = createPlaygroundApi({
        sink: ctx.sink,
        newsroom: ctx.ports.newsroom,
        demoPosts: ctx.demoPosts,
        clock: ctx.clock,
        languages: ctx.ports.languages,
        translation: config.translation,
      });
      const guard =
        (handler: RouteHandler): RouteHandler =>
        (request: Request, meta: RequestMeta) =>
          playgroundAllowed(request, meta, config.token)
            ? handler(request, meta)
            : new Response('playground: a token is required from this address (PLAYGROUND_TOKEN)\n', { status: 401 });
      for (const [path, asset] of Object.entries(STATIC)) {
        ctx.http.route(
          'GET',
          path,
          guard(async (request) => {
            try {
              const body = await readFile(fromRoot(...asset.file));
              const headers: Record<string, string> = { 'content-type': asset.type, 'cache-control': 'no-cache', ...SECURITY_HEADERS };
              const token = new URL(request.url).searchParams.get('token');
              if (token && path === '/') headers['set-cookie'] = `cp_playground=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
              return new Response(body, { headers });
            } catch {
              return new Response('playground assets are missing: run `npm run build`\n', { status: 503 });
            }
          }),
        );
      }
      ctx.http.route('POST', '/api/playground/command', guard((r) => api.command(r)));
      ctx.http.route('POST', '/api/playground/action', guard((r) => api.action(r)));
      ctx.http.route('POST', '/api/playground/settings', guard((r) => api.settings(r)));
      ctx.http.route('GET', '/api/playground/items', guard((r) => api.items(r)));
      ctx.http.route('GET', '/api/playground/sources', guard(() => api.sources()));
      ctx.http.route('GET', '/api/playground/channels', guard(() => api.channels()));
      ctx.http.route('GET', '/api/playground/channel', guard((r) => api.channel(r)));
      ctx.http.route('GET', '/api/playground/posted', guard((r) => api.posted(r)));
      return {
        describe: () => `playground: ${ctx.publicUrl}/ (${config.token ? 'token required beyond loopback' : 'loopback only'})`,
        stop: async () => {},
      };
    },
  };
}
