import { DEFAULT_UI_LANG, t } from '../../src/i18n/t.js';
import type { Logger } from '../../src/logger.js';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { textReply, type ReplyDocument } from '../../src/replies/reply-document.js';
import type { Turn } from './activity.js';
import type { TeamsConversations } from './conversation-references.js';
import type { ConversationSender } from './delivery-retry.js';
import { TeamsInvokeHandler } from './invoke-handler.js';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardActivities } from './message-activities.js';
import { saveSettings } from '../../src/platform/settings-flow.js';
import type { SettingsChange, SettingsView } from '../../src/replies/settings-view.js';
import { renderSettingsCard, settingsSubmitOf } from './settings-card.js';
import { escapeCardText } from './card-text.js';
import { baseConversationId, channelIdOf, commandTextOf, hasUnknownSubmit, installChangeOf, isPersonal, originOf, referenceOf, submittedActionOf } from './teams-message.js';

// The adapter does not know a new conversation's language: its own words are English.
const LANG = DEFAULT_UI_LANG;

/**
 * One inbound turn: keep the conversation reference, handle installs and uninstalls, and run commands
 * and button presses through the core. Replies go back as a reply to the activity, which Teams shows
 * in the message's thread (channels) or in the chat (personal and group chats).
 */
export class TeamsActivityHandler {
  private readonly invokes: TeamsInvokeHandler;

  constructor(
    private readonly deps: { sink: CommandSink; conversations: TeamsConversations; sender: ConversationSender; logger: Logger },
  ) {
    this.invokes = new TeamsInvokeHandler({ sink: deps.sink, logger: deps.logger });
  }

  async handle(turn: Turn): Promise<void> {
    const activity = turn.activity;
    // An invoke always needs an HTTP answer of its own (never the SDK's 501), whatever else it carries.
    if (activity.type === 'invoke') return this.invokes.handle(turn);
    const channelId = channelIdOf(activity);
    if (!channelId) {
      this.deps.logger.debug({ type: activity.type }, 'teams: activity without tenant or conversation ignored');
      return;
    }
    const reference = referenceOf(activity);
    const change = installChangeOf(activity);
    if (change === 'uninstalled') {
      await this.deps.conversations.forget(channelId, reference);
      return;
    }
    if (reference) await this.deps.conversations.remember(channelId, reference);
    if (change === 'installed') {
      await this.reply(turn, textReply(t(LANG, isPersonal(activity) ? 'adapter.welcomePersonal' : 'adapter.welcomeChannel'), 'channel'));
      return;
    }
    if (activity.type !== 'message') return;

    const origin = originOf(activity, channelId);
    const settingsChange = settingsSubmitOf(activity);
    if (settingsChange) {
      await this.saveSettings(turn, origin, settingsChange);
      return;
    }
    const action = submittedActionOf(activity);
    if (action) {
      // Acts on the conversation the card was pressed in: origin.channelId comes from this activity.
      await this.reply(turn, await this.run(origin, () => this.deps.sink.processAction(origin, action)));
      return;
    }
    if (hasUnknownSubmit(activity)) {
      await this.reply(turn, textReply(t(LANG, 'adapter.unsupportedButton')));
      return;
    }
    const text = commandTextOf(activity);
    if (text === null) return;
    await this.reply(turn, await this.run(origin, () => this.deps.sink.processCommand(origin, text)));
  }

  /**
   * The settings card's Save: the change runs as typed commands through the core, then the card is
   * replaced in place (updateActivity on the card's message) with the saved settings and what the
   * commands answered. Without the card's id, the new card is sent as a reply instead.
   */
  private async saveSettings(turn: Turn, origin: CommandOrigin, change: (current: SettingsView) => SettingsChange): Promise<void> {
    let outcome;
    try {
      outcome = await saveSettings(this.deps.sink, origin, change);
    } catch (err) {
      this.deps.logger.error({ err, channelId: origin.channelId }, 'teams: settings save failed');
      await this.reply(turn, { ...textReply(t(LANG, 'adapter.teamsFailed')), isError: true });
      return;
    }
    if (!outcome.settings) {
      await this.reply(turn, outcome.doc);
      return;
    }
    const card = renderSettingsCard(outcome.settings, outcome.notice);
    const summary = escapeCardText(outcome.notice[0] ?? outcome.doc.fallbackText, 200);
    const activity = { type: 'message' as const, ...(summary ? { summary } : {}), attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
    const conversation = baseConversationId(turn.activity.conversation?.id ?? '');
    const cardId = turn.activity.replyToId;
    if (cardId) await this.deps.sender.send(conversation, async () => (await turn.update(cardId, activity), cardId));
    else await this.deps.sender.send(conversation, () => turn.send(activity));
  }

  private async run(origin: CommandOrigin, fn: () => Promise<ReplyDocument>): Promise<ReplyDocument> {
    try {
      return await fn();
    } catch (err) {
      this.deps.logger.error({ err, channelId: origin.channelId }, 'teams: command failed');
      return { ...textReply(t(LANG, 'adapter.teamsFailed')), isError: true };
    }
  }

  private async reply(turn: Turn, doc: ReplyDocument): Promise<void> {
    const conversation = baseConversationId(turn.activity.conversation?.id ?? '');
    for (const activity of cardActivities(doc)) await this.deps.sender.send(conversation, () => turn.send(activity));
  }
}
