import { isLoopbackAddress, jsonResponse } from '../../src/server/http-server.js';
import type { PlatformPlugin, PluginContext, PluginInstance } from '../../src/server/platform-plugin.js';
import { InboundActivitySchema } from './activity.js';
import { hasTeamsCredentials, loadTeamsConfig } from './teams-config.js';
import { TEAMS_PLATFORM } from './teams-channel.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

/** Test and sovereign-cloud seams; production uses the defaults. */
export interface TeamsPluginOptions {
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
  outboundToken?: () => Promise<string>;
  /** How long a send waits for the Bot Connector's answer (default 10 s). */
  answerTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * The Microsoft Teams adapter: POST /api/messages on the shared server, commands by @mention, Adaptive
 * Cards, proactive digests. botbuilder is loaded only when `serve` starts it.
 */
export function createTeamsPlugin(options: TeamsPluginOptions = {}): PlatformPlugin {
  return {
    name: TEAMS_PLATFORM,
    channelPlatform: TEAMS_PLATFORM,
    hasCredentials: hasTeamsCredentials,
    start: (context) => startTeams(context, options),
    cliCommands: {
      'teams-package': {
        summary: 'Build the Teams app package (manifest.json and icons) as a zip: [--out file.zip] [--bot-id <id>]',
        run: async (args) => (await import('./app-package-command.js')).runTeamsPackageCommand(args, process.env),
      },
    },
  };
}

export const teamsPlugin = createTeamsPlugin();

async function startTeams(context: PluginContext, options: TeamsPluginOptions): Promise<PluginInstance> {
  const config = loadTeamsConfig(context.env);
  const [{ createBotFramework }, { TeamsConversations }, { SlidingWindowLimiter, TEAMS_CONVERSATION_LIMITS, TEAMS_SHARED_CONVERSATION_HOUR, TEAMS_SHARED_CONVERSATION_INTERVAL_MS, TEAMS_TENANT_LIMITS, TenantMargin, withMargin }, { ConversationSender }, { TeamsActivityHandler }, { TeamsTransport }] =
    await Promise.all([
      import('./bot-framework.js'),
      import('./conversation-references.js'),
      import('./rate-limiter.js'),
      import('./delivery-retry.js'),
      import('./activity-handler.js'),
      import('./teams-transport.js'),
    ]);
  const { GraphDeliveryProbe } = await import('./graph-delivery-probe.js');
  const logger = context.logger.child({ platform: TEAMS_PLATFORM });
  const bot = await createBotFramework({ config, logger, openIdMetadataUrl: options.openIdMetadataUrl, tokenIssuer: options.tokenIssuer, outboundToken: options.outboundToken, answerTimeoutMs: options.answerTimeoutMs });
  const conversations = new TeamsConversations(context.ports, context.clock, logger);
  const tenantMargin = new TenantMargin();
  const sender = new ConversationSender({
    limiter: new SlidingWindowLimiter(context.clock, withMargin(TEAMS_CONVERSATION_LIMITS)),
    // The tenant's 50 a second, its windows longer by a margin learned from the connector's answers.
    tenantLimiter: new SlidingWindowLimiter(context.clock, () => tenantMargin.windows()),
    tenantMargin,
    logger,
    sleep: options.sleep,
    random: options.random,
    // Replicas share the tenant's rate (50 a second), its Retry-After and each conversation's limits.
    shared: context.limits
      ? {
          tenantSlots: context.limits.pacer('teams-tenant', TEAMS_TENANT_LIMITS[0]!.windowMs / TEAMS_TENANT_LIMITS[0]!.max),
          tenantSlotMs: TEAMS_TENANT_LIMITS[0]!.windowMs / TEAMS_TENANT_LIMITS[0]!.max,
          held: context.limits.penalty('teams-tenant'),
          conversationSlots: context.limits.pacer('teams-conversation', TEAMS_SHARED_CONVERSATION_INTERVAL_MS),
          conversationHour: context.limits.window('teams-conversation-hour', TEAMS_SHARED_CONVERSATION_HOUR.max, TEAMS_SHARED_CONVERSATION_HOUR.windowMs),
        }
      : undefined,
  });
  // With app credentials the outbox can read team channels back through Microsoft Graph (RSC grant).
  const probe =
    config.MicrosoftAppId && config.MicrosoftAppPassword
      ? new GraphDeliveryProbe({ appId: config.MicrosoftAppId, appPassword: config.MicrosoftAppPassword, graphUrl: config.MICROSOFT_GRAPH_URL, loginUrl: config.MICROSOFT_LOGIN_URL, logger })
      : undefined;
  const handler = new TeamsActivityHandler({ sink: context.sink, conversations, sender, logger });
  const authenticated = Boolean(config.MicrosoftAppId);

  context.http.route('POST', TEAMS_MESSAGES_PATH, async (request, meta) => {
    // Without an app id nothing can be verified, so only this machine may talk to the bot (Emulator, tests).
    if (!authenticated && !isLoopbackAddress(meta.remoteAddress)) {
      return jsonResponse({ error: 'forbidden: set MicrosoftAppId to accept requests from Teams' }, 403);
    }
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return jsonResponse({ error: 'the request body is not JSON' }, 400);
    }
    const parsed = InboundActivitySchema.safeParse(body);
    if (!parsed.success) return jsonResponse({ error: 'the request body is not a Bot Framework activity' }, 400);
    try {
      const result = await bot.process(parsed.data, request.headers.get('authorization') ?? '', (turn) => handler.handle(turn));
      return result.body === undefined ? new Response(null, { status: result.status }) : jsonResponse(result.body, result.status);
    } catch (err) {
      logger.error({ err, type: parsed.data.type }, 'teams: activity failed');
      return jsonResponse({ error: 'the bot could not handle this activity' }, 500);
    }
  });

  if (authenticated) {
    logger.info({ appId: config.MicrosoftAppId, appType: config.MicrosoftAppType }, 'teams: Bot Framework authentication on');
  } else {
    logger.warn('teams: MicrosoftAppId is not set, so requests cannot be authenticated; accepting them only from loopback addresses (Bot Framework Emulator, local tests)');
  }
  return {
    transport: new TeamsTransport(bot, conversations, sender, TEAMS_TENANT_LIMITS[0]!.max, probe, logger),
    describe: () =>
      authenticated
        ? `teams: POST ${TEAMS_MESSAGES_PATH} (Bot Framework JWT required, app ${config.MicrosoftAppId}, ${config.MicrosoftAppType})`
        : `teams: POST ${TEAMS_MESSAGES_PATH} (no MicrosoftAppId: loopback requests only, unauthenticated)`,
    stop: async () => {},
  };
}

