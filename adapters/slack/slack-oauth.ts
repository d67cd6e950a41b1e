import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import { SlackApiError, type SlackApi } from './slack-api.js';
import type { SlackOAuthConfig } from './slack-config.js';
import type { SlackInstallation, SlackInstallations } from './slack-installations.js';

/**
 * channels:history and groups:history let a retry find a digest an earlier attempt posted; users:read
 * lets a new channel start in its user's language (users.info's locale). See adapters/slack/README.md.
 */
export const BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'channels:read', 'channels:history', 'groups:history', 'users:read'];
const STATE_COOKIE = 'slack-oauth-state';
const STATE_TTL_MS = 10 * 60 * 1000;

/**
 * "Add to Slack" for several workspaces: /slack/install sends the browser to Slack's consent page with
 * a signed, short-lived state (also set as a cookie, so a stolen link cannot be completed elsewhere);
 * /slack/oauth_redirect checks it, trades the code for a bot token and stores the installation.
 */
export class SlackOAuth {
  constructor(
    private readonly deps: {
      config: SlackOAuthConfig;
      apiUrl: string;
      publicUrl: string;
      api: SlackApi;
      installations: SlackInstallations;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  get redirectUri(): string {
    return new URL('/slack/oauth_redirect', this.deps.publicUrl).toString();
  }

  /** Slack's consent page: https://slack.com/oauth/v2/authorize, or the same path next to SLACK_API_URL. */
  get authorizeUrl(): string {
    return new URL('../oauth/v2/authorize', this.deps.apiUrl).toString();
  }

  install(): Response {
    const state = this.newState();
    const url = new URL(this.authorizeUrl);
    url.searchParams.set('client_id', this.deps.config.clientId);
    url.searchParams.set('scope', BOT_SCOPES.join(','));
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('state', state);
    const secure = this.deps.publicUrl.startsWith('https:') ? '; Secure' : '';
    return new Response(null, {
      status: 302,
      headers: {
        location: url.toString(),
        'set-cookie': `${STATE_COOKIE}=${state}; Path=/slack; HttpOnly; SameSite=Lax; Max-Age=600${secure}`,
        'cache-control': 'no-store',
      },
    });
  }

  async callback(request: Request): Promise<Response> {
    const params = new URL(request.url).searchParams;
    if (params.get('error')) return page(400, 'Installation cancelled', `Slack said: ${params.get('error')}. You can start again from /slack/install.`);
    const code = params.get('code');
    const state = params.get('state');
    if (!code || !state) return page(400, 'Installation failed', 'The link is missing its code or state. Start again from /slack/install.');
    const cookie = readCookie(request.headers.get('cookie'), STATE_COOKIE);
    if (cookie !== state || !this.checkState(state)) {
      return page(400, 'Installation failed', 'This installation link expired or was opened in another browser. Start again from /slack/install.');
    }
    let access: Record<string, unknown>;
    try {
      access = await this.deps.api.oauthV2Access({ clientId: this.deps.config.clientId, clientSecret: this.deps.config.clientSecret, code, redirectUri: this.redirectUri });
    } catch (err) {
      const reason = err instanceof SlackApiError ? err.error : 'request_failed';
      this.deps.logger.warn({ reason }, 'slack: oauth.v2.access failed');
      return page(502, 'Installation failed', `Slack did not confirm the installation (${reason}). Start again from /slack/install.`);
    }
    const installation = toInstallation(access, this.deps.clock.now());
    if (!installation) return page(502, 'Installation failed', 'Slack answered without a bot token. Check the app has a bot user, then start again.');
    await this.deps.installations.save(installation);
    this.deps.logger.info({ teamId: installation.teamId }, 'slack: installed');
    return page(200, 'Cyberpolicy is installed', `Installed in ${installation.teamName ?? installation.teamId}. In any channel, type /cyberpolicy help.`, `slack://open?team=${installation.teamId}`);
  }

  private newState(): string {
    const payload = Buffer.from(JSON.stringify({ t: this.deps.clock.now().getTime(), n: randomBytes(12).toString('base64url') })).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  private checkState(state: string): boolean {
    const [payload, mac] = state.split('.');
    if (!payload || !mac) return false;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
    try {
      const { t } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { t: number };
      const age = this.deps.clock.now().getTime() - t;
      return age >= 0 && age <= STATE_TTL_MS;
    } catch {
      return false;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.deps.config.stateSecret).update(payload).digest('base64url');
  }
}

function toInstallation(r: Record<string, unknown>, now: Date): SlackInstallation | null {
  const team = r.team as { id?: string; name?: string } | undefined;
  const enterprise = r.enterprise as { id?: string } | null | undefined;
  const token = typeof r.access_token === 'string' ? r.access_token : null;
  const teamId = team?.id ?? (r.is_enterprise_install ? enterprise?.id : undefined);
  if (!token || !teamId || r.token_type !== 'bot') return null;
  return {
    teamId,
    teamName: team?.name ?? null,
    enterpriseId: enterprise?.id ?? null,
    appId: typeof r.app_id === 'string' ? r.app_id : null,
    botToken: token,
    botUserId: typeof r.bot_user_id === 'string' ? r.bot_user_id : null,
    botId: null,
    scopes: typeof r.scope === 'string' ? r.scope.split(',') : [],
    installerUserId: (r.authed_user as { id?: string } | undefined)?.id ?? null,
    installedAt: now.toISOString(),
  };
}

function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(status: number, title: string, message: string, openUrl?: string): Response {
  const link = openUrl ? `<p><a href="${escapeHtml(openUrl)}">Open Slack</a></p>` : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${link}</body></html>`;
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
