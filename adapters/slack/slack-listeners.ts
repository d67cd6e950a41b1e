import type { Transport } from '../../src/delivery/transport.js';
import { CyberpolicyError } from '../../src/errors.js';
import { formatNumber } from '../../src/i18n/intl-format.js';
import { DEFAULT_UI_LANG, t } from '../../src/i18n/t.js';
import type { Logger } from '../../src/logger.js';
import type { CommandOrigin, CommandSink } from '../../src/platform/command-sink.js';
import { textReply, type ActionId, type ReplyDocument } from '../../src/replies/reply-document.js';
import { slackChannelId, slackUserId } from './slack-channel.js';
import { renderBlockKit } from './block-kit-renderer.js';
import type { SlackAppHome } from './app-home.js';

/** Longest command text we pass to the core; Slack allows more, nobody types more. */
export const MAX_COMMAND_CHARS = 2000;
/** Answer inside the slash command's HTTP response when the core is this quick; otherwise respond() later. */
export const EARLY_ANSWER_MS = 1000;
// Adapter-made replies (errors before the core answered) are in English: the core owns the channel's language.
const LANG = DEFAULT_UI_LANG;
export const HELP_LINE = t(LANG, 'adapter.slackHelpLine');

type Ack = (response?: unknown) => Promise<void>;
type Respond = (message: Record<string, unknown>) => Promise<unknown>;

export interface SlashCommandInput {
  teamId: string;
  channelId: string;
  userId: string;
  text: string;
}

export interface ListenerDeps {
  sink: CommandSink;
  /** Posts channel-visible replies (`digest post`) with chat.postMessage. */
  transport: Transport;
  logger: Logger;
  earlyAnswerMs?: number;
  /** The App Home tab, which opens on the channel the user last worked in. */
  home: SlackAppHome;
  /** Starts a never-served channel in the language of the user who first speaks to it (users.info's locale). */
  startLanguage?: (teamId: string, channelId: string, userId: string) => Promise<unknown>;
}

export function slackOrigin(teamId: string, channelId: string, userId: string): CommandOrigin {
  return { channelId: slackChannelId(teamId, channelId), userId: slackUserId(userId) };
}

/** An error reply that never leaks internals: our own errors carry a user message, others do not. */
export function errorReply(err: unknown, logger: Logger): ReplyDocument {
  if (err instanceof CyberpolicyError) return { ...textReply(`${err.userMessage}\n${HELP_LINE}`), isError: true };
  logger.error({ err: (err as Error)?.message }, 'slack: command failed');
  return { ...textReply(`${t(LANG, 'adapter.slackFailed')} ${HELP_LINE}`), isError: true };
}

/**
 * /cyberpolicy: acknowledge within Slack's 3 s. A quick answer rides in the ack itself; a slow one is
 * acknowledged empty and sent through response_url. Channel replies are posted with chat.postMessage.
 */
export async function handleSlashCommand(input: SlashCommandInput, ack: Ack, respond: Respond, deps: ListenerDeps): Promise<void> {
  const origin = slackOrigin(input.teamId, input.channelId, input.userId);
  deps.home.remember(input.teamId, input.userId, input.channelId);
  if (input.text.length > MAX_COMMAND_CHARS) {
    const doc: ReplyDocument = {
      ...textReply(`${t(LANG, 'adapter.slackTooLong', { length: formatNumber(LANG, input.text.length), max: formatNumber(LANG, MAX_COMMAND_CHARS) })} ${HELP_LINE}`),
      isError: true,
    };
    await ack(ephemeral(renderBlockKit(doc)[0]!));
    return;
  }
  // A first command in a channel may start it in its user's language first; a failed look-up never stops the command.
  const starting = deps.startLanguage
    ? deps.startLanguage(input.teamId, input.channelId, input.userId).catch((err: unknown) => deps.logger.warn({ err: (err as Error)?.message }, 'slack: channel language not started'))
    : Promise.resolve();
  const work = starting.then(() => deps.sink.processCommand(origin, input.text)).catch((err: unknown) => errorReply(err, deps.logger));
  let timer: NodeJS.Timeout | undefined;
  const early = await Promise.race([work, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), deps.earlyAnswerMs ?? EARLY_ANSWER_MS)))]);
  clearTimeout(timer);
  if (early && early.visibility === 'private') {
    const messages = renderBlockKit(early);
    // A one-message answer rides in the ack; several go through response_url so they arrive in order.
    if (messages.length === 1) {
      await ack(ephemeral(messages[0]!));
      return;
    }
  }
  await ack();
  await deliver(await work, input.teamId, input.channelId, respond, deps);
}

/** Button presses: acknowledge at once, act on the channel the button is in, confirm privately. */
export async function handleAction(
  input: { teamId: string; channelId: string; userId: string; actionId: ActionId; value: string },
  respond: Respond,
  deps: ListenerDeps,
): Promise<void> {
  const origin = slackOrigin(input.teamId, input.channelId, input.userId);
  deps.home.remember(input.teamId, input.userId, input.channelId);
  const doc = await deps.sink.processAction(origin, { id: input.actionId, value: input.value }).catch((err: unknown) => errorReply(err, deps.logger));
  await deliver(doc, input.teamId, input.channelId, respond, deps);
}

async function deliver(doc: ReplyDocument, teamId: string, channelId: string, respond: Respond, deps: ListenerDeps): Promise<void> {
  if (doc.visibility === 'channel') {
    try {
      await deps.transport.post(slackChannelId(teamId, channelId), doc);
      return;
    } catch (err) {
      doc = errorReply(err, deps.logger);
    }
  }
  for (const message of renderBlockKit(doc)) await safeRespond(respond, { ...ephemeral(message), replace_original: false }, deps.logger);
}

async function safeRespond(respond: Respond, message: Record<string, unknown>, logger: Logger): Promise<void> {
  try {
    await respond(message);
  } catch (err) {
    logger.warn({ err: (err as Error)?.message }, 'slack: response_url post failed');
  }
}

function ephemeral(message: { text: string; blocks: unknown[] }): Record<string, unknown> {
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
}
