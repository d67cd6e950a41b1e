import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveriesCommand } from '../../src/cli/commands/deliveries.js';
import type { CliContext } from '../../src/cli/cli-command.js';
import { silentLogger } from '../../src/logger.js';
import { openStore } from '../../src/store/store.js';
import { createTestDatabase } from '../helpers/postgres.js';

describe('cyberpolicy deliveries', () => {
  let db: { url: string; drop(): Promise<void> };
  const now = new Date('2026-11-23T07:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase('dlv');
    const store = await openStore({ databaseUrl: db.url, poolSize: 2 });
    const window = { windowStart: new Date('2026-11-16T07:00:00Z'), windowEnd: now };
    await store.channels.update('slack:T1:C_GONE', { topics: ['paris-call'] }, now);
    await store.channels.update('teams:tenant:19:abc@thread.tacv2', { topics: ['paris-call'] }, now);
    await store.deliveries.enqueueFrozen({ channelId: 'slack:T1:C_GONE', periodKey: 'scheduled:2026-11-23T07:00:00.000Z', kind: 'scheduled', storyIds: ['S1'], ...window }, now);
    await store.deliveries.enqueueFrozen({ channelId: 'teams:tenant:19:abc@thread.tacv2', periodKey: 'manual:r1', kind: 'manual', storyIds: ['S1', 'S2'], ...window }, new Date(now.getTime() + 1000));
    const [gone] = await store.deliveries.claim('w', now, 1000, 1);
    await store.deliveries.fail(gone!.id, 'w', 'dead', 'permanent_delivery_failure: channel_not_found', now, 'delivery failed permanently: channel_not_found');
    await store.close();
  });
  afterAll(() => db.drop());

  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const context: CliContext = {
      io: { out: (l) => out.push(l), err: (l) => err.push(l), isTTY: false },
      env: { DATABASE_URL: db.url },
      logger: silentLogger,
      plugins: [],
    };
    const code = await deliveriesCommand.run(args, context);
    return { code, out, err };
  }

  it('--failed shows the dead delivery and why its channel was disabled', async () => {
    const { code, out } = await run(['--failed']);
    expect(code).toBe(0);
    expect(out).toEqual([
      'dead     slack:T1:C_GONE  scheduled:2026-11-23T07:00:00.000Z  2026-11-23T07:00:00Z  attempts=1 stories=1',
      '         error: permanent_delivery_failure: channel_not_found',
      '         channel schedule disabled: delivery failed permanently: channel_not_found',
    ]);
  });

  it('--json lists every delivery, newest first, with channel ids as platform:workspace:channel', async () => {
    const { code, out } = await run(['--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out[0]!) as { channel: string; status: string; period: string; stories: number; channelDisabled: string | null }[];
    expect(rows.map((r) => [r.channel, r.period, r.status, r.stories, r.channelDisabled])).toEqual([
      ['teams:tenant:19:abc@thread.tacv2', 'manual:r1', 'pending', 2, null],
      ['slack:T1:C_GONE', 'scheduled:2026-11-23T07:00:00.000Z', 'dead', 1, 'delivery failed permanently: channel_not_found'],
    ]);
  });

  it('refuses an unknown option with a usage error', async () => {
    await expect(run(['--bogus'])).rejects.toThrow('unknown option "--bogus"');
  });
});
