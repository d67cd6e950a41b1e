import type { Clock } from '../../src/clock.js';
import { DEFAULT_UI_LANG, isUiLanguage } from '../../src/i18n/t.js';
import type { Logger } from '../../src/logger.js';
import type { ChannelLanguagePort } from '../../src/platform/adapter-ports.js';
import type { SlackApi } from './slack-api.js';
import { slackChannelId } from './slack-channel.js';
import type { BotTokenSource } from './slack-transport.js';

/** How long a first command waits for users.info before the channel starts in English. */
export const LOCALE_LOOKUP_MS = 800;
/** Channels remembered as existing before the set starts again (a few hundred KB at most). */
const KNOWN_CHANNELS = 20_000;
// A Slack locale is an IETF tag such as "fr-FR", "es-LA" or "zh-TW"; only its language part matters.
const SLACK_LOCALE = /^([a-z]{2,3})(?:-[A-Za-z0-9]{2,8})*$/;

/** The shipped UI language of a Slack locale ("fr-FR" -> "fr"), or English when the bot does not speak it or there is none. */
export function languageOfLocale(locale: string | null | undefined): string {
  const lang = locale ? SLACK_LOCALE.exec(locale.trim())?.[1]?.toLowerCase() : undefined;
  return lang && isUiLanguage(lang) ? lang : DEFAULT_UI_LANG;
}

/**
 * A Slack channel the bot has never served starts in the language of the person who brought the bot
 * there: the first to run /cyberpolicy in it, or who invited the bot (member_joined_channel's
 * `inviter`). Slack tells us that person's locale through users.info (include_locale, users:read).
 * Set once: a channel that exists already keeps its language, chosen or not.
 */
export class ChannelStartLanguage {
  private readonly botUsers = new Map<string, Promise<string | null>>();
  /**
   * Channels known to exist (channels are never deleted): every command in them would otherwise read
   * the channel row here and again in the command center, one more query on PGlite's one connection.
   */
  private readonly known = new Set<string>();

  constructor(
    private readonly deps: {
      api: SlackApi;
      tokens: BotTokenSource;
      languages: ChannelLanguagePort;
      clock: Clock;
      logger: Logger;
      lookupMs?: number;
    },
  ) {}

  /**
   * Starts the channel in `userId`'s language when it was never used; returns that language, or null
   * when the channel already had one. A missing scope, an unknown user or a slow Slack means English.
   */
  async start(teamId: string, channel: string, userId: string | undefined): Promise<string | null> {
    const id = slackChannelId(teamId, channel);
    if (this.known.has(id)) return null;
    if ((await this.deps.languages.get(id)) !== null) {
      this.remember(id);
      return null;
    }
    const lang = languageOfLocale(userId ? await this.localeOf(teamId, userId) : null);
    const started = await this.deps.languages.startIn(id, lang, this.deps.clock.now());
    this.remember(id);
    if (!started) return null;
    this.deps.logger.info({ channelId: id, lang }, 'slack: new channel starts in its user\'s language');
    return lang;
  }

  private remember(id: string): void {
    if (this.known.size >= KNOWN_CHANNELS) this.known.clear();
    this.known.add(id);
  }

  /** True when `userId` is this app's bot user in the workspace (auth.test's user_id, asked once per workspace). */
  async isBotUser(teamId: string, userId: string): Promise<boolean> {
    let found = this.botUsers.get(teamId);
    if (!found) {
      found = this.botUserOf(teamId);
      this.botUsers.set(teamId, found);
      // A failed look-up is asked again next time.
      void found.then((id) => id ?? this.botUsers.delete(teamId));
    }
    return (await found) === userId;
  }

  private async botUserOf(teamId: string): Promise<string | null> {
    const token = await this.deps.tokens.botToken(teamId);
    if (!token) return null;
    try {
      return (await this.deps.api.authTest(token)).userId || null;
    } catch (err) {
      this.deps.logger.warn({ teamId, reason: (err as { error?: string }).error ?? 'request_failed' }, 'slack: auth.test failed');
      return null;
    }
  }

  private async localeOf(teamId: string, userId: string): Promise<string | null> {
    const token = await this.deps.tokens.botToken(teamId);
    if (!token) return null;
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.deps.lookupMs ?? LOCALE_LOOKUP_MS)));
      return await Promise.race([this.deps.api.userLocale(token, userId), late]);
    } catch (err) {
      // users:read not granted (an install from before it was asked), a deleted user, Slack down: English.
      this.deps.logger.warn({ teamId, reason: (err as { error?: string }).error ?? 'request_failed' }, 'slack: users.info gave no locale');
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}
