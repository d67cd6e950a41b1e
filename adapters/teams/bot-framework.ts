// The ONLY module that imports botbuilder. Everything else in adapters/teams speaks the plain types of
// activity.ts, so moving to @microsoft/agents-hosting (same CloudAdapter API) means rewriting this file.
// Types only at the top: the SDK itself is imported when the plugin starts (a static import would be
// hoisted into the CLI bundle and cost seconds on every `cyberpolicy --help`).
import type { Activity, ConfigurationBotFrameworkAuthentication, ConversationReference, TurnContext } from 'botbuilder';
import { retryAfterMs } from '../../src/limits/retry-after.js';
import type { Logger } from '../../src/logger.js';
import { ConnectorError, type InboundActivity, type OutboundActivity, type StoredReference, type Turn } from './activity.js';
import type { TeamsConfig } from './teams-config.js';

export interface BotFrameworkOptions {
  config: TeamsConfig;
  logger: Logger;
  /** Where the channel's token-signing keys are published (tests and sovereign clouds override it). */
  openIdMetadataUrl?: string;
  /** Issuer of channel tokens (default https://api.botframework.com). */
  tokenIssuer?: string;
  /**
   * Supplies the bearer token for outbound calls instead of Entra ID (in-process tests whose fake login
   * endpoint is plain http, which MSAL refuses). Production leaves it unset.
   */
  outboundToken?: () => Promise<string>;
  /**
   * How long a send or update waits for the Bot Connector's answer (default 10 s, as Slack's client). After
   * that the outcome is unknown (ConnectorError 0): the connector may have accepted the message.
   */
  answerTimeoutMs?: number;
}

export interface ProcessResult {
  status: number;
  body?: unknown;
}

/** The SDK seam: authenticate and run inbound activities, continue conversations proactively. */
export interface BotFramework {
  /** Validates the JWT (when an app id is set) and runs `logic`. Authentication failures give 401 and run nothing. */
  process(activity: InboundActivity, authorization: string, logic: (turn: Turn) => Promise<void>): Promise<ProcessResult>;
  /** Runs `logic` in a proactive turn for a stored conversation (continueConversationAsync). */
  continueConversation(reference: StoredReference, logic: (turn: Turn) => Promise<void>, threadId?: string): Promise<void>;
}

/** The SDK's public Azure cloud endpoints (AuthenticationConstants), restated for partial overrides. */
const PUBLIC_CLOUD = {
  ValidateAuthority: true,
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
};

type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;
type AuthenticateResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

export async function createBotFramework(options: BotFrameworkOptions): Promise<BotFramework> {
  const sdk = await import('botbuilder');
  /** CloudAdapter with the authenticated entry point made callable, so we can answer 401 ourselves. */
  class ProcessingAdapter extends sdk.CloudAdapter {
    runAuthenticated(result: AuthenticateResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
      return this.processActivity(result, activity, logic);
    }
  }
  const { config, logger } = options;
  const appId = config.MicrosoftAppId ?? '';
  const openIdMetadataUrl = options.openIdMetadataUrl ?? config.BotOpenIdMetadata;
  const settings = {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: config.MicrosoftAppPassword ?? '',
    // Without an app id (Emulator, local tests) the SDK runs unauthenticated; an app type would make it insist on one.
    ...(appId ? { MicrosoftAppType: config.MicrosoftAppType, MicrosoftAppTenantId: config.MicrosoftAppTenantId ?? '' } : {}),
    // Overriding one endpoint makes the SDK use only what it is given, so the public-cloud rest comes along.
    ...(openIdMetadataUrl || options.tokenIssuer
      ? {
          ...PUBLIC_CLOUD,
          ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl ?? PUBLIC_CLOUD.ToBotFromChannelOpenIdMetadataUrl,
          ToBotFromChannelTokenIssuer: options.tokenIssuer ?? PUBLIC_CLOUD.ToBotFromChannelTokenIssuer,
        }
      : {}),
  };
  // Outbound tokens: the client credentials grant through MSAL against MICROSOFT_LOGIN_URL (or a test's
  // supplier). A managed identity (no password) keeps the SDK's own factory.
  const token = options.outboundToken ?? (appId && config.MicrosoftAppPassword ? await msalTokens(config, appId, config.MicrosoftAppPassword) : undefined);
  const factory = token && appId ? tokenFactory(appId, token) : undefined;
  const auth = new sdk.ConfigurationBotFrameworkAuthentication(settings, factory);
  const adapter = new ProcessingAdapter(auth);
  adapter.onTurnError = async (_context, error) => {
    // Rethrown so the caller (teams-plugin) sees the failure; nothing more is sent to the user from here.
    throw error;
  };

  const answerTimeoutMs = options.answerTimeoutMs ?? 10_000;
  function turnOf(context: TurnContext): Turn {
    stripSdkRetries(context, adapter.ConnectorClientKey);
    return {
      activity: context.activity as unknown as InboundActivity,
      async send(activity: OutboundActivity) {
        const response = await wrap(() => context.sendActivity(activity as Partial<Activity>), answerTimeoutMs);
        return response?.id ?? '';
      },
      async update(activityId: string, activity: OutboundActivity) {
        await wrap(() => context.updateActivity({ ...(activity as Partial<Activity>), id: activityId }), answerTimeoutMs);
      },
      async respond(status: number, body?: unknown) {
        // CloudAdapter keeps an 'invokeResponse' activity as the HTTP answer instead of sending it.
        await context.sendActivity({ type: 'invokeResponse', value: { status, body } } as Partial<Activity>);
      },
    };
  }

  return {
    async process(activity, authorization, logic) {
      let result: AuthenticateResult;
      try {
        result = await auth.authenticateRequest(activity as unknown as Activity, authorization);
      } catch (err) {
        logger.warn({ reason: err instanceof Error ? err.message.split('\n')[0] : String(err) }, 'teams: request refused (authentication failed)');
        return { status: 401, body: { error: 'unauthorized' } };
      }
      const invoke = await adapter.runAuthenticated(result, activity as unknown as Activity, (context) => logic(turnOf(context)));
      return invoke ? { status: invoke.status, body: invoke.body } : { status: 200 };
    },

    async continueConversation(reference, logic, threadId) {
      // A reply into a channel thread is a post to "<channel conversation>;messageid=<root id>".
      const conversationId = threadId ? `${reference.conversation.id};messageid=${threadId}` : reference.conversation.id;
      const sdkReference: Partial<ConversationReference> = {
        serviceUrl: reference.serviceUrl,
        channelId: reference.channelId,
        conversation: { ...reference.conversation, id: conversationId, tenantId: reference.tenantId, isGroup: reference.conversation.isGroup ?? false, conversationType: reference.conversation.conversationType ?? '', name: '' },
        bot: { id: reference.bot.id, name: reference.bot.name ?? '' },
      };
      await wrap(() =>
        adapter.continueConversationAsync(appId, sdkReference, (context) => {
          // The SDK gives the continuation activity a random id and would send "in reply to" it; a
          // proactive post is a new message (or a thread reply through the conversation id above).
          context.activity.id = undefined as unknown as string;
          return logic(turnOf(context));
        }),
      );
    },
  };
}

/**
 * The SDK's HTTP pipeline retries 5xx and throttling by itself with its own timers; our delivery
 * layer owns retries (injected clock, jitter, per-conversation limits), so the pipeline's retry
 * phase is removed from each connector client.
 */
function stripSdkRetries(context: TurnContext, key: symbol): void {
  const connector = context.turnState.get(key) as { client?: { pipeline?: { removePolicy(options: { phase: string }): unknown } } } | undefined;
  connector?.client?.pipeline?.removePolicy({ phase: 'Retry' });
}

/**
 * Maps SDK/HTTP errors to ConnectorError (status and Retry-After); other errors pass through. With
 * `timeoutMs`, no answer by then is ConnectorError 0 (the SDK's call cannot be aborted: its late answer is
 * dropped).
 */
async function wrap<T>(fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const call = fn();
    if (timeoutMs === undefined) return await call;
    call.catch(() => undefined); // a late failure after the timeout is nobody's to handle
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ConnectorError(0, null, `Bot Connector did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return await Promise.race([call, timeout]);
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    const e = err as { statusCode?: unknown; code?: unknown; message?: string; response?: { headers?: { get?(name: string): string | undefined } } };
    if (typeof e?.statusCode === 'number') {
      throw new ConnectorError(e.statusCode, retryAfterMs(e.response?.headers?.get?.('retry-after'), Date.now()), `Bot Connector answered ${e.statusCode}`, { cause: err });
    }
    if (typeof e?.code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|REQUEST_SEND_ERROR|UND_ERR)/.test(e.code)) {
      throw new ConnectorError(0, null, `Bot Connector unreachable (${e.code})`, { cause: err });
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Gets a token for `scope` (e.g. https://api.botframework.com/.default). */
type TokenSource = (scope: string) => Promise<string>;

/**
 * The Bot Connector token by the client credentials grant, with MSAL (its cache keeps the token until it
 * expires). The authority is MICROSOFT_LOGIN_URL plus the bot's tenant (SingleTenant) or botframework.com
 * (MultiTenant), as the SDK's own factory does for the public cloud; unlike that factory, the login host is
 * declared a known authority, so a sovereign cloud or a test's identity endpoint is trusted as configured
 * instead of being checked with login.microsoftonline.com's instance discovery.
 */
async function msalTokens(config: TeamsConfig, appId: string, password: string): Promise<TokenSource> {
  const { ConfidentialClientApplication } = await import('@azure/msal-node');
  const base = config.MICROSOFT_LOGIN_URL.endsWith('/') ? config.MICROSOFT_LOGIN_URL : `${config.MICROSOFT_LOGIN_URL}/`;
  const tenant = config.MicrosoftAppType === 'SingleTenant' && config.MicrosoftAppTenantId ? config.MicrosoftAppTenantId : 'botframework.com';
  const client = new ConfidentialClientApplication({
    auth: { clientId: appId, clientSecret: password, authority: `${base}${tenant}`, knownAuthorities: [new URL(base).host] },
  });
  return async (scope) => {
    const result = await client.acquireTokenByClientCredential({ scopes: [scope] });
    if (!result?.accessToken) throw new Error('Entra ID returned no access token for the Bot Connector');
    return result.accessToken;
  };
}

/** Outbound credentials that sign with a token for the connector's audience; inbound validation still checks the app id. */
function tokenFactory(appId: string, token: TokenSource): CredentialsFactory {
  const factory = {
    isValidAppId: async (id: string) => id === appId,
    isAuthenticationDisabled: async () => false,
    createCredentials: async (_appId: string, audience: string | undefined) => ({
      signRequest: async (request: { headers: { set(name: string, value: string): void } }) => {
        const scope = `${audience || PUBLIC_CLOUD.ToChannelFromBotOAuthScope}/.default`;
        request.headers.set('authorization', `Bearer ${await token(scope)}`);
        return request;
      },
    }),
  };
  return factory as unknown as CredentialsFactory;
}
