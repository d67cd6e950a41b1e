/**
 * The README's performance table, generated from bench/results.json (`npm run bench` rewrites it;
 * `tsx bench/readme-table.ts` does it alone). test/bench/readme-table.test.ts fails when the README
 * and results.json disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GOALS, goalState } from './goals.js';

export const TABLE_START = '<!-- bench-table:start (generated from bench/results.json by bench/readme-table.ts) -->';
export const TABLE_END = '<!-- bench-table:end -->';

const STATE_TEXT = { yes: 'met', NO: '**missed**', missing: 'not measured in this run', '-': '' } as const;

export function renderTable(results: Record<string, unknown>): string {
  const head = [
    `Run of ${String(results.run_started_at ?? 'unknown date')}: ${String(results.machine_cores ?? '?')} cores (${String(results.machine_cpu ?? 'cpu unknown')}), Node ${String(results.node_version ?? results.node_major ?? '?')}, load average ${String(results.machine_loadavg_1m_start ?? '?')} → ${String(results.machine_loadavg_1m_end ?? '?')}, ${Number(results.bench_scale_items ?? 0).toLocaleString('en')} items, ${Number(results.fanout_scale_channels ?? 0).toLocaleString('en')} channels, ${String(results.bench_minutes ?? '?')} min.`,
    '',
    '| Figure | Key | Measured | Goal | |',
    '| --- | --- | --- | --- | --- |',
  ];
  const rows = GOALS.map((g) => {
    const v = results[g.key];
    const shown = typeof v === 'number' ? v.toLocaleString('en') : '–';
    return `| ${g.label} | \`${g.key}\` | ${shown} | ${g.goal} | ${STATE_TEXT[goalState(g, results)]} |`;
  });
  return [...head, ...rows].join('\n');
}

/** The README with its table block replaced; throws when the markers are missing. */
export function withTable(readme: string, results: Record<string, unknown>): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README.md has no bench table markers');
  return `${readme.slice(0, start + TABLE_START.length)}\n${renderTable(results)}\n${readme.slice(end)}`;
}

export function writeReadmeTable(readmePath: string, resultsPath: string): void {
  const results = JSON.parse(readFileSync(resultsPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(readmePath, withTable(readFileSync(readmePath, 'utf8'), results));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  writeReadmeTable(`${root}README.md`, `${root}bench/results.json`);
}
