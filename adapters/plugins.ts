import type { PlatformPlugin } from '../src/server/platform-plugin.js';
import { slackPlugin } from './slack/slack-plugin.js';
import { teamsPlugin } from './teams/teams-plugin.js';

/** The platform adapters the app loads. Each adapter stays dormant unless its environment is set. */
export const platformPlugins: PlatformPlugin[] = [slackPlugin, teamsPlugin];
