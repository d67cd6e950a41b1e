import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { languageOfLocale } from '../../adapters/slack/channel-start-language.js';
import { languageName } from '../../src/i18n/intl-format.js';
import { t } from '../../src/i18n/t.js';
import { postSigned } from '../helpers/slack-signing.js';
import { closeSeededStore, SIGNING_SECRET, startSlackHarness, TEAM, type SlackHarness } from './slack-harness.js';

// The real Bolt path (signed requests to /slack/events, the real core and store) against the fake Slack,
// whose users.info answers each user's locale.
describe('a new Slack channel starts in the language of the user who brought the bot there', () => {
  let h: SlackHarness;
  const languageOf = async (channel: string) => (await h.store.channels.get(`slack:${TEAM}:${channel}`))?.uiLang ?? null;
  const lookups = () => h.slack.callsOf('users.info').map((c) => ({ user: c.args.user, include_locale: c.args.include_locale, token: c.token }));
  const current = (lang: string) => t(lang, 'language.current', { language: languageName(lang, lang), code: lang });

  /** member_joined_channel as Slack posts it to the Events API. */
  async function joined(event: { user: string; channel: string; inviter?: string }): Promise<void> {
    const body = JSON.stringify({
      token: 'XXYYZZ',
      team_id: TEAM,
      api_app_id: 'A_APP',
      event: { type: 'member_joined_channel', channel_type: 'C', team: TEAM, event_ts: '1764331300.000100', ...event },
      type: 'event_callback',
      event_id: `Ev_${event.channel}_${event.user}`,
      event_time: 1764331300,
      authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'U_BOT', is_bot: true, is_enterprise_install: false }],
    });
    const response = await postSigned(`${h.url}/slack/events`, body, {
      signingSecret: SIGNING_SECRET,
      timestampSeconds: Math.floor(h.clock.now().getTime() / 1000),
      contentType: 'application/json',
    });
    expect(response.status).toBe(200);
  }

  beforeEach(async () => {
    h = await startSlackHarness();
    h.slack.userLocales.set('U_MARIE', 'fr-FR');
    h.slack.userLocales.set('U_AKIRA', 'ja-JP');
    h.slack.userLocales.set('U_NOLOCALE', null);
    h.slack.userLocales.set('U_BOB', 'en-US');
  });
  afterEach(() => h.close());
  afterAll(() => closeSeededStore());

  it('maps Slack locales to the shipped languages, English otherwise', () => {
    expect(['fr-FR', 'es-LA', 'zh-TW', 'pt-BR', 'ja-JP', 'en-GB', '', null, 'not a locale'].map(languageOfLocale)).toEqual(['fr', 'es', 'zh', 'en', 'en', 'en', 'en', 'en', 'en']);
  });

  it('a fr-FR user\'s first command starts the channel in French, and users.info is asked once', async () => {
    const first = await h.command('language', { channel: 'C_FR', user: 'U_MARIE' });
    expect(await languageOf('C_FR')).toBe('fr');
    expect(first.text).toContain(current('fr'));
    expect(lookups()).toEqual([{ user: 'U_MARIE', include_locale: 'true', token: 'xoxb-contract' }]);
    // Someone else speaks next: the channel is known, nobody is looked up, it stays French.
    const second = await h.command('language', { channel: 'C_FR', user: 'U_BOB' });
    expect(second.text).toContain(current('fr'));
    expect(lookups()).toHaveLength(1);
  });

  it('English for a locale the bot does not ship, a user without one, a user Slack does not know, and without users:read', async () => {
    await h.command('language', { channel: 'C_JA', user: 'U_AKIRA' });
    await h.command('language', { channel: 'C_NONE', user: 'U_NOLOCALE' });
    const ghost = await h.command('language', { channel: 'C_GHOST', user: 'U_GHOST' });
    h.slack.grantedScopes = ['commands', 'chat:write', 'channels:read'];
    await h.command('language', { channel: 'C_NOSCOPE', user: 'U_MARIE' });
    expect([await languageOf('C_JA'), await languageOf('C_NONE'), await languageOf('C_GHOST'), await languageOf('C_NOSCOPE')]).toEqual(['en', 'en', 'en', 'en']);
    expect(ghost.text).toContain(current('en'));
    expect(lookups().map((l) => l.user)).toEqual(['U_AKIRA', 'U_NOLOCALE', 'U_GHOST', 'U_MARIE']);
  });

  it('the bot invited by a fr-FR user starts the channel in French before any command; people joining change nothing', async () => {
    await joined({ user: 'U_MARIE', channel: 'C_PEOPLE', inviter: 'U_BOB' });
    await joined({ user: 'U_BOT', channel: 'C_INVITED', inviter: 'U_MARIE' });
    for (let i = 0; i < 200 && (await languageOf('C_INVITED')) === null; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await languageOf('C_INVITED')).toBe('fr');
    expect(await languageOf('C_PEOPLE')).toBe(null);
    expect(lookups().map((l) => l.user)).toEqual(['U_MARIE']);
    // The first command there (by an en-US user) finds it French and asks Slack nothing more.
    expect((await h.command('language', { channel: 'C_INVITED', user: 'U_BOB' })).text).toContain(current('fr'));
    expect(lookups()).toHaveLength(1);
  });

  it('a language the channel set is never overwritten, by a later user or by the bot being invited again', async () => {
    await h.command('language de', { channel: 'C_SET', user: 'U_BOB' });
    expect(await languageOf('C_SET')).toBe('de');
    await h.command('list', { channel: 'C_SET', user: 'U_MARIE' });
    await joined({ user: 'U_BOT', channel: 'C_SET', inviter: 'U_MARIE' });
    await joined({ user: 'U_BOT', channel: 'C_MARK', inviter: 'U_MARIE' });
    for (let i = 0; i < 200 && (await languageOf('C_MARK')) === null; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await languageOf('C_SET')).toBe('de');
    expect((await h.command('language', { channel: 'C_SET', user: 'U_MARIE' })).text).toContain(current('de'));
    // Only the first speaker in C_SET and the inviter into the new C_MARK were looked up.
    expect(lookups().map((l) => l.user)).toEqual(['U_BOB', 'U_MARIE']);
  });
});
