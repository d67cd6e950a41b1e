import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchCommands, topicCommands } from '../../bench/ask-commands.js';
import { closeSeededStore, startSlackHarness, type SlackHarness } from './slack-harness.js';

/**
 * Slack wants a slash command acknowledged within 3 s. Over 200 signed slash commands to /slack/events
 * (topics and cross-script searches over the seeded store, from 200 users so none meets the per-user
 * limit), the ack's p99 stays under 1 s here, a generous bound on a loaded 2-core test machine;
 * `npm run bench` reports the figure itself as slack_ack_p99_ms.
 */
describe('Slack slash-command ack time', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  }, 180_000);
  afterAll(async () => {
    await h.close();
    await closeSeededStore();
  });

  it('p99 of 200 acks < 1 s, every one HTTP 200', async () => {
    const commands = [...topicCommands(), ...searchCommands()];
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const ack = await h.slash(commands[i % commands.length]!, { user: `U_ACK${i}` });
      expect(ack.status).toBe(200);
      times.push(ack.ms);
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.ceil(0.99 * times.length) - 1]!;
    console.log(`[slack-ack] 200 slash commands: p50 ${times[99]!.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
    expect(p99).toBeLessThan(1_000);
  }, 120_000);
});
