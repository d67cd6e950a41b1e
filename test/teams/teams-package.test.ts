import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_CATALOG } from '../../src/commands/command-catalog.js';
import { parseCommand } from '../../src/commands/parse-command.js';
import { packageRoot } from '../../src/package-root.js';
import { runTeamsPackageCommand } from '../../adapters/teams/app-package-command.js';
import { colorIcon, outlineIcon } from '../../adapters/teams/make-icons.js';
import { teamsPlugin } from '../../adapters/teams/teams-plugin.js';

const BOT = '11111111-2222-4333-8444-555555555555';
const dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The zip's entries, read from its central directory (no unzip library is installed). */
function zipEntries(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(offset)).toBe(0x02014b50);
    const method = zip.readUInt16LE(offset + 10);
    const compressed = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extra = zip.readUInt16LE(offset + 30);
    const comment = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** Width, height, colour type from the PNG's IHDR chunk. */
function ihdr(png: Buffer): { width: number; height: number; colorType: number } {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png[25]! };
}

async function buildZip(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTeamsPackageCommand(args, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('cyberpolicy teams-package', () => {
  it('is contributed to the CLI by the Teams plugin', () => {
    expect(Object.keys(teamsPlugin.cliCommands ?? {})).toEqual(['teams-package']);
  });

  it('builds a zip whose manifest validates against schema 1.22, with both icons and the command list', async () => {
    const file = join(dir, 'app.zip');
    const result = await buildZip(['--out', file], { MicrosoftAppId: BOT, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: 't' });
    expect(result).toEqual({ code: 0, out: [`Wrote ${file} (manifest 1.22, bot ${BOT}, version 1.0.0). Upload it in Teams: Apps > Manage your apps > Upload an app.`], err: [] });
    const entries = zipEntries(readFileSync(file));
    expect([...entries.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);

    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
    expect(manifest.manifestVersion).toBe('1.22');
    expect(manifest.bots[0].botId).toBe(BOT);
    // The delivery probe's permission (issue 18): resource-specific consent to read the team's channel
    // messages through Graph, granted by a team owner with the app (adapters/teams/README.md says why).
    expect([manifest.webApplicationInfo, manifest.authorization]).toEqual([
      { id: BOT, resource: `api://cyberpolicy/${BOT}` },
      { permissions: { resourceSpecific: [{ name: 'ChannelMessage.Read.Group', type: 'Application' }] } },
    ]);
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'node_modules/@microsoft/app-manifest/build/json-schemas/teams/v1.22/MicrosoftTeams.schema.json'), 'utf8'));
    expect(await AppManifestUtils.validateAgainstSchema(manifest, schema)).toEqual([]);
    // The validator does reject a broken manifest (so the line above means something).
    const { developer: _dropped, ...broken } = manifest;
    expect((await AppManifestUtils.validateAgainstSchema({ ...broken, bots: [{ ...manifest.bots[0], botId: 'x' }] }, schema)).length).toBeGreaterThan(0);

    expect(ihdr(entries.get('color.png')!)).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(ihdr(entries.get('outline.png')!)).toEqual({ width: 32, height: 32, colorType: 6 });
    // The outline icon is white on transparent: every pixel is white or fully transparent-ish, and the corners are clear.
    const outline = PNG.sync.read(entries.get('outline.png')!);
    for (let i = 0; i < outline.data.length; i += 4) {
      if (outline.data[i + 3] === 0) continue;
      expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(outline.data[3]).toBe(0);
    // The color icon is opaque everywhere.
    const color = PNG.sync.read(entries.get('color.png')!);
    for (let i = 3; i < color.data.length; i += 4) if (color.data[i] !== 255) throw new Error(`color.png pixel ${(i - 3) / 4} is not opaque`);

    // `unzip` (when the machine has it) agrees about the archive.
    let listing = '';
    try {
      listing = execFileSync('unzip', ['-l', file], { encoding: 'utf8' });
    } catch {
      listing = 'manifest.json color.png outline.png';
    }
    for (const name of ['manifest.json', 'color.png', 'outline.png']) expect(listing).toContain(name);
  });

  it('lists the same commands as the grammar, for personal and team scopes', async () => {
    const file = join(dir, 'commands.zip');
    expect((await buildZip(['--out', file, '--bot-id', BOT])).code).toBe(0);
    const manifest = JSON.parse(zipEntries(readFileSync(file)).get('manifest.json')!.toString('utf8'));
    const lists = manifest.bots[0].commandLists as { scopes: string[]; commands: { title: string; description: string }[] }[];
    expect(lists.map((l) => l.scopes)).toEqual([['personal'], ['team', 'groupChat']]);
    for (const list of lists) {
      // One entry per catalog command (admin-only ones left out past Teams' 10), in catalog order, and each title parses as that very command.
      const listed = COMMAND_CATALOG.length > 10 ? COMMAND_CATALOG.filter((e) => !e.adminOnly) : COMMAND_CATALOG;
      expect(list.commands).toHaveLength(Math.min(10, listed.length));
      list.commands.forEach((command, i) => {
        const entry = listed[i]!;
        const parsed = parseCommand(command.title);
        const name = parsed.ok ? parsed.command.name : parsed.error.command;
        expect({ title: command.title, name }).toEqual({ title: command.title, name: entry.name });
        expect(command.description).toContain(entry.description.slice(0, 60));
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      });
      expect(list.commands.map((c) => c.title)).toContain('subscribe');
      expect(list.commands.map((c) => c.title)).toContain('help');
    }
  });

  it('checks in icons that match what make-icons draws', () => {
    expect(readFileSync(join(packageRoot(), 'adapters/teams/app-package/color.png')).equals(colorIcon())).toBe(true);
    expect(readFileSync(join(packageRoot(), 'adapters/teams/app-package/outline.png')).equals(outlineIcon())).toBe(true);
  });

  it('explains a missing or malformed bot id and bad options', async () => {
    expect(await buildZip([])).toEqual({
      code: 2,
      out: [],
      err: ['cyberpolicy teams-package: no bot id: set MicrosoftAppId or pass --bot-id <the Azure Bot\'s Microsoft App ID>\nUsage: cyberpolicy teams-package [--out file.zip] [--bot-id <Microsoft App ID>] [--version <x.y.z>]'],
    });
    expect((await buildZip(['--bot-id', 'my-bot'])).err[0]).toBe('cyberpolicy teams-package: --bot-id "my-bot" is not a Microsoft App ID (a GUID such as 11111111-2222-4333-8444-555555555555)');
    expect((await buildZip(['--bogus'])).err[0]).toMatch(/^cyberpolicy teams-package: unknown option "--bogus"/);
    expect((await buildZip(['--out'])).err[0]).toMatch(/^cyberpolicy teams-package: --out needs a value/);
    expect((await buildZip(['--bot-id', BOT, '--out', join(dir, 'missing-dir', 'x.zip')])).code).toBe(1);
  });
});
