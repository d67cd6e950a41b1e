import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../src/errors.js';
import { buildTeamsPackage } from './app-package.js';
import { loadTeamsConfig } from './teams-config.js';

const USAGE = 'Usage: cyberpolicy teams-package [--out file.zip] [--bot-id <Microsoft App ID>] [--version <x.y.z>]';
const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const Semver = z.string().regex(/^\d+\.\d+\.\d+$/);

/** `cyberpolicy teams-package`: writes the zip to upload in Teams (Apps > Manage your apps > Upload). */
export async function runTeamsPackageCommand(args: string[], env: NodeJS.ProcessEnv, io: { out(line: string): void; err(line: string): void } = consoleIo): Promise<number> {
  const options: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const name = { '--out': 'out', '-o': 'out', '--bot-id': 'botId', '--version': 'version' }[flag];
    const value = args[i + 1];
    if (!name || value === undefined || value.startsWith('--')) {
      io.err(`cyberpolicy teams-package: ${name ? `${flag} needs a value` : `unknown option "${flag}"`}\n${USAGE}`);
      return 2;
    }
    options[name] = value;
    i++;
  }
  let botId: string | undefined = options.botId;
  if (!botId) {
    try {
      botId = loadTeamsConfig(env).MicrosoftAppId;
    } catch (err) {
      io.err(`cyberpolicy teams-package: ${errorMessage(err)}`);
      return 1;
    }
  }
  if (!botId) {
    io.err(`cyberpolicy teams-package: no bot id: set MicrosoftAppId or pass --bot-id <the Azure Bot's Microsoft App ID>\n${USAGE}`);
    return 2;
  }
  if (!Guid.safeParse(botId).success) {
    io.err(`cyberpolicy teams-package: --bot-id "${botId.slice(0, 60)}" is not a Microsoft App ID (a GUID such as 11111111-2222-4333-8444-555555555555)`);
    return 2;
  }
  const version = options.version ?? '1.0.0';
  if (!Semver.safeParse(version).success) {
    io.err(`cyberpolicy teams-package: --version must look like 1.0.0`);
    return 2;
  }
  const out = resolve(options.out ?? 'cyberpolicy-teams.zip');
  try {
    await writeFile(out, await buildTeamsPackage({ botId: botId.toLowerCase(), version }));
  } catch (err) {
    io.err(`cyberpolicy teams-package: cannot write ${out}: ${errorMessage(err)}`);
    return 1;
  }
  io.out(`Wrote ${out} (manifest 1.22, bot ${botId.toLowerCase()}, version ${version}). Upload it in Teams: Apps > Manage your apps > Upload an app.`);
  return 0;
}

const consoleIo = {
  out: (line: string) => process.stdout.write(line + '\n'),
  err: (line: string) => process.stderr.write(line + '\n'),
};
