import { z } from 'zod';
import { DEFAULT_UI_LANG, t } from '../../src/i18n/t.js';
import type { Logger } from '../../src/logger.js';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { renderText } from '../../src/replies/render-text.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import type { Turn } from './activity.js';
import { channelIdOf, originOf, submittedActionOf } from './teams-message.js';
import { saveSettings } from '../../src/platform/settings-flow.js';
import { ADAPTIVE_CARD_CONTENT_TYPE } from './message-activities.js';
import { renderSettingsCard, settingsSubmitOf } from './settings-card.js';

/** The invoke response type that shows a message and leaves the card as it is (Universal Actions). */
export const ACTIVITY_MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';

// The adapter's own words are English (it does not know the conversation's language); the core's replies carry theirs.
const UNSUPPORTED = t(DEFAULT_UI_LANG, 'adapter.unsupportedButton');

/** adaptiveCard/action's value: the Action.Execute that was pressed (verb and data). */
const ExecuteValue = z.looseObject({
  action: z.looseObject({ type: z.string().optional(), verb: z.string().optional(), data: z.unknown().optional() }),
});

/**
 * Answers every invoke activity Teams may send to this app, so none falls through to the SDK's 501.
 * The app package declares a bot only (no message extension, task module, files or configuration), so
 * Teams sends `adaptiveCard/action` (a card's Action.Execute, Universal Actions) and the Bot Framework
 * sends `healthCheck`. adaptiveCard/action gets 200 with an AdaptiveCardInvokeResponse of type
 * application/vnd.microsoft.activity.message: the confirmation is shown and the digest card stays as
 * it is for everyone. The settings card's Save sent this way is answered with the updated card instead
 * (type application/vnd.microsoft.card.adaptive), which Teams shows in place. Any other invoke gets 200
 * with an empty body: nothing to do, and no error shown.
 */
export class TeamsInvokeHandler {
  constructor(private readonly deps: { sink: CommandSink; logger: Logger }) {}

  async handle(turn: Turn): Promise<void> {
    const activity = turn.activity;
    switch (activity.name) {
      case 'adaptiveCard/action':
        return this.cardAction(turn);
      case 'healthCheck':
        return turn.respond(200, { healthResults: { success: true, messages: ['cyberpolicy is up'] } });
      default:
        this.deps.logger.debug({ name: activity.name }, 'teams: invoke this app does not use; answered 200');
        return turn.respond(200);
    }
  }

  private async cardAction(turn: Turn): Promise<void> {
    const activity = turn.activity;
    const channelId = channelIdOf(activity);
    const parsed = ExecuteValue.safeParse(activity.value);
    // Action.Execute carries the same data our Action.Submit buttons do ({ action, value }).
    const data = parsed.success ? parsed.data.action.data : undefined;
    const settings = settingsSubmitOf({ ...activity, value: data });
    if (channelId && settings) return this.saveSettings(turn, originOf(activity, channelId), settings);
    const action = parsed.success ? submittedActionOf({ ...activity, value: data }) : null;
    if (!channelId || !action) return turn.respond(200, message(UNSUPPORTED));
    const origin: CommandOrigin = originOf(activity, channelId);
    let doc: ReplyDocument;
    try {
      doc = await this.deps.sink.processAction(origin, action);
    } catch (err) {
      this.deps.logger.error({ err, channelId }, 'teams: card action failed');
      return turn.respond(200, message(t(DEFAULT_UI_LANG, 'adapter.teamsFailed')));
    }
    return turn.respond(200, message(renderText(doc)));
  }

  /**
   * The settings card's Save sent as Action.Execute (a client using Universal Actions): the same typed
   * commands as the Action.Submit path, answered with the updated card, which Teams shows in place.
   */
  private async saveSettings(turn: Turn, origin: CommandOrigin, change: NonNullable<ReturnType<typeof settingsSubmitOf>>): Promise<void> {
    try {
      const outcome = await saveSettings(this.deps.sink, origin, change);
      if (!outcome.settings) return turn.respond(200, message(renderText(outcome.doc)));
      return turn.respond(200, { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: renderSettingsCard(outcome.settings, outcome.notice) });
    } catch (err) {
      this.deps.logger.error({ err, channelId: origin.channelId }, 'teams: settings save failed');
      return turn.respond(200, message(t(DEFAULT_UI_LANG, 'adapter.teamsFailed')));
    }
  }
}

/** An AdaptiveCardInvokeResponse that shows `text` to the person who pressed the button. */
function message(text: string): { statusCode: number; type: string; value: string } {
  return { statusCode: 200, type: ACTIVITY_MESSAGE_TYPE, value: text };
}
