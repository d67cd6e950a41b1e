import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { unpackCluster } from '../../src/store/unpack-cluster.js';

/** A ustar archive of folders (content null) and files, as PGlite's dumpDataDir writes them. */
function tar(entries: [string, string | null][]): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, content] of entries) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 'utf8');
    header.write(content === null ? '0000750\0' : '0000640\0', 100);
    header.write(`${(content === null ? 0 : Buffer.byteLength(content)).toString(8).padStart(11, '0')}\0`, 124);
    header.write(content === null ? '5' : '0', 156);
    header.write('ustar\0' + '00', 257);
    blocks.push(header);
    if (content !== null) {
      const data = Buffer.from(content);
      blocks.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
    }
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

describe('unpacking the cluster template onto disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-unpack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const archive = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('writes every folder and file, a file larger than one read included, PG_VERSION last', async () => {
    const big = 'x'.repeat(200_000) + 'end';
    const path = archive('ok.tar.gz', gzipSync(tar([['/base', null], ['/base/1', null], ['/PG_VERSION', '17\n'], ['/base/1/123', big], ['/global/pg_control', 'ctl']])));
    const out = join(dir, 'ok');
    await unpackCluster(path, out);
    expect([readFileSync(join(out, 'PG_VERSION'), 'utf8'), readFileSync(join(out, 'base/1/123'), 'utf8') === big, readFileSync(join(out, 'global/pg_control'), 'utf8')]).toEqual(['17\n', true, 'ctl']);
  });

  it('leaves no PG_VERSION when the archive is cut short, so the next start unpacks again', async () => {
    const whole = gzipSync(tar([['/PG_VERSION', '17\n'], ['/base/1/123', 'y'.repeat(100_000)]]));
    const out = join(dir, 'cut');
    await expect(unpackCluster(archive('cut.tar.gz', whole.subarray(0, whole.length - 200)), out)).rejects.toThrow();
    expect(existsSync(join(out, 'PG_VERSION'))).toBe(false);
  });

  it('refuses an entry that would land outside the data folder, and links', async () => {
    await expect(unpackCluster(archive('escape.tar.gz', gzipSync(tar([['../outside', 'x']]))), join(dir, 'escape'))).rejects.toThrow('leaves the data folder');
    expect(existsSync(join(dir, 'outside'))).toBe(false);
    const link = tar([['/PG_VERSION', '17\n']]);
    link.write('2', 156);
    await expect(unpackCluster(archive('link.tar.gz', gzipSync(link)), join(dir, 'link'))).rejects.toThrow('not a plain file or folder');
  });
});
