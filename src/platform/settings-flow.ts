import { t } from '../i18n/t.js';
import type { ReplyDocument } from '../replies/reply-document.js';
import { settingsCommands, type SettingsChange, type SettingsView } from '../replies/settings-view.js';
import type { CommandOrigin, CommandSink } from './command-sink.js';

/** What a settings surface shows after a load or a save. */
export interface SettingsOutcome {
  /** The `settings` answer (its `settings` field is the form); an error reply when the core refused. */
  doc: ReplyDocument;
  settings: SettingsView | null;
  /** What the commands answered (confirmations or refusals), in the channel's language, for a line above the form. */
  notice: string[];
  /** The commands that ran, in order. */
  commands: string[];
}

/** The channel's settings form, through the `settings` command. */
export async function loadSettings(sink: CommandSink, origin: CommandOrigin): Promise<SettingsOutcome> {
  const doc = await sink.processCommand(origin, 'settings');
  return { doc, settings: doc.settings ?? null, notice: doc.settings ? [] : replyLines(doc), commands: [] };
}

/**
 * Saves a settings form (`change` may be computed from the current form, e.g. one checkbox group of
 * several): the change becomes the typed commands a user could send (subscribe,
 * unsubscribe, unfollow, schedule, language), each run through the command center like a typed one
 * (same checks, same rate limit), then the form is read again.
 */
export async function saveSettings(
  sink: CommandSink,
  origin: CommandOrigin,
  change: SettingsChange | ((current: SettingsView) => SettingsChange),
): Promise<SettingsOutcome> {
  const before = await loadSettings(sink, origin);
  if (!before.settings) return before;
  const commands = settingsCommands(before.settings, typeof change === 'function' ? change(before.settings) : change);
  if (commands.length === 0) return { ...before, notice: [t(before.settings.lang, 'settings.noChange')] };
  const notice: string[] = [];
  for (const command of commands) notice.push(...replyLines(await sink.processCommand(origin, command)));
  const after = await loadSettings(sink, origin);
  return { ...after, notice: [...notice, ...after.notice], commands };
}

/** The text of a short reply (a confirmation or an error), line by line. */
function replyLines(doc: ReplyDocument): string[] {
  const lines = doc.blocks.flatMap((b) => (b.type === 'text' ? b.text.split('\n') : []));
  return (lines.length > 0 ? lines : [doc.fallbackText]).map((l) => l.trim()).filter(Boolean);
}
