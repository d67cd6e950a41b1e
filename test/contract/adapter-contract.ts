import { describe, expect, it } from 'vitest';

/**
 * One behaviour contract that every chat adapter meets, run against the real server and a fake
 * platform API on 127.0.0.1. Each adapter's test file supplies a harness that speaks its platform.
 */
export interface AdapterHarness {
  readonly platform: 'slack' | 'teams';
  /**
   * Send `text` as a user would type it (slash command / message with @mention) in `channel`
   * (a platform-native channel or conversation id) of `workspace` (Slack team / Teams tenant).
   * Returns every reply the user saw, flattened to visible plain text, plus the raw payloads.
   */
  command(text: string, where?: { channel?: string; workspace?: string; user?: string }): Promise<{ text: string; raw: unknown[] }>;
  /** Press a button (action id and value as rendered on the last reply) in `channel`. */
  press(actionId: string, value: string, where?: { channel?: string; workspace?: string }): Promise<{ text: string; raw: unknown[] }>;
  /** Messages the fake platform received for posting into `channel`, flattened to plain text. */
  posted(where?: { channel?: string; workspace?: string }): Promise<{ text: string; raw: unknown }[]>;
  /** Let the scheduler run as if the clock said `now` (ISO), and wait for deliveries to settle. */
  runSchedulerAt(now: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The store behind the harness must hold the bundled samples (both seeds included) plus one hostile
 * item whose title is: Hostile <!channel> <@U12345> <https://evil.example|click> ransomware
 */
export function runAdapterContract(name: string, makeHarness: () => Promise<AdapterHarness>): void {
  describe(`adapter contract: ${name}`, () => {
    const withHarness = (fn: (h: AdapterHarness) => Promise<void>) => async () => {
      const h = await makeHarness();
      try {
        await fn(h);
      } finally {
        await h.close();
      }
    };

    it(
      'answers a topic command with Paris Call stories',
      withHarness(async (h) => {
        const reply = await h.command('paris-call');
        expect(reply.text).toMatch(/Paris Call/);
        expect(reply.text).toMatch(/نداء باريس|Appel de Paris/);
      }),
    );

    it(
      'finds both seeds by a canonical entity, across scripts',
      withHarness(async (h) => {
        const reply = await h.command('search Kaspersky');
        expect(reply.text).toContain('Europos Taryba');
        expect(reply.text).toContain('كاسبرسكي');
      }),
    );

    it(
      'confirms a subscription and keeps it to that channel',
      withHarness(async (h) => {
        const sub = await h.command('subscribe paris-call', { channel: 'C_ONE' });
        expect(sub.text).toMatch(/subscribed/i);
        // `list` names followed topics as "Name (slug)"; an empty channel only suggests a command.
        expect((await h.command('list', { channel: 'C_ONE' })).text).toMatch(/\(paris-call\)/);
        expect((await h.command('list', { channel: 'C_TWO' })).text).not.toMatch(/\(paris-call\)/);
      }),
    );

    it(
      'lists subscribe in help',
      withHarness(async (h) => {
        expect((await h.command('help')).text).toMatch(/subscribe/);
      }),
    );

    it(
      'suggests a topic for a typo and explains bad input without failing',
      withHarness(async (h) => {
        expect((await h.command('sanction')).text).toMatch(/Did you mean/i);
        expect((await h.command('schedule weekly funday 25:99')).text).toMatch(/day|time/i);
      }),
    );

    it(
      'never lets feed text reach the platform as markup',
      withHarness(async (h) => {
        const reply = await h.command('ransomware');
        const raw = JSON.stringify(reply.raw);
        expect(reply.text).toContain('Hostile');
        expect(raw).not.toMatch(/<!channel>/);
        expect(raw).not.toMatch(/<@U12345>/);
        expect(raw).not.toMatch(/<https:\/\/evil\.example\|click>/);
        expect(raw).not.toMatch(/\[click\]\(https:\/\/evil\.example\)/);
      }),
    );

    it(
      'acts on a button only in the channel it was pressed in',
      withHarness(async (h) => {
        const ack = await h.press('subscribe_topic', 'ransomware', { channel: 'C_BTN' });
        expect(ack.text).toMatch(/subscribed/i);
        expect((await h.command('list', { channel: 'C_BTN' })).text).toMatch(/\(ransomware\)/);
        expect((await h.command('list', { channel: 'C_OTHER' })).text).not.toMatch(/\(ransomware\)/);
      }),
    );

    it(
      'delivers a weekly digest that falls due exactly once',
      withHarness(async (h) => {
        await h.command('subscribe paris-call', { channel: 'C_DIGEST' });
        await h.command('schedule weekly mon 09:00 Europe/Vilnius', { channel: 'C_DIGEST' });
        // 2026-11-30 is a Monday; 09:00 in Vilnius is 07:00 UTC in winter.
        await h.runSchedulerAt('2026-11-30T07:00:30Z');
        await h.runSchedulerAt('2026-11-30T07:01:30Z');
        const posts = await h.posted({ channel: 'C_DIGEST' });
        expect(posts.length).toBeGreaterThanOrEqual(1);
        expect(posts[0]!.text).toMatch(/Paris Call/);
        const again = (await h.posted({ channel: 'C_DIGEST' })).length;
        await h.runSchedulerAt('2026-11-30T08:00:00Z');
        expect((await h.posted({ channel: 'C_DIGEST' })).length).toBe(again);
      }),
    );
  });
}
