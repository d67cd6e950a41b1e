import { formatDate } from '../../src/i18n/intl-format.js';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/package-root.js';
import type { ReplyDocument } from '../../src/replies/reply-document.js';

// Issue 16 "What it must show", first bullet, through the real CLI on the bundled samples.
const root = packageRoot();
const bin = join(root, 'bin', 'cyberpolicy.js');
let dataDir: string;

function cyberpolicy(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn', TRANSLATE_PROVIDER: '' }, timeout: 180_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  dataDir = mkdtempSync(join(tmpdir(), 'cyberpolicy-lang-'));
  expect((await cyberpolicy('ingest', '--samples')).code).toBe(0);
}, 240_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('ask --channel demo:lt "language lt", then paris-call', () => {
  it('answers in Lithuanian: heading, buttons, dates, "Also in"; the Arabic item keeps its summary and gets a Lithuanian key-facts line', async () => {
    const set = await cyberpolicy('ask', '--channel', 'demo:lt', 'language lt');
    expect(set.code).toBe(0);
    expect(set.stdout.split('\n')[0]).toBe('Šio kanalo kalba dabar: lietuvių (lt).');

    const text = await cyberpolicy('ask', '--channel', 'demo:lt', 'paris-call');
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('Paryžiaus kvietimas dėl pasitikėjimo ir saugumo kibernetinėje erdvėje: naujausios naujienos');
    expect(text.stdout).toMatch(/Taip pat kalbomis: AR, FR/);
    // The samples are dated relative to the day they are loaded (issue 15): the Peace Forum story,
    // the newest, falls within the day before the import.
    const days = [0, 1].map((back) => `Paskelbta ${formatDate('lt', new Date(Date.now() - back * 86_400_000))}`);
    expect(days.some((d) => text.stdout.includes(d)), `${days.join(' or ')} in:\n${text.stdout}`).toBe(true);
    expect(text.stdout).toMatch(/Rodoma \d+ iš \d+ · naujausios pirmiau/);
    // The Arabic press item: its verbatim Arabic summary, then the key facts in Lithuanian.
    const arabicTitle = lines.findIndex((l) => /^\d+\. كاسبرسكي لاب/.test(l));
    expect(arabicTitle).toBeGreaterThan(0);
    expect(lines[arabicTitle + 1]).toMatch(/^ {3}قالت شركة كاسبرسكي لاب/);
    // Its date is the one its text states ("12 نوفمبر/تشرين الثاني" … "13 نوفمبر 2018"), said to be from the text (issue 15).
    expect(lines[arabicTitle + 2]).toBe('   Originalo kalba: arabų · Paryžiaus kvietimas dėl pasitikėjimo ir saugumo kibernetinėje erdvėje · Kaspersky, Emmanuelis Macronas, Interneto valdymo forumas, UNESCO, Paryžiaus taikos forumas · 2018 m. lapkričio 12 d. (data iš teksto)');

    const json = await cyberpolicy('ask', '--channel', 'demo:lt', '--format', 'json', 'paris-call');
    const doc = JSON.parse(json.stdout) as ReplyDocument;
    expect(doc.lang).toBe('lt');
    const labels = new Set(doc.blocks.flatMap((b) => (b.type === 'story' ? b.story.actions.map((a) => a.label) : [])));
    // Besides these, stories naming a known organisation offer "Sekti: <name>" (follow it).
    expect(new Set([...labels].filter((l) => !l.startsWith('Sekti: ')))).toEqual(new Set(['Prenumeruoti šią temą', 'Nutildyti šią naujieną', 'Daugiau panašių', 'Kodėl?']));
    expect(labels).toContain('Sekti: Kaspersky');
  }, 240_000);

  it('`language xx` is an error that lists the available languages', async () => {
    const bad = await cyberpolicy('ask', '--channel', 'demo:lt', 'language xx');
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain('„xx“ nėra viena iš kalbų, kuriomis kalbu.');
    expect(bad.stdout + bad.stderr).toContain(
      'Galimos kalbos: en (English), ar (العربية), de (Deutsch), es (español), fr (français), lt (lietuvių), pl (polski), ru (русский), uk (українська), zh (中文).',
    );
  }, 120_000);
});
