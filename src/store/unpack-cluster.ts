/**
 * Unpacks the cluster template (a gzipped tar of plain files and folders, as PGlite's dumpDataDir
 * writes it) straight into a data folder on disk, a piece at a time. PGlite's own `loadDataDir`
 * takes a Blob, inflates all of it into one 40 MB buffer and slices every file out of it, and the
 * malloc'd memory stayed with the process (first start with the samples: see bench/README.md).
 * PG_VERSION is written last: an unpack cut short leaves a folder that is unpacked again next time.
 */
import { closeSync, createReadStream, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { createGunzip } from 'node:zlib';

const BLOCK = 512;

interface Entry {
  path: string;
  type: 'file' | 'dir';
  size: number;
}

/** Extracts `archive` (.tar.gz) into `dataDir`; files and folders only, paths kept inside `dataDir`. */
export async function unpackCluster(archive: string, dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  let pending: Buffer = Buffer.alloc(0);
  let entry: Entry | null = null;
  let left = 0;
  let skip = 0;
  let fd: number | null = null;
  let pgVersionParts: Buffer[] | null = null;
  let pgVersion: Buffer | null = null;
  let ended = false;
  try {
    for await (const chunk of createReadStream(archive).pipe(createGunzip()) as AsyncIterable<Buffer>) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      while (!ended) {
        if (skip > 0) {
          const n = Math.min(skip, pending.length - at);
          at += n;
          skip -= n;
          if (skip > 0) break;
        }
        if (entry === null) {
          if (pending.length - at < BLOCK) break;
          const header = pending.subarray(at, at + BLOCK);
          at += BLOCK;
          if (header.every((b) => b === 0)) {
            ended = true;
            break;
          }
          const next = readHeader(header);
          const target = inside(dataDir, next.path);
          if (next.type === 'dir') {
            mkdirSync(target, { recursive: true });
            continue;
          }
          mkdirSync(dirname(target), { recursive: true });
          if (next.path.replace(/^\/+/, '') === 'PG_VERSION') pgVersionParts = [];
          else fd = openSync(target, 'w', 0o600);
          entry = next;
          left = next.size;
        }
        const take = Math.min(left, pending.length - at);
        const data = pending.subarray(at, at + take);
        if (fd !== null) writeSync(fd, data);
        else pgVersionParts?.push(Buffer.from(data));
        at += take;
        left -= take;
        if (left > 0) break;
        if (fd !== null) closeSync(fd);
        else if (pgVersionParts) pgVersion = Buffer.concat(pgVersionParts);
        fd = null;
        pgVersionParts = null;
        // File data is padded to whole blocks.
        skip = (BLOCK - (entry.size % BLOCK)) % BLOCK;
        entry = null;
      }
      pending = pending.subarray(at);
    }
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (!ended || pgVersion === null) throw new Error(`${archive}: not a whole PostgreSQL cluster archive`);
  writeFileSync(join(dataDir, 'PG_VERSION'), pgVersion, { mode: 0o600 });
}

function readHeader(block: Buffer): Entry {
  const text = (from: number, length: number) => block.toString('utf8', from, from + length).replace(/\0.*$/s, '');
  const name = text(0, 100);
  const prefix = block.toString('latin1', 257, 262) === 'ustar' ? text(345, 155) : '';
  const size = parseInt(text(124, 12).trim() || '0', 8);
  const flag = String.fromCharCode(block[156]!);
  const path = prefix ? `${prefix}/${name}` : name;
  if (flag === '5') return { path, type: 'dir', size: 0 };
  if (flag === '0' || flag === '\0') return { path, type: 'file', size };
  throw new Error(`tar entry ${path}: type "${flag}" is not a plain file or folder`);
}

/** `path` under `root`, refusing anything that would land outside it. */
function inside(root: string, path: string): string {
  const relative = normalize(path.replace(/^\/+/, ''));
  if (relative.startsWith('..') || relative.includes(`${sep}..${sep}`)) throw new Error(`tar entry ${path} leaves the data folder`);
  return join(root, relative);
}
