import type { PlatformPlugin } from '../../src/server/platform-plugin.js';
import { hasSlackCredentials, loadSlackConfig } from './slack-config.js';
import { SLACK_PLATFORM } from './slack-channel.js';
import type { SlackRuntimeOptions } from './slack-runtime.js';

/** The Slack adapter as `serve` sees it. Bolt loads only when Slack is configured (fast --help). */
export function createSlackPlugin(options: SlackRuntimeOptions = {}): PlatformPlugin {
  return {
    name: SLACK_PLATFORM,
    channelPlatform: SLACK_PLATFORM,
    hasCredentials: hasSlackCredentials,
    async start(context) {
      if (!hasSlackCredentials(context.env)) return null;
      const config = loadSlackConfig(context.env);
      const { startSlack } = await import('./slack-runtime.js');
      return startSlack(context, config, options);
    },
  };
}

export const slackPlugin: PlatformPlugin = createSlackPlugin();
