import { describe, expect, it } from 'vitest';
import { createPlaygroundApi } from '../../adapters/playground/playground-api.js';
import { ManualClock } from '../../src/clock.js';
import { createCore } from '../../src/core/create-core.js';
import { loadSamplesIfEmpty } from '../../src/ingest/load-samples.js';
import { loadSampleItems } from '../../src/ingest/sample-items.js';
import { silentLogger } from '../../src/logger.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { openStore } from '../../src/store/store.js';

const DAY = 86_400_000;

/**
 * What `npm start` does on a fresh clone (an empty store, the samples loaded on first start),
 * with the clock set to the day under test; then the playground's `digest`.
 */
async function digestOn(day: string): Promise<ReplyDocument> {
  const store = await openStore({ dataDir: 'memory://' });
  try {
    const clock = new ManualClock(day);
    const core = await createCore({ store, clock, logger: silentLogger, env: {} });
    await loadSamplesIfEmpty(store, core.analyzer, silentLogger, clock);
    const api = createPlaygroundApi({ sink: core.sink, newsroom: createAdapterPorts(store).newsroom });
    const ask = async (text: string) => {
      const response = await api.command(new Request('http://localhost/api/playground/command', { method: 'POST', body: JSON.stringify({ channel: 'demo:newsroom', text }) }));
      return ((await response.json()) as { doc: ReplyDocument }).doc;
    };
    // A new user follows a few topics, then asks for the digest.
    await ask('subscribe paris-call data-protection election-security child-online-safety freedom-of-expression');
    return await ask('digest');
  } finally {
    await store.close();
  }
}

describe('a demo that never ages', { timeout: 240_000 }, () => {
  for (const day of ['2026-12-07T09:00:00Z', '2029-03-14T16:30:00Z']) {
    it(`on ${day.slice(0, 10)}, the playground digest shows at least 5 stories in at least 4 languages, all from the last 7 days`, async () => {
      const doc = await digestOn(day);
      const stories = doc.blocks.flatMap((b) => (b.type === 'story' ? [b.story] : []));
      const langs = new Set(stories.flatMap((s) => [s.lang, ...s.alsoIn.map((l) => l.toLowerCase())]));
      expect(stories.length).toBeGreaterThanOrEqual(5);
      expect(langs.size).toBeGreaterThanOrEqual(4);
      const now = Date.parse(day);
      for (const s of stories) {
        expect(s.published, s.title).not.toBeNull();
        expect(Date.parse(s.published!)).toBeGreaterThan(now - 7 * DAY);
        expect(Date.parse(s.published!)).toBeLessThanOrEqual(now);
      }
    });
  }

  it('keeps the samples\' spacing, puts the newest within the day before the load, and invents no date for the two seeds', async () => {
    const now = new Date('2031-06-01T00:30:00Z');
    const files = await loadSampleItems({ clock: new ManualClock(now) });
    const asWritten = await loadSampleItems({ clock: new ManualClock(now), dates: 'as-written' });
    const shifted = files.flatMap((f) => f.items);
    const written = asWritten.flatMap((f) => f.items);
    const newest = Math.max(...shifted.filter((i) => i.published).map((i) => i.published!.getTime()));
    expect(now.getTime() - newest).toBeGreaterThanOrEqual(0);
    expect(now.getTime() - newest).toBeLessThan(DAY);
    const shifts = new Set(shifted.map((i, n) => (i.published ? i.published.getTime() - written[n]!.published!.getTime() : null)));
    expect(shifts.size).toBe(2); // one shift in whole days for every dated item, and null for the seeds
    expect([...shifts].filter((s) => s !== null).every((s) => s! % DAY === 0)).toBe(true);
    expect(shifted.filter((i) => i.sourceId.startsWith('file:0')).map((i) => i.published)).toEqual([null, null]);
  });
});
