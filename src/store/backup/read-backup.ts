import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { BackupFileError, BackupHeaderSchema, TrailerSchema, type BackupHeader, type BackupTrailer } from './backup-format.js';

const ROW_START = /^\{"t":"([a-z_][a-z0-9_]*)","r":/;

/** One row as it is in the file: its table and the row's JSON text (inserted as is). */
export interface BackupRow {
  table: string;
  json: string;
}

/** Lines of the uncompressed file, without their newline; a last line without one is `partial`. */
async function* fileLines(file: string): AsyncGenerator<{ text: string; partial: boolean }> {
  const gunzip = createReadStream(file).on('error', (err) => gunzip.destroy(err)).pipe(createGunzip());
  let rest = '';
  // A chunk may end inside a multi-byte character: the decoder keeps its first bytes for the next one.
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of gunzip) {
      const text = rest + decoder.write(chunk as Buffer);
      const lines = text.split('\n');
      rest = lines.pop()!;
      for (const line of lines) yield { text: line, partial: false };
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BackupFileError(`${file}: no such file`);
    if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test((err as Error).message)) throw new BackupFileError(`${file}: the file is truncated (its compressed data ends early)`);
    if (code === 'Z_DATA_ERROR' || code === 'ERR_PADDING_1' || /incorrect header check|invalid/i.test((err as Error).message)) throw new BackupFileError(`${file}: not a cyberpolicy backup (not gzip data, or corrupt)`);
    throw new BackupFileError(`${file}: cannot be read: ${(err as Error).message}`);
  }
  rest += decoder.end();
  if (rest !== '') yield { text: rest, partial: true };
}

/**
 * Read and check the whole file: header, rows (tables in header order, every line well formed),
 * trailer, row counts and checksum. Calls `onRow` for each row only in the second pass (`restore`),
 * so a bad file is refused before anything is written. Throws BackupFileError naming the file and line.
 */
export async function readBackup(file: string, onRow?: (row: BackupRow) => Promise<void>): Promise<{ header: BackupHeader; trailer: BackupTrailer }> {
  const hash = createHash('sha256');
  let header: BackupHeader | null = null;
  let pending: string | null = null;
  let lineNo = 0;
  let tableIndex = 0;
  const counts = new Map<string, number>();
  const bad = (message: string) => new BackupFileError(`${file}: line ${lineNo}: ${message}`);

  // Rows are taken in the writer's exact form, not parsed here: the checksum (checked at the end of the
  // first pass) vouches for the rest, and PostgreSQL parses each row as it loads it.
  const row = async (text: string, at: number) => {
    const match = ROW_START.exec(text);
    if (!match || !text.endsWith('}')) throw new BackupFileError(`${file}: line ${at}: not a row of a cyberpolicy backup`);
    const table = match[1]!;
    const tables = header!.tables;
    while (tableIndex < tables.length && tables[tableIndex]!.name !== table) tableIndex++;
    if (tableIndex >= tables.length) throw new BackupFileError(`${file}: line ${at}: row of table "${table}", which the header does not list here`);
    counts.set(table, (counts.get(table) ?? 0) + 1);
    if (onRow) await onRow({ table, json: text.slice(match[0].length, -1) });
  };

  for await (const line of fileLines(file)) {
    lineNo++;
    if (line.partial) throw bad('the file is truncated (its last line is incomplete)');
    if (header === null) {
      try {
        header = BackupHeaderSchema.parse(JSON.parse(line.text));
      } catch {
        throw bad('not a cyberpolicy backup header (format "cyberpolicy-backup", version 1)');
      }
      hash.update(line.text + '\n');
      continue;
    }
    if (pending !== null) {
      await row(pending, lineNo - 1);
      hash.update(pending + '\n');
    }
    pending = line.text;
  }
  if (header === null) throw new BackupFileError(`${file}: empty file, not a cyberpolicy backup`);
  let trailer: BackupTrailer;
  try {
    trailer = TrailerSchema.parse(JSON.parse(pending ?? ''));
  } catch {
    throw new BackupFileError(`${file}: the file is truncated (no end line after line ${lineNo})`);
  }
  if (hash.digest('hex') !== trailer.sha256) throw new BackupFileError(`${file}: checksum mismatch: the file was altered or damaged`);
  for (const t of header.tables) {
    const found = counts.get(t.name) ?? 0;
    if (found !== t.rows || trailer.rows[t.name] !== t.rows) throw new BackupFileError(`${file}: table ${t.name}: the header says ${t.rows} rows, the file holds ${found}`);
  }
  return { header, trailer };
}
