import type { AuthorizeResult, AuthorizeSourceData } from '@slack/bolt';
import type { PluginContext, PluginInstance } from '../../src/server/platform-plugin.js';
import { createBoltApp, createSocketModeReceiver } from './bolt-app.js';
import { SlackAppHome } from './app-home.js';
import { LearnedWorkspaceRates } from './learned-workspace-rates.js';
import { PostRateLimiter, type LimiterTimer } from './post-rate-limiter.js';
import { describeSlackConfig, type SlackConfig } from './slack-config.js';
import { SlackInstallations } from './slack-installations.js';
import { SLACK_PLATFORM } from './slack-channel.js';
import { SlackOAuth } from './slack-oauth.js';
import { SharedPostGate } from './shared-post-gate.js';
import { SlackTransport } from './slack-transport.js';
import { createSlackWebApi } from './slack-web-api.js';
import { ChannelStartLanguage } from './channel-start-language.js';
import { WebRequestReceiver } from './web-request-receiver.js';

export interface SlackRuntimeOptions {
  /** Tests: answer in the slash-command ack only when the core replies within this many ms. */
  earlyAnswerMs?: number;
  limiterTimer?: LimiterTimer;
}

/** Wires the Slack adapter: Web API client, transport, receiver (HTTP or Socket Mode), OAuth routes. */
export async function startSlack(ctx: PluginContext, config: SlackConfig, options: SlackRuntimeOptions = {}): Promise<PluginInstance> {
  const logger = ctx.logger.child({ platform: SLACK_PLATFORM });
  const api = await createSlackWebApi({ apiUrl: config.apiUrl, logger });
  const installations = new SlackInstallations({ installations: ctx.ports.installations, channels: ctx.ports.channels, clock: ctx.clock, logger, envBotToken: config.botToken, oauth: Boolean(config.oauth) });
  // Each workspace starts at the limit an earlier run learned from Slack's 429s, while that is fresh.
  const memory = new LearnedWorkspaceRates({ port: ctx.ports.learnedRates, clock: ctx.clock, maxAgeMs: config.learnedRateMaxAgeMs, logger });
  const limiter = new PostRateLimiter({ channelIntervalMs: config.channelIntervalMs, workspacePerSecond: config.workspaceMessagesPerSecond, timer: options.limiterTimer, memory });
  const gate = ctx.limits
    ? new SharedPostGate(ctx.limits, { channelIntervalMs: config.channelIntervalMs, workspacePerSecond: config.workspaceMessagesPerSecond }, { logger })
    : undefined;
  const transport = new SlackTransport({ api, tokens: installations, limiter, logger, gate });
  const startLanguage = new ChannelStartLanguage({ api, tokens: installations, languages: ctx.ports.languages, clock: ctx.clock, logger });

  let workspace = '';
  if (config.botToken) {
    try {
      const who = await api.authTest(config.botToken);
      workspace = ` (workspace ${who.teamId}, bot ${who.userId})`;
    } catch (err) {
      // Not fatal: the token may still work once Slack is reachable; posts report their own errors.
      logger.warn({ reason: (err as { error?: string }).error ?? 'request_failed' }, 'slack: auth.test failed for SLACK_BOT_TOKEN');
    }
  }

  const authorize = async (source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> => {
    const teamId = source.teamId ?? source.enterpriseId;
    const botToken = teamId ? await installations.botToken(teamId) : config.botToken ?? null;
    if (!botToken) throw new Error(`the app is not installed in workspace ${teamId ?? '(unknown)'}`);
    return { botToken, teamId: source.teamId, enterpriseId: source.enterpriseId };
  };

  const socket = config.appToken ? await createSocketModeReceiver({ appToken: config.appToken, apiUrl: config.apiUrl, logger }) : null;
  const web = !socket && config.signingSecret ? new WebRequestReceiver({ signingSecret: config.signingSecret, clock: ctx.clock, logger }) : null;
  const receiver = socket ?? web;
  const app = receiver
    ? await createBoltApp({
        receiver,
        authorize,
        apiUrl: config.apiUrl,
        sink: ctx.sink,
        transport,
        logger,
        earlyAnswerMs: options.earlyAnswerMs,
        home: new SlackAppHome({ sink: ctx.sink, channels: ctx.ports.channels, logger }),
        onWorkspaceRemoved: (teamId) => installations.removeWorkspace(teamId),
        startLanguage: (teamId, channelId, userId) => startLanguage.start(teamId, channelId, userId),
        // Only the bot's own arrival counts (people joining later change nothing); its inviter's language, else English.
        async onBotJoined({ teamId, channelId, userId, inviter }) {
          if (await startLanguage.isBotUser(teamId, userId)) await startLanguage.start(teamId, channelId, inviter);
        },
      })
    : null;
  if (web) ctx.http.route('POST', '/slack/events', (request) => web.handle(request));

  if (config.oauth) {
    const oauth = new SlackOAuth({ config: config.oauth, apiUrl: config.apiUrl, publicUrl: ctx.publicUrl, api, installations, clock: ctx.clock, logger });
    ctx.http.route('GET', '/slack/install', () => oauth.install());
    ctx.http.route('GET', '/slack/oauth_redirect', (request) => oauth.callback(request));
  }

  if (socket && app) await app.start();

  return {
    transport,
    describe: () => `${describeSlackConfig(config)}${workspace}`,
    async stop() {
      if (socket && app) await app.stop();
      await memory.flush();
    },
  };
}
