import type { PlatformPlugin } from '../src/server/platform-plugin.js';
import { createPlaygroundPlugin } from './playground/playground-plugin.js';
import { slackPlugin } from './slack/slack-plugin.js';
import { teamsPlugin } from './teams/teams-plugin.js';

const platforms: PlatformPlugin[] = [slackPlugin, teamsPlugin];

/** The adapters the app loads. Each platform stays dormant unless its environment is set; the playground runs when none is. */
export const platformPlugins: PlatformPlugin[] = [...platforms, createPlaygroundPlugin(platforms)];
