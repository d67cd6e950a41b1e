import type { Clock } from '../../src/clock.js';
import type { Logger } from '../../src/logger.js';
import type { ChannelLifecyclePort, InstallationPort } from '../../src/platform/adapter-ports.js';
import type { BotTokenSource } from './slack-transport.js';
import { SLACK_PLATFORM } from './slack-channel.js';

/** What we keep per workspace after OAuth (sealed with ENCRYPTION_KEY by the installation repository). */
export interface SlackInstallation {
  teamId: string;
  teamName: string | null;
  enterpriseId: string | null;
  appId: string | null;
  botToken: string;
  botUserId: string | null;
  botId: string | null;
  scopes: string[];
  installerUserId: string | null;
  installedAt: string;
}

export const UNINSTALLED_REASON = 'slack app uninstalled or token revoked';

const installationId = (teamId: string) => `${SLACK_PLATFORM}:${teamId}`;

/**
 * Slack installations in our database, and the single-workspace token when SLACK_BOT_TOKEN is set.
 * The stored installation wins over the env token for its workspace.
 */
export class SlackInstallations implements BotTokenSource {
  constructor(
    private readonly deps: { installations: InstallationPort; channels: ChannelLifecyclePort; clock: Clock; logger: Logger; envBotToken?: string; oauth: boolean },
  ) {}

  async save(installation: SlackInstallation): Promise<void> {
    await this.deps.installations.save(installationId(installation.teamId), SLACK_PLATFORM, installation, this.deps.clock.now());
    // A reinstall brings the workspace's channels back.
    await this.setChannelsDisabled(installation.teamId, null);
  }

  async get(teamId: string): Promise<SlackInstallation | null> {
    return this.deps.installations.get<SlackInstallation>(installationId(teamId));
  }

  async botToken(teamId: string): Promise<string | null> {
    if (this.deps.oauth) {
      const found = await this.get(teamId);
      if (found) return found.botToken;
    }
    return this.deps.envBotToken ?? null;
  }

  /** app_uninstalled / tokens_revoked: forget the tokens and stop the workspace's deliveries. */
  async removeWorkspace(teamId: string): Promise<void> {
    const removed = await this.deps.installations.delete(installationId(teamId));
    const disabled = await this.setChannelsDisabled(teamId, UNINSTALLED_REASON);
    this.deps.logger.info({ teamId, removedInstallation: removed, disabledChannels: disabled }, 'slack: workspace removed');
  }

  private async setChannelsDisabled(teamId: string, reason: string | null): Promise<number> {
    const now = this.deps.clock.now();
    // Re-enable only what an uninstall disabled; other reasons (channel archived…) stay.
    return reason === null
      ? this.deps.channels.enableWorkspace(SLACK_PLATFORM, teamId, UNINSTALLED_REASON, now)
      : this.deps.channels.disableWorkspace(SLACK_PLATFORM, teamId, reason, now);
  }
}
