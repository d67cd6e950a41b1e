import { z } from 'zod';
import type { Logger } from '../../src/logger.js';
import type { ChannelLifecyclePort } from '../../src/platform/adapter-ports.js';
import type { CommandSink } from '../../src/platform/command-sink.js';
import { loadSettings, saveSettings, type SettingsOutcome } from '../../src/platform/settings-flow.js';
import { SETTINGS_ACTION, SETTINGS_ACTION_IDS, type SettingsActionId } from '../../src/replies/action-ids.js';
import type { SettingsChange, SettingsView } from '../../src/replies/settings-view.js';
import { renderHomeView, TOPICS_PER_GROUP, type HomeView } from './app-home-view.js';
import { decodeSlackChannel, SLACK_PLATFORM } from './slack-channel.js';
import { slackOrigin } from './slack-listeners.js';

/** Publishes a Home tab for one user (views.publish with the workspace's bot token). */
export type PublishHome = (userId: string, view: HomeView) => Promise<void>;

/** Matches the settings elements' action ids in Bolt's app.action() (a numbered suffix for the topic groups). */
export const SETTINGS_ACTION_PATTERN = new RegExp(`^(${SETTINGS_ACTION_IDS.join('|')})(:\\d+)?$`);

// Public (C…) and private (G…) channel ids; the tests' ids carry underscores.
const SLACK_CONVERSATION = /^[CG][A-Z0-9_]{1,30}$/;
/** Users whose last channel is remembered (oldest forgotten first). */
const MAX_REMEMBERED = 10_000;

/** One element's change, as Slack sends it in block_actions (only the fields we read, validated). */
const HomeAction = z.looseObject({
  action_id: z.string().max(255),
  value: z.string().max(2000).optional(),
  selected_conversation: z.string().max(64).optional(),
  selected_time: z.string().max(8).optional(),
  selected_option: z.looseObject({ value: z.string().max(150) }).nullable().optional(),
  selected_options: z.array(z.looseObject({ value: z.string().max(150) })).max(10).optional(),
});

/**
 * The App Home tab: one channel's settings (topics, follows, schedule, language), for the channel the
 * user picks at the top. Opening the tab shows the channel the user last used with the bot in this
 * process, else the workspace's most recently changed channel, else asks to pick one. Every change
 * runs as the typed commands it stands for (settingsCommands) and the tab is republished in place.
 */
export class SlackAppHome {
  private readonly lastChannel = new Map<string, string>();

  constructor(private readonly deps: { sink: CommandSink; channels: ChannelLifecyclePort; logger: Logger }) {}

  /** The user worked in this channel (a command, a button, a pick): their Home tab starts there. */
  remember(teamId: string, userId: string, channelId: string): void {
    if (!SLACK_CONVERSATION.test(channelId)) return;
    const key = `${teamId}:${userId}`;
    this.lastChannel.delete(key);
    this.lastChannel.set(key, channelId);
    if (this.lastChannel.size > MAX_REMEMBERED) this.lastChannel.delete(this.lastChannel.keys().next().value!);
  }

  async opened(teamId: string, userId: string, publish: PublishHome): Promise<void> {
    const channel = await this.defaultChannel(teamId, userId);
    await this.show(teamId, userId, channel, channel ? await loadSettings(this.deps.sink, slackOrigin(teamId, channel, userId)) : null, publish);
  }

  /** A block_actions from the Home tab: `viewChannel` is the channel its private_metadata names. */
  async acted(teamId: string, userId: string, viewChannel: string, rawAction: unknown, publish: PublishHome): Promise<void> {
    const parsed = HomeAction.safeParse(rawAction);
    if (!parsed.success) return;
    const action = parsed.data;
    const [base, index] = action.action_id.split(':') as [SettingsActionId, string | undefined];
    if (base === SETTINGS_ACTION.channel) {
      const picked = action.selected_conversation ?? '';
      if (!SLACK_CONVERSATION.test(picked)) return;
      this.remember(teamId, userId, picked);
      await this.show(teamId, userId, picked, await loadSettings(this.deps.sink, slackOrigin(teamId, picked, userId)), publish);
      return;
    }
    if (!SLACK_CONVERSATION.test(viewChannel)) return;
    const change = changeOf(base, Number(index ?? 0), action);
    if (!change) return;
    this.remember(teamId, userId, viewChannel);
    const outcome = await saveSettings(this.deps.sink, slackOrigin(teamId, viewChannel, userId), change);
    await this.show(teamId, userId, viewChannel, outcome, publish);
  }

  private async show(teamId: string, userId: string, channel: string | null, outcome: SettingsOutcome | null, publish: PublishHome): Promise<void> {
    const view = renderHomeView(outcome?.settings ?? null, outcome?.settings ? channel : null, outcome?.notice ?? [], outcome?.doc.lang);
    try {
      await publish(userId, view);
    } catch (err) {
      this.deps.logger.warn({ err: (err as { error?: string }).error ?? (err as Error)?.message, teamId }, 'slack: views.publish failed');
    }
  }

  private async defaultChannel(teamId: string, userId: string): Promise<string | null> {
    const last = this.lastChannel.get(`${teamId}:${userId}`);
    if (last) return last;
    const recent = await this.deps.channels.recentChannels(SLACK_PLATFORM, teamId, 1);
    const channel = recent[0] ? decodeSlackChannel(recent[0])?.channel : undefined;
    return channel && SLACK_CONVERSATION.test(channel) ? channel : null;
  }
}

/** What one element's new value asks to change (the topics of one checkbox group replace that group's part). */
function changeOf(base: SettingsActionId, index: number, action: z.infer<typeof HomeAction>): SettingsChange | ((current: SettingsView) => SettingsChange) | null {
  switch (base) {
    case SETTINGS_ACTION.topics: {
      if (!action.selected_options) return null;
      const selected = new Set(action.selected_options.map((o) => o.value));
      return (current) => {
        const group = new Set(current.topics.slice(index * TOPICS_PER_GROUP, (index + 1) * TOPICS_PER_GROUP).map((topic) => topic.slug));
        return { topics: current.topics.filter((topic) => (group.has(topic.slug) ? selected.has(topic.slug) : topic.on)).map((topic) => topic.slug) };
      };
    }
    case SETTINGS_ACTION.day:
      return action.selected_option ? { day: action.selected_option.value } : null;
    case SETTINGS_ACTION.zone:
      return action.selected_option ? { zone: action.selected_option.value } : null;
    case SETTINGS_ACTION.language:
      return action.selected_option ? { language: action.selected_option.value } : null;
    case SETTINGS_ACTION.time:
      return action.selected_time ? { time: action.selected_time } : null;
    case SETTINGS_ACTION.unfollow:
      return action.value ? { unfollow: [action.value] } : null;
    default:
      return null;
  }
}
