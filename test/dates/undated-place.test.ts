import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlaygroundApi } from '../../adapters/playground/playground-api.js';
import { ManualClock } from '../../src/clock.js';
import { createCore, type Core } from '../../src/core/create-core.js';
import { ingestItems } from '../../src/ingest/ingest-items.js';
import { parseInput } from '../../src/ingest/parse-input.js';
import { ingestSamples } from '../../src/ingest/sample-items.js';
import { silentLogger } from '../../src/logger.js';
import type { ReplyDocument, StoryView } from '../../src/replies/reply-document.js';
import { createAdapterPorts } from '../../src/store/adapter-ports.js';
import { openStore, type Store } from '../../src/store/store.js';

/** The day the issue was found; the samples are dated relative to it. */
const NOW = '2026-12-07T09:00:00Z';
const UNDATED_TITLE = 'Paris Call community publishes a ransomware reporting guide for small firms';
const UNDATED_TEXT = `${UNDATED_TITLE}\nA working group of the Paris Call for Trust and Security in Cyberspace has written a short guide that helps small firms report ransomware to the police. The guide lists what evidence to keep and which agency to call first.\n`;

interface Rendered {
  doc: ReplyDocument;
  slack: { text: string; blocks: { type: string; elements?: { text?: string }[] }[] }[];
  teams: object[];
}

describe('undated items in their place, in a fresh store with the samples and seeds', { timeout: 180_000 }, () => {
  let store: Store;
  let core: Core;
  let api: ReturnType<typeof createPlaygroundApi>;

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    const clock = new ManualClock(NOW);
    core = await createCore({ store, clock, logger: silentLogger, env: {} });
    await ingestSamples({ store, analyzer: core.analyzer }, { clock });
    // Imported in September, far from every dated story (so it tells its own story), with no date anywhere.
    const undated = await parseInput(Buffer.from(UNDATED_TEXT), { name: 'guide.txt', sourceId: 'file:guide.txt', fetchedAt: new Date('2026-09-01T08:00:00Z') });
    await ingestItems(undated.items, { store, analyzer: core.analyzer });
    api = createPlaygroundApi({ sink: core.sink, newsroom: createAdapterPorts(store).newsroom });
  });
  afterAll(async () => store?.close());

  const ask = async (text: string): Promise<Rendered> => {
    const response = await api.command(new Request('http://localhost/api/playground/command', { method: 'POST', body: JSON.stringify({ channel: 'demo:newsroom', text }) }));
    return (await response.json()) as Rendered;
  };
  const stories = (doc: ReplyDocument): StoryView[] => doc.blocks.flatMap((b) => (b.type === 'story' ? [b.story] : []));

  const slackMeta = (r: Rendered) => r.slack.flatMap((m) => m.blocks.filter((b) => b.type === 'context').map((b) => b.elements?.at(-1)?.text));
  const teamsMeta = (r: Rendered) => JSON.stringify(r.teams).match(/"text":"(?:EN|DE|AR|FR) · [^"]*"/g);

  it('paris-call lists dated stories newest first, then the Arabic seed ("date from text"), then the undated item ("Date unknown")', async () => {
    const reply = await ask('paris-call');
    expect(stories(reply.doc).map((s) => [s.title.slice(0, 30).trimEnd(), s.published?.slice(0, 10) ?? null, s.dateSource, s.dateNote])).toEqual([
      ['Paris Call adds 64 supporters', '2026-12-06', 'feed', null],
      ['Deutschland übernimmt Vorsitz', '2026-11-07', 'feed', null],
      ['Nairobi hosts first African re', '2026-10-18', 'feed', null],
      ['كاسبرسكي لاب من أوائل الداعمين', '2018-11-12', 'text', 'date from text'],
      ['Paris Call community publishes', null, null, 'Date unknown'],
    ]);
    // Slack (Block Kit): the last context element of each story is its date line.
    // The German and Arabic stories also carry their key-facts line (issue 16), a context block of its own.
    expect(slackMeta(reply)).toEqual([
      '6 Dec 2026 · Also in: AR, FR',
      'From German · Paris Call for Trust and Security in Cyberspace, Supply chain security · Germany, German federal government, SAP, German Foreign Office, Berlin · 7 Nov 2026',
      '7 Nov 2026',
      '18 Oct 2026',
      'From Arabic · Paris Call for Trust and Security in Cyberspace · Kaspersky, Emmanuel Macron, Internet Governance Forum, UNESCO, Paris Peace Forum · 12 Nov 2018 (date from text)',
      '12 Nov 2018 (date from text)',
      'Date unknown',
      'Showing 5 of 5 · newest first',
    ]);
    // Teams (Adaptive Card): the meta line under each story (language · topics · date); topics are the analyser's business.
    const teamsLines = teamsMeta(reply)!.map((line) => line.slice('"text":"'.length, -1).split(' · '));
    expect(teamsLines.map((parts) => [parts[0], parts.slice(-1)[0]!.startsWith('Also in') ? parts.slice(-2).join(' · ') : parts.at(-1)])).toEqual([
      ['EN', '6 Dec 2026 · Also in: AR, FR'],
      ['DE', '7 Nov 2026'],
      ['EN', '18 Oct 2026'],
      ['AR', '12 Nov 2018 (date from text)'],
      ['EN', 'Date unknown'],
    ]);
    // Readable sources everywhere: the seed's name, a file's name; never file: plus a hash.
    expect(stories(reply.doc).map((s) => s.sources.map((x) => x.name))).toEqual([
      ['policywire.example.org', 'eurodesk.example.net', 'gulfcyberreview.example.com'],
      ['eurodesk.example.net'],
      ['policywire.example.org'],
      ['Kaspersky Lab press release (seed set)'],
      ['guide.txt'],
    ]);
    expect(JSON.stringify(reply)).not.toMatch(/file:/);
  });

  it('paris-call since 2026-10-01 lists no undated item (nor the 2018 seed)', async () => {
    const reply = await ask('paris-call since 2026-10-01');
    expect(stories(reply.doc).map((s) => [s.title.slice(0, 30).trimEnd(), s.published?.slice(0, 10)])).toEqual([
      ['Paris Call adds 64 supporters', '2026-12-06'],
      ['Deutschland übernimmt Vorsitz', '2026-11-07'],
      ['Nairobi hosts first African re', '2026-10-18'],
    ]);
    expect(slackMeta(reply)).not.toContain('Date unknown');
  });

  it('a digest holds no undated item', async () => {
    await ask('subscribe paris-call ransomware');
    const reply = await ask('digest');
    const shown = stories(reply.doc);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((s) => s.published !== null && s.dateSource === 'feed')).toBe(true);
    expect(JSON.stringify(reply)).not.toContain('Date unknown');
  });
});
