import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/create-analyzer.js';
import { compileTaxonomy } from '../../src/analysis/taxonomy-loader.js';
import { TaxonomySchema } from '../../src/analysis/taxonomy.js';
import { loadDigestSettings } from '../../src/digests/digest-settings.js';

describe('one taxonomy and one JSON loader (issue 20)', () => {
  it('the analyzer uses the taxonomy it is handed instead of reading and compiling the file again', async () => {
    const taxonomy = compileTaxonomy(TaxonomySchema.parse({ version: 1, topics: [{ slug: 'quokka-policy', names: { en: 'Quokka policy' } }] }));
    const analyzer = await createAnalyzer({ taxonomy, topicModelPath: null });
    const [item] = analyzer.analyze([
      { id: 'i1', sourceId: 's', url: null, title: 'Quokka policy debated again', content: 'Parliament debated the quokka policy today and will vote on the quokka policy next week.', published: new Date('2026-11-20T00:00:00Z'), fetchedAt: new Date('2026-11-20T00:00:00Z') },
    ] as never);
    expect(item!.analysis.topics.map((t) => t.slug)).toEqual(['quokka-policy']);
  }, 120_000);

  it('data files fail the same way: file, what it holds, first bad field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'data-file-'));
    writeFileSync(join(dir, 'cadences.json'), JSON.stringify({ nonsense: true }));
    expect(() => loadDigestSettings(join(dir, 'cadences.json'))).toThrow(/cadences\.json: invalid digest settings at [\w.]+: /);
    expect(() => loadDigestSettings(join(dir, 'missing.json'))).toThrow(/missing\.json: cannot read the digest settings: /);
  });
});
