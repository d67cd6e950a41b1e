import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadSampleItems } from '../../src/ingest/sample-items.js';

describe('loadSampleItems', () => {
  it('reads every bundled sample through the importers, seeds included, README skipped', async () => {
    const problems: string[] = [];
    const samples = await loadSampleItems({ onProblem: (path, message) => problems.push(`${path}: ${message}`) });
    expect(problems).toEqual([]);
    const names = samples.map((s) => basename(s.path));
    expect(names).not.toContain('README.md');
    expect(names.slice(0, 2)).toEqual(['000_9d3fa56a83e923b6.txt', '003_6a0df7d2b21cfab0.txt']);
    expect(samples[1]!.items.map((i) => [i.title, i.published, i.sourceId])).toEqual([['كاسبرسكي لاب من أوائل الداعمين لمبادرة "نداء باريس"', null, 'file:003_6a0df7d2b21cfab0.txt']]);
    for (const s of samples) expect(s.items.length, s.path).toBeGreaterThan(0);
  });

  it('reads a folder in name order with the injected clock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-samples-'));
    try {
      writeFileSync(join(dir, 'README.md'), '# about');
      writeFileSync(join(dir, 'b.jsonl'), `${JSON.stringify({ id: 'b1', title: 'B one', content: 'Text.' })}\n${JSON.stringify({ id: 'b2', title: 'B two', content: 'Text.' })}\n`);
      writeFileSync(join(dir, 'a.txt'), 'A title\nA body.');
      writeFileSync(join(dir, 'c.xml'), '<html><body>oops</body></html>');
      const clock = new ManualClock('2026-11-20T00:00:00Z');
      const problems: string[] = [];
      const samples = await loadSampleItems({ dir, clock, onProblem: (path, message) => problems.push(`${basename(path)}: ${message}`) });
      expect(problems).toEqual([`c.xml: ${join(dir, 'c.xml')}: looks like an HTML page, not a feed`]);
      expect(samples.map((s) => [basename(s.path), s.items.map((i) => i.title)])).toEqual([
        ['a.txt', ['A title']],
        ['b.jsonl', ['B one', 'B two']],
      ]);
      expect(samples[1]!.items[0]!.fetchedAt).toEqual(new Date('2026-11-20T00:00:00Z'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
