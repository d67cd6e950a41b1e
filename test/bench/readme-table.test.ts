import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOALS } from '../../bench/goals.js';
import { renderTable, TABLE_END, TABLE_START, withTable } from '../../bench/readme-table.js';
import { fromRoot } from '../../src/package-root.js';

describe('README performance table', () => {
  it('is the table generated from bench/results.json', () => {
    const readme = readFileSync(fromRoot('README.md'), 'utf8');
    const results = JSON.parse(readFileSync(fromRoot('bench', 'results.json'), 'utf8')) as Record<string, unknown>;
    expect(withTable(readme, results)).toBe(readme);
  });

  it('marks missed, met and unmeasured figures', () => {
    const table = renderTable({ analyze_items_per_s_per_core: 833, startup_s: 3.2 });
    expect(table).toContain('| Analysis, items per CPU-second (1 KB items, 18 languages) | `analyze_items_per_s_per_core` | 833 | ≥ 2,000 | **missed** |');
    expect(table).toContain('| Cold `serve` to `/healthz`, 100k store (s) | `startup_s` | 3.2 | ≤ 5 | met |');
    expect(table).toContain('| Embedded data directory after 100k items (MB) | `disk_mb_100k` | – | ≤ 600 | not measured in this run |');
    expect(table.split('\n').filter((l) => l.startsWith('| ') && l.includes('`')).length).toBe(GOALS.length);
  });

  it('refuses a README without markers', () => {
    expect(() => withTable('# no table', {})).toThrow('no bench table markers');
    expect(TABLE_START).not.toBe(TABLE_END);
  });
});
