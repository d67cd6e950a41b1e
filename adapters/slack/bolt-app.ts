// Values from @slack/bolt load lazily (esbuild inlines our modules, so a static import would load Bolt on every CLI start).
import type { App, Authorize, Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import { ACTION_ID_PATTERN, decodeActionId } from './action-id.js';
import { boltLogger } from './bolt-logger.js';
import { SETTINGS_ACTION_PATTERN, type PublishHome } from './app-home.js';
import { handleAction, handleSlashCommand, type ListenerDeps } from './slack-listeners.js';

export interface BoltAppOptions extends ListenerDeps {
  receiver: Receiver;
  authorize: Authorize<boolean>;
  apiUrl: string;
  /** app_uninstalled, or tokens_revoked for the bot: forget the workspace. */
  onWorkspaceRemoved(teamId: string): Promise<void>;
  /** member_joined_channel: the bot was added to a channel, by `inviter` when someone invited it. */
  onBotJoined?(event: { teamId: string; channelId: string; userId: string; inviter?: string }): Promise<void>;
}

/** The Bolt app: routes /cyberpolicy, our buttons and the uninstall events to the core. */
export async function createBoltApp(options: BoltAppOptions): Promise<App> {
  const { App } = await import('@slack/bolt');
  const logger = boltLogger(options.logger);
  const app = new App({
    receiver: options.receiver,
    authorize: options.authorize,
    logger,
    clientOptions: { slackApiUrl: options.apiUrl, retryConfig: { retries: 0 } },
  });

  app.command(/^\/cyberpolicy/, async ({ command, ack, respond }) => {
    await handleSlashCommand(
      { teamId: command.team_id, channelId: command.channel_id, userId: command.user_id, text: command.text ?? '' },
      ack as (r?: unknown) => Promise<void>,
      respond as (m: Record<string, unknown>) => Promise<unknown>,
      options,
    );
  });

  app.action(ACTION_ID_PATTERN, async ({ ack, body, action, respond }) => {
    await ack();
    const actionId = decodeActionId((action as { action_id?: string }).action_id ?? '');
    const b = body as { team?: { id?: string } | null; user?: { id?: string; team_id?: string }; channel?: { id?: string } };
    const teamId = b.team?.id ?? b.user?.team_id;
    const channelId = b.channel?.id;
    if (!actionId || !teamId || !channelId || !b.user?.id) {
      options.logger.warn('slack: button press without team, channel or user ignored');
      return;
    }
    await handleAction(
      { teamId, channelId, userId: b.user.id, actionId, value: String((action as { value?: string }).value ?? '') },
      respond as (m: Record<string, unknown>) => Promise<unknown>,
      options,
    );
  });

  // views.publish with the client Bolt made for this request (the workspace's bot token, SLACK_API_URL).
  const publisher = (client: { views: { publish(args: { user_id: string; view: never }): Promise<unknown> } }): PublishHome => async (userId, view) => {
    await client.views.publish({ user_id: userId, view: view as never });
  };

  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id;
    if (!teamId || !event.user) return;
    await options.home.opened(teamId, event.user, publisher(client));
  });

  // The Home tab's settings inputs: the channel they change is the one the view's private_metadata names.
  app.action(SETTINGS_ACTION_PATTERN, async ({ ack, body, action, client }) => {
    await ack();
    const b = body as { team?: { id?: string } | null; user?: { id?: string; team_id?: string }; view?: { type?: string; private_metadata?: string } };
    const teamId = b.team?.id ?? b.user?.team_id;
    if (!teamId || !b.user?.id || b.view?.type !== 'home') {
      options.logger.warn('slack: settings input outside the Home tab ignored');
      return;
    }
    await options.home.acted(teamId, b.user.id, b.view.private_metadata ?? '', action, publisher(client));
  });

  app.event('app_uninstalled', async ({ body }) => {
    const teamId = (body as { team_id?: string }).team_id;
    if (teamId) await options.onWorkspaceRemoved(teamId);
  });

  app.event('tokens_revoked', async ({ event, body }) => {
    const teamId = (body as { team_id?: string }).team_id;
    if (teamId && (event.tokens.bot?.length ?? 0) > 0) await options.onWorkspaceRemoved(teamId);
  });

  app.event('member_joined_channel', async ({ event, body }) => {
    const teamId = event.team || (body as { team_id?: string }).team_id;
    if (!teamId || !options.onBotJoined) return;
    await options.onBotJoined({ teamId, channelId: event.channel, userId: event.user, ...(event.inviter ? { inviter: event.inviter } : {}) });
  });

  app.error(async (error) => {
    options.logger.error({ err: error.message, code: error.code }, 'slack: bolt error');
  });
  return app;
}

/** Socket Mode: Slack pushes requests over a WebSocket opened with the xapp- token (no public URL needed). */
export async function createSocketModeReceiver(options: { appToken: string; apiUrl: string; logger: Logger }): Promise<SocketModeReceiver> {
  const { SocketModeReceiver } = await import('@slack/bolt');
  return new SocketModeReceiver({
    appToken: options.appToken,
    logger: boltLogger(options.logger),
    installerOptions: { clientOptions: { slackApiUrl: options.apiUrl } },
  });
}
