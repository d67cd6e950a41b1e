import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { silentLogger } from '../../src/logger.js';
import { openStore, type Store } from '../../src/store/store.js';
import { seedItems } from './fixtures.js';
import { NOW, storyIds, textOf } from './harness.js';

// The assembled core (real taxonomy, analyzer and digest service) behind the same CommandSink adapters use.
let store: Store;
let core: Core;
const clock = new ManualClock(NOW);

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  await store.items.upsert(seedItems(new Date(NOW)));
  core = await createCore({ store, clock, logger: silentLogger, env: { CYBERPOLICY_ADMINS: 'slack:UOPS' } });
}, 300_000);
afterAll(async () => {
  await store.close();
});

describe('createCore', () => {
  it('answers topic words in several languages from digests/topics.json', async () => {
    for (const words of ['paris call', 'Appel de Paris', 'نداء باريس', 'parris call']) {
      const doc = await core.sink.processCommand({ channelId: 'demo:core', userId: 'u' }, words);
      expect(storyIds(doc)[0]).toBe('story-pc-1');
    }
  });

  it('previews and posts the digest of the subscribed topics through the digest service', async () => {
    const origin = { channelId: 'slack:T1:CORE', userId: 'slack:U1' };
    await core.sink.processCommand(origin, 'subscribe paris-call');
    const preview = await core.sink.processCommand(origin, 'digest');
    expect(preview.visibility).toBe('private');
    expect(preview.isError).toBeFalsy();
    const previewStories = storyIds(preview);
    expect(previewStories).toContain('story-pc-1');
    expect(previewStories).not.toContain('story-pc-4');
    const post = await core.sink.processCommand(origin, 'digest post');
    expect(textOf(post)).toMatch(/^Posting a digest with \d+ stories to this channel now\.$/);
    const again = await core.sink.processCommand(origin, 'digest post');
    expect(again.isError).toBeFalsy();
  });

  it('reads admins from CYBERPOLICY_ADMINS and guards source URLs', async () => {
    const refused = await core.sink.processCommand({ channelId: 'slack:T1:CORE', userId: 'slack:U1' }, 'sources');
    expect(refused.isError).toBe(true);
    const metadata = await core.sink.processCommand({ channelId: 'slack:T1:CORE', userId: 'slack:UOPS' }, 'sources add http://169.254.169.254/latest');
    expect(metadata.isError).toBe(true);
    expect(textOf(metadata)).toContain('cloud metadata address');
  });
});
