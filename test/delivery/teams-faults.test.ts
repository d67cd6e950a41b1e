import { describe, expect, it } from 'vitest';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { FakeBotConnector } from '../helpers/fake-bot-connector.js';
import {
  backendTerminator,
  countDeliveries,
  endBlindRetryWait,
  guaranteeCounts,
  unrecordedPosts,
  useWorkerFleet,
  waitingDeliveries,
} from '../helpers/outbox-fleet.js';
import { seedDueChannels, startWorker, waitFor } from './support/fleet.js';

const CHANNELS = 30;
const TENANT = '8f4e2c1a-5b6d-4e7f-9a0b-1c2d3e4f5a6b';
const APP_ID = '11111111-2222-4333-8444-555555555555';
const APP_PASSWORD = 'fault-app-password-3d9a';
const GROUP = '3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b';
const conversation = (i: number) => `19:fault${i}@thread.tacv2`;
const channelId = (i: number) => `teams:${TENANT}:${conversation(i)}`;

/**
 * SIGKILL between the Bot Connector's 200 and the commit, with the real Teams transport (the Teams
 * plugin as shipped, botbuilder) in a worker process on PostgreSQL, against the fake connector. This
 * bot runs without app credentials, so no Graph probe: the documented guarantee is at most one
 * duplicate per post in flight at the kill, never re-sent within 60 s. The later cases turn the Graph probe on.
 */
describe('Teams fault suite (worker processes, real Teams transport, PostgreSQL)', () => {
  const fleet = useWorkerFleet('teamsfaults', { start: () => new FakeBotConnector().start(), stop: (connector) => connector.stop() });

  /** Conversation references for CHANNELS team channels (as the bot stores them on install), all due now. */
  async function seedTeamsChannels(team: { aadGroupId?: string } = {}): Promise<void> {
    const ports = createAdapterPorts(fleet.store);
    for (let i = 0; i < CHANNELS; i++) {
      const id = conversation(i);
      const reference = {
        serviceUrl: `${fleet.fake.url}/`, channelId: 'msteams', tenantId: TENANT, conversation: { id, conversationType: 'channel' }, bot: { id: '28:bot' },
        ...(team.aadGroupId ? { teamId: '19:team@thread.tacv2', teamsChannelId: id, aadGroupId: team.aadGroupId } : {}),
      };
      await ports.conversations.save(channelId(i), reference, new Date());
    }
    await seedDueChannels(fleet.store, CHANNELS, new Date(), channelId);
  }

  /** SIGKILLs the first worker as the 10th post lands, before the connector answers it (60 ms later). */
  function killFirstWorkerAtPost10(): () => number {
    let killedAt = 0;
    fleet.fake.answerDelayMs = 60;
    fleet.fake.onPost = (_call, total) => {
      if (!killedAt && total >= 10) {
        killedAt = total;
        fleet.workers[0]!.child.kill('SIGKILL');
      }
    };
    return () => killedAt;
  }

  const postsPerConversation = () => {
    const counts = new Map<string, number>();
    for (const p of fleet.fake.posts()) counts.set(p.conversationId, (counts.get(p.conversationId) ?? 0) + 1);
    return counts;
  };
  const duplicatesOf = (counts: Map<string, number>) => [...counts.values()].reduce((n, c) => n + c - 1, 0);
  const sent = () => countDeliveries(fleet.store, `status = 'sent'`);

  it('SIGKILL mid fan-out: 0 lost, no re-send within 60 s, then at most one duplicate per post in flight at the kill', async () => {
    const { store, workers } = fleet;
    await seedTeamsChannels();
    const killedAt = killFirstWorkerAtPost10();
    const env = { DATABASE_URL: fleet.db.url, TRANSPORT: 'teams', LEASE_MS: '1500', POLL_MS: '100' };
    workers.push(await startWorker('a', env));
    await waitFor(() => killedAt() > 0, 60_000, () => `no kill yet, posts ${fleet.fake.posts().length}\n${workers[0]!.output()}`);
    expect(await workers[0]!.exited).toBeNull();
    fleet.fake.answerDelayMs = 0;
    const inFlight = await unrecordedPosts(store);
    workers.push(await startWorker('restarted', env));
    await waitFor(async () => (await sent()) === CHANNELS - inFlight, 60_000, () => `sent ${CHANNELS - inFlight}? posts ${fleet.fake.posts().length}\n${workers[1]!.output()}`);
    // Nothing was sent twice yet: the unknown ones wait 60 s after their attempt.
    expect([...postsPerConversation().values()].every((n) => n === 1)).toBe(true);
    const waiting = await waitingDeliveries(store);
    expect(waiting.length).toBe(inFlight);
    expect(waiting.every((w) => w.waitMs >= 60_000 && w.lastError.startsWith('outcome_unknown: no Microsoft Graph probe'))).toBe(true);
    await endBlindRetryWait(store);
    await waitFor(async () => (await sent()) === CHANNELS, 60_000, () => `posts ${fleet.fake.posts().length}`);
    const counts = postsPerConversation();
    const duplicates = duplicatesOf(counts);
    console.log(`[teams-faults] SIGKILL at post ${killedAt()}, ${inFlight} unknown at the kill, duplicates ${duplicates}`);
    expect(counts.size).toBe(CHANNELS);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    expect(await guaranteeCounts(store)).toEqual([['at-most-one-duplicate', CHANNELS]]);
  }, 150_000);

  // The same SIGKILL with app credentials and the Graph probe on (fake Graph + identity endpoint on the
  // connector's server). Granted team: the restarted worker finds every post in flight through Graph.
  // Team that did not grant ChannelMessage.Read.Group (Graph answers 403): the fallback guarantee.
  it.each([
    { granted: true, name: 'RSC granted: 0 lost, 0 duplicated, every row exactly-once' },
    { granted: false, name: 'RSC not granted (403): 0 lost, no re-send within 60 s, then at most one duplicate per post in flight' },
  ])('SIGKILL mid fan-out with the Graph probe, $name', async ({ granted }) => {
    const { store, workers, fake: connector } = fleet;
    connector.appPassword = APP_PASSWORD;
    if (granted) connector.graphGrantedTeams.add(GROUP);
    await seedTeamsChannels({ aadGroupId: GROUP });
    const killedAt = killFirstWorkerAtPost10();
    const env = {
      DATABASE_URL: fleet.db.url, TRANSPORT: 'teams', LEASE_MS: '1500', POLL_MS: '100', TEAMS_GRAPH_PROBE: '1',
      MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppTenantId: TENANT, MICROSOFT_GRAPH_URL: connector.graphUrl, MICROSOFT_LOGIN_URL: connector.loginUrl,
    };
    workers.push(await startWorker('a', env));
    await waitFor(() => killedAt() > 0, 60_000, () => `no kill yet, posts ${connector.posts().length}\n${workers[0]!.output()}`);
    expect(await workers[0]!.exited).toBeNull();
    connector.answerDelayMs = 0;
    const inFlight = await unrecordedPosts(store);
    // The kill came as post `killedAt` landed and before its answer: at least that one is unknown.
    expect(inFlight).toBeGreaterThanOrEqual(1);
    const readsBefore = connector.graphReads;
    workers.push(await startWorker('restarted', env));
    if (!granted) {
      await waitFor(async () => (await sent()) === CHANNELS - inFlight, 60_000, () => `posts ${connector.posts().length}\n${workers[1]!.output()}`);
      expect([...postsPerConversation().values()].every((n) => n === 1)).toBe(true);
      const waiting = await waitingDeliveries(store);
      expect(waiting.length).toBe(inFlight);
      expect(waiting.every((w) => w.waitMs >= 60_000 && w.lastError === 'outcome_unknown: the team did not grant ChannelMessage.Read.Group; retrying after 60 s')).toBe(true);
      await endBlindRetryWait(store);
    }
    await waitFor(async () => (await sent()) === CHANNELS, 60_000, () => `posts ${connector.posts().length}\n${workers[1]!.output()}`);
    const counts = postsPerConversation();
    const duplicates = duplicatesOf(counts);
    const reads = connector.graphReads - readsBefore;
    console.log(`[teams-faults] Graph probe, granted=${granted}: SIGKILL at post ${killedAt()}, ${inFlight} unknown at the kill, ${reads} Graph reads after restart, duplicates ${duplicates}`);
    expect(counts.size).toBe(CHANNELS);
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(connector.tokenRequests.every((t) => t.tenant === TENANT && t.clientId === APP_ID && t.secretOk)).toBe(true);
    if (granted) {
      expect(duplicates).toBe(0);
      expect(await guaranteeCounts(store)).toEqual([['exactly-once', CHANNELS]]);
    } else {
      expect(duplicates).toBeLessThanOrEqual(inFlight);
      expect(await guaranteeCounts(store)).toEqual([['at-most-one-duplicate', CHANNELS]]);
    }
  }, 150_000);

  it('answers lost by a client timeout after the connector accepted, Graph probe granted: 0 lost, 0 duplicated', async () => {
    const { store, workers, fake: connector } = fleet;
    connector.appPassword = APP_PASSWORD;
    connector.graphGrantedTeams.add(GROUP);
    await seedTeamsChannels({ aadGroupId: GROUP });
    // Three channels' posts land, but their answers come after the plugin's 500 ms wait.
    const hung = [3, 17, 25];
    for (const i of hung) connector.hangAfterLanding.set(conversation(i), 1_500);
    const env = {
      DATABASE_URL: fleet.db.url, TRANSPORT: 'teams', LEASE_MS: '1500', POLL_MS: '100', POST_TIMEOUT_MS: '500', TEAMS_GRAPH_PROBE: '1',
      MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppTenantId: TENANT, MICROSOFT_GRAPH_URL: connector.graphUrl, MICROSOFT_LOGIN_URL: connector.loginUrl,
    };
    workers.push(await startWorker('a', env), await startWorker('b', env));
    await waitFor(async () => (await sent()) === CHANNELS, 90_000, () => `posts ${connector.posts().length}\n${workers.map((w) => w.output()).join('\n')}`);
    const counts = postsPerConversation();
    const recovered = await store.database.query<{ channel_id: string; attempts: number; message_id: string }>(
      `SELECT channel_id, attempts, message_id FROM deliveries WHERE attempts > 1 ORDER BY channel_id`,
    );
    console.log(`[teams-faults] client timeouts on ${hung.length} posts: ${recovered.length} rows retried, ${connector.graphReads} Graph reads, duplicates ${duplicatesOf(counts)}`);
    expect([connector.hangAfterLanding.size, counts.size, duplicatesOf(counts)]).toEqual([0, CHANNELS, 0]);
    // Each timed-out post was found through Graph (its landed id recorded), not posted again.
    const landedId = (i: number) => connector.posts(conversation(i))[0]!.id;
    for (const i of hung) expect(recovered).toContainEqual({ channel_id: channelId(i), attempts: 2, message_id: landedId(i) });
    expect(await guaranteeCounts(store)).toEqual([['exactly-once', CHANNELS]]);
  }, 150_000);

  it('PostgreSQL connections terminated mid fan-out, Graph probe granted: 0 lost, 0 duplicated, every row sent exactly-once', async () => {
    const { store, workers, fake: connector } = fleet;
    connector.appPassword = APP_PASSWORD;
    connector.graphGrantedTeams.add(GROUP);
    connector.answerDelayMs = 20;
    const backends = await backendTerminator(fleet.db.url);
    // As post 8 lands, the database goes away for 8 s before the connector answers: longer than the
    // worker's record retries, so that post's end is certainly never recorded. At post 18, a plain restart.
    connector.onPost = async (_call, total) => {
      if (total === 8) await backends.outage(8_000);
      if (total === 18) backends.terminate();
    };
    const env = {
      DATABASE_URL: fleet.db.url, TRANSPORT: 'teams', LEASE_MS: '1500', POLL_MS: '100', TEAMS_GRAPH_PROBE: '1',
      MicrosoftAppId: APP_ID, MicrosoftAppPassword: APP_PASSWORD, MicrosoftAppTenantId: TENANT, MICROSOFT_GRAPH_URL: connector.graphUrl, MICROSOFT_LOGIN_URL: connector.loginUrl,
    };
    // Both workers are up before anything falls due (one starting during the outage could not open its store).
    workers.push(await startWorker('a', env), await startWorker('b', env));
    await seedTeamsChannels({ aadGroupId: GROUP });
    // Our own connection may be among those terminated: a failed count is -1 and the poll goes on.
    const count = (where: string) => countDeliveries(store, where).catch(() => -1);
    // No blind-retry wait is lifted here: with the probe granted every row must get sent on its own.
    await waitFor(async () => (await count(`status = 'sent'`)) === CHANNELS, 90_000, () => `posts ${connector.posts().length}\n${workers.map((w) => w.output()).join('\n')}`);
    await backends.close();
    const counts = postsPerConversation();
    const retried = await countDeliveries(store, `attempts > 1`);
    console.log(`[teams-faults] Graph probe granted, backends terminated ${backends.terminated()}: ${retried} rows retried, ${connector.graphReads} Graph reads, duplicates ${duplicatesOf(counts)}`);
    expect(backends.terminated()).toBeGreaterThanOrEqual(2);
    // The outage left at least post 8 unrecorded, and the retry asked Graph about it.
    expect(retried).toBeGreaterThanOrEqual(1);
    expect(connector.graphReads).toBeGreaterThanOrEqual(1);
    // Exactly one card per conversation: 0 lost, 0 duplicated.
    expect([counts.size, [...counts.values()].every((n) => n === 1), connector.posts().length]).toEqual([CHANNELS, true, CHANNELS]);
    expect(await countDeliveries(store, `status = 'sent'`)).toBe(CHANNELS);
    // Every sent row holds the id of the card that landed in its conversation.
    const rows = await store.database.query<{ channel_id: string; message_id: string }>(`SELECT channel_id, message_id FROM deliveries ORDER BY channel_id`);
    for (let i = 0; i < CHANNELS; i++) expect(rows).toContainEqual({ channel_id: channelId(i), message_id: connector.posts(conversation(i))[0]!.id });
    expect(await guaranteeCounts(store)).toEqual([['exactly-once', CHANNELS]]);
  }, 180_000);

  it('PostgreSQL connections terminated mid fan-out: 0 lost, and a duplicate only where an outcome was left unknown', async () => {
    const { store, workers, fake: connector } = fleet;
    await seedTeamsChannels();
    connector.answerDelayMs = 20;
    const backends = await backendTerminator(fleet.db.url);
    const killAt = new Set([8, 18]);
    connector.onPost = (_call, total) => {
      if (killAt.delete(total)) backends.terminate();
    };
    const env = { DATABASE_URL: fleet.db.url, TRANSPORT: 'teams', LEASE_MS: '1500', POLL_MS: '100' };
    workers.push(await startWorker('a', env), await startWorker('b', env));
    // Our own connection may be among those terminated: a failed count is -1 and the poll goes on.
    const count = (where: string) => countDeliveries(store, where).catch(() => -1);
    // Everything is sent, or waits out the 60 s after an attempt whose outcome was left unknown.
    await waitFor(async () => (await count(`status = 'sent' OR (status = 'pending' AND last_error LIKE 'outcome_unknown:%')`)) === CHANNELS, 90_000, () => `posts ${connector.posts().length}`);
    const unknown = await count(`status = 'pending' AND last_error LIKE 'outcome_unknown:%'`);
    await endBlindRetryWait(store);
    await waitFor(async () => (await count(`status = 'sent'`)) === CHANNELS, 60_000, () => `posts ${connector.posts().length}`);
    await backends.close();
    const counts = postsPerConversation();
    const duplicates = duplicatesOf(counts);
    console.log(`[teams-faults] backends terminated ${backends.terminated()}, outcomes left unknown ${unknown}, duplicates ${duplicates}`);
    expect(backends.terminated()).toBeGreaterThanOrEqual(2);
    expect(counts.size).toBe(CHANNELS);
    expect(duplicates).toBeLessThanOrEqual(unknown);
  }, 180_000);
});
