import type { PlatformPlugin } from '../../src/server/platform-plugin.js';
import { hasSlackCredentials, loadSlackConfig } from './slack-config.js';

/** The Slack adapter as `serve` sees it. Bolt loads only when Slack is configured (fast --help). */
export const slackPlugin: PlatformPlugin = {
  name: 'slack',
  hasCredentials: hasSlackCredentials,
  async start(context) {
    if (!hasSlackCredentials(context.env)) return null;
    const config = loadSlackConfig(context.env);
    const { startSlack } = await import('./slack-runtime.js');
    return startSlack(context, config);
  },
};
