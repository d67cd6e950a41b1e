import { beforeEach, describe, expect, it } from 'vitest';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { backendTerminator, countDeliveries, endBlindRetryWait, guaranteeCounts, unrecordedPosts, useWorkerFleet, waitingDeliveries } from '../helpers/outbox-fleet.js';
import { seedDueChannels, startWorker, waitFor } from './support/fleet.js';

const CHANNELS = 60;
const channelId = (i: number) => `slack:T_TEST:C${i}`;

/**
 * The fault suite with the real Slack transport (Web API client, metadata, recovery probe) in worker
 * processes on one PostgreSQL, against the fake Slack: SIGKILL between Slack's 200 and the commit,
 * answers lost by a client timeout after Slack accepted the post, and PostgreSQL connections
 * terminated mid fan-out. Counts are per (channel, delivery key) from the posts' metadata.
 */
describe('Slack fault suite (worker processes, real Slack transport, PostgreSQL)', () => {
  const fleet = useWorkerFleet('slackfaults', {
    start: async () => {
      const slack = await new FakeSlackServer().start();
      slack.clockTs = true;
      return slack;
    },
    stop: (slack) => slack.close(),
  });
  // Shorthands for this test's fleet (set anew before each test).
  let store: typeof fleet.store;
  let slack: FakeSlackServer;
  let workers: typeof fleet.workers;
  beforeEach(() => {
    ({ store, fake: slack, workers } = fleet);
  });

  const env = (extra: Record<string, string> = {}) => ({ DATABASE_URL: fleet.db.url, TRANSPORT: 'slack', SLACK_API_URL: slack.apiUrl, LEASE_MS: '1500', POLL_MS: '100', ...extra });

  async function statuses(): Promise<Record<string, number>> {
    const rows = await store.database.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`);
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  async function allSent(timeoutMs: number): Promise<void> {
    let last = {};
    await waitFor(
      async () => {
        last = await statuses().catch(() => ({}));
        return (last as Record<string, number>).sent === CHANNELS;
      },
      timeoutMs,
      () => `deliveries ${JSON.stringify(last)}, landed ${slack.landed.length}\n${workers.map((w) => `--- ${w.id}\n${w.output()}`).join('\n')}`,
    );
  }

  /** Kills every worker once `at` posts have landed (each answer is still `answerDelayMs` away). */
  function killAllAt(at: number): { landedAtKill: () => number } {
    let landedAtKill = 0;
    slack.answerDelayMs = 60;
    slack.on('post', (_m: unknown, total: number) => {
      if (!landedAtKill && total >= at) {
        landedAtKill = total;
        for (const w of workers) w.child.kill('SIGKILL');
      }
    });
    return { landedAtKill: () => landedAtKill };
  }

  it('SIGKILL between Slack\'s 200 and the commit, history granted: 0 lost, 0 duplicated (the probe finds the posts)', async () => {
    await seedDueChannels(store, CHANNELS, new Date(), channelId);
    const kill = killAllAt(20);
    workers.push(await startWorker('a', env()));
    await waitFor(() => kill.landedAtKill() > 0, 60_000, () => `no kill yet, landed ${slack.landed.length}`);
    expect(await workers[0]!.exited).toBeNull();
    const unrecorded = await countDeliveries(store, `status = 'sending'`);
    slack.answerDelayMs = 0;
    workers.push(await startWorker('restarted', env()));
    await allSent(60_000);
    const recovered = await countDeliveries(store, `attempts > 1 AND guarantee = 'exactly-once'`);
    console.log(`[slack-faults] SIGKILL at post ${kill.landedAtKill()}, rows left sending ${unrecorded}, history reads ${slack.callsOf('conversations.history').length}`);
    expect([slack.digestCounts().size, slack.landed.length, slack.duplicates()]).toEqual([CHANNELS, CHANNELS, 0]);
    // The kill left posts that landed but were never recorded; the restart found them in the history.
    expect(slack.callsOf('conversations.history').length).toBeGreaterThanOrEqual(1);
    expect(recovered).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('SIGKILL without the history scope: no re-post within 60 s, then at most one duplicate per post in flight at the kill', async () => {
    slack.grantedScopes = ['commands', 'chat:write', 'chat:write.public', 'channels:read'];
    await seedDueChannels(store, CHANNELS, new Date(), channelId);
    const kill = killAllAt(20);
    workers.push(await startWorker('a', env()));
    await waitFor(() => kill.landedAtKill() > 0, 60_000, () => `no kill yet, landed ${slack.landed.length}`);
    await workers[0]!.exited;
    // Posts that landed but were not recorded: the worker had begun posting (last_post_at) and died.
    const inFlight = await unrecordedPosts(store);
    slack.answerDelayMs = 0;
    workers.push(await startWorker('restarted', env()));
    // Everything else goes out; the unknown ones wait for 60 s after their attempt.
    await waitFor(async () => (await statuses()).sent === CHANNELS - inFlight, 60_000, () => JSON.stringify(slack.landed.length));
    const waiting = await waitingDeliveries(store);
    expect(waiting.length).toBe(inFlight);
    expect(waiting.every((w) => w.waitMs >= 60_000 && w.lastError.startsWith('outcome_unknown: the workspace did not grant channels:history'))).toBe(true);
    expect(slack.duplicates()).toBe(0);
    // Let the 60 s pass for those rows.
    await endBlindRetryWait(store);
    await allSent(60_000);
    console.log(`[slack-faults] no history scope: ${inFlight} unknown at the kill, duplicates ${slack.duplicates()}`);
    expect(slack.digestCounts().size).toBe(CHANNELS);
    expect(slack.duplicates()).toBeLessThanOrEqual(inFlight);
    expect(await guaranteeCounts(store)).toEqual([['at-most-one-duplicate', CHANNELS]]);
  }, 150_000);

  it('PostgreSQL connections terminated mid fan-out, and answers lost by a client timeout after Slack accepted: 0 lost, 0 duplicated', async () => {
    await seedDueChannels(store, CHANNELS, new Date(), channelId);
    // Three channels' posts land, but their answers come after the client's 500 ms timeout.
    for (const c of ['C3', 'C17', 'C41']) slack.hangAfterLanding.set(c, 1_500);
    slack.answerDelayMs = 20;
    const backends = await backendTerminator(fleet.db.url);
    const killAt = new Set([15, 35]);
    slack.on('post', (_m: unknown, total: number) => {
      if (killAt.delete(total)) backends.terminate();
    });
    workers.push(await startWorker('a', env({ POST_TIMEOUT_MS: '500' })), await startWorker('b', env({ POST_TIMEOUT_MS: '500' })));
    await allSent(90_000);
    await backends.close();
    console.log(`[slack-faults] backends terminated ${backends.terminated()}, landed ${slack.landed.length}, history reads ${slack.callsOf('conversations.history').length}`);
    expect(backends.terminated()).toBeGreaterThanOrEqual(2);
    expect([slack.digestCounts().size, slack.landed.length, slack.duplicates()]).toEqual([CHANNELS, CHANNELS, 0]);
    // Each timed-out post was found by the probe, not posted again.
    expect(slack.callsOf('conversations.history').length).toBeGreaterThanOrEqual(3);
  }, 150_000);
});
