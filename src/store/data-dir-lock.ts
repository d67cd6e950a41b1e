import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CyberpolicyError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * One owner per PGlite data folder. PGlite is a single-process database: two processes opening the
 * same folder each run their own PostgreSQL over the same files and lose each other's writes (issue 14).
 * The owner holds `DATA_DIR/cyberpolicy.lock`, created atomically (open with O_CREAT|O_EXCL), holding
 * its pid, host and start time. A lock whose process is gone (SIGKILL, power cut) is recovered.
 */
export const LOCK_FILE = 'cyberpolicy.lock';

/** The owner refreshes the lock file's mtime this often, so other hosts can tell a dead owner. */
const HEARTBEAT_MS = 15_000;
/** A lock from another host (shared volume, re-created container) is stale once its heartbeat is this old. */
const FOREIGN_STALE_MS = 120_000;
/** An empty or half-written lock file older than this was left by a process that died while writing it. */
const UNREADABLE_STALE_MS = 5_000;
const POLL_MS = 100;

const LockInfoSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.string(),
  /** What holds it, for people: `cyberpolicy serve`, `cyberpolicy ingest`, … */
  command: z.string(),
  /** `serve` owns the folder for long and answers CLI commands for it; a `command` is short. */
  role: z.enum(['serve', 'command']),
  /** Linux boot id and the process's start tick: a reboot or a reused pid is not the owner. */
  bootId: z.string().nullable(),
  pidStart: z.string().nullable(),
});
export type LockInfo = z.infer<typeof LockInfoSchema>;

/** The folder is held by a live process (or one on another host that we cannot check). */
export class DataDirLockedError extends CyberpolicyError {
  constructor(
    readonly dataDir: string,
    readonly owner: LockInfo,
    readonly foreign: boolean,
  ) {
    const who = `\`${owner.command}\` (pid ${owner.pid}${foreign ? ` on host ${owner.host}` : ''}, since ${owner.startedAt})`;
    const what = foreign
      ? `stop it on ${owner.host} (if that host is gone: the lock is taken over ${FOREIGN_STALE_MS / 60_000} minutes after its last heartbeat, or delete ${join(dataDir, LOCK_FILE)})`
      : `stop it (kill ${owner.pid})`;
    super('data_dir_locked', `the data folder ${dataDir} is in use by ${who}. Only one process may open an embedded store: ${what}, or use a PostgreSQL server shared by every process (DATABASE_URL).`);
  }
}

export interface DataDirLock {
  readonly path: string;
  readonly info: LockInfo;
  /** The stale owner this acquisition replaced, if any. */
  readonly recovered: LockInfo | null;
  /** Remove the lock file (only if it is still ours). Idempotent. */
  release(): void;
}

export interface AcquireOptions {
  /** What the lock says holds it (`cyberpolicy serve`, `cyberpolicy ingest`). */
  command: string;
  role: LockInfo['role'];
  logger?: Logger;
  /** How long to wait while another CLI command (not `serve`) holds the folder; they are short. */
  waitForCommandsMs?: number;
  onWait?(owner: LockInfo): void;
}

/** Lock files this process holds: a second open of the same folder in one process is refused too. */
const heldHere = new Set<string>();

export function lockPath(dataDir: string): string {
  return join(resolve(dataDir), LOCK_FILE);
}

/** Take the folder's lock or throw DataDirLockedError. Waits (polling) while a CLI command holds it. */
export async function acquireDataDirLock(dataDir: string, options: AcquireOptions): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const path = lockPath(dataDir);
  const deadline = Date.now() + (options.waitForCommandsMs ?? 0);
  let recovered: LockInfo | null = null;
  let waited = false;
  for (;;) {
    const info = ownInfo(options.command, options.role);
    if (!heldHere.has(path) && tryCreate(path, info)) {
      heldHere.add(path);
      return holdLock(path, info, recovered);
    }
    const current = readLock(path);
    if (current === 'missing') continue;
    if (current === 'unreadable') {
      // Being written right now, or left half-written by a process that died doing so.
      if (Date.now() - mtimeMs(path) > UNREADABLE_STALE_MS) removeIfUnchanged(path);
      else await sleep(POLL_MS);
      continue;
    }
    const state = ownerState(current, path);
    if (state === 'dead') {
      if (removeStale(path, current)) {
        recovered = current;
        options.logger?.warn(
          { lock: path, stalePid: current.pid, staleCommand: current.command, staleSince: current.startedAt },
          `recovered a stale lock on ${dataDir}: \`${current.command}\` (pid ${current.pid}, host ${current.host}, since ${current.startedAt}) is no longer running`,
        );
      }
      continue;
    }
    if (current.role === 'command' && state === 'alive' && Date.now() < deadline) {
      if (!waited) options.onWait?.(current);
      waited = true;
      await sleep(POLL_MS);
      continue;
    }
    throw new DataDirLockedError(dataDir, current, state === 'foreign');
  }
}

/** Who holds the folder right now, if anyone alive (stale locks read as free). */
export function inspectDataDirLock(dataDir: string): { owner: LockInfo; foreign: boolean } | null {
  const path = lockPath(dataDir);
  const current = readLock(path);
  if (current === 'missing' || current === 'unreadable') return null;
  const state = ownerState(current, path);
  if (state === 'dead') return null;
  return { owner: current, foreign: state === 'foreign' };
}

function ownInfo(command: string, role: LockInfo['role']): LockInfo {
  return { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command, role, bootId: bootId(), pidStart: procStat(process.pid)?.start ?? null };
}

/** O_CREAT|O_EXCL: exactly one process creates the file; the content is written and synced before anyone trusts it. */
function tryCreate(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(info) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

function holdLock(path: string, info: LockInfo, recovered: LockInfo | null): DataDirLock {
  const heartbeat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // The folder went away; nothing to keep fresh.
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(heartbeat);
    process.off('exit', release);
    heldHere.delete(path);
    const current = readLock(path);
    if (typeof current === 'object' && current.pid === info.pid && current.startedAt === info.startedAt) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  };
  // A crash that still runs exit handlers (uncaught exception) leaves no lock behind.
  process.on('exit', release);
  return { path, info, recovered, release };
}

function readLock(path: string): LockInfo | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const parsed = LockInfoSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

type OwnerState = 'alive' | 'dead' | 'foreign';

function ownerState(owner: LockInfo, path: string): OwnerState {
  if (owner.host !== hostname()) {
    // We cannot see another host's processes: trust its heartbeat.
    const age = Date.now() - mtimeMs(path);
    return age > FOREIGN_STALE_MS ? 'dead' : 'foreign';
  }
  const boot = bootId();
  if (owner.bootId && boot && owner.bootId !== boot) return 'dead'; // the machine rebooted since
  if (owner.pid === process.pid) return heldHere.has(path) ? 'alive' : 'dead'; // a previous life of this pid (container restart)
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return 'dead';
  }
  const proc = procStat(owner.pid);
  if (proc?.state === 'Z' || proc?.state === 'X') return 'dead'; // killed, not yet reaped by its parent
  if (owner.pidStart && proc && proc.start !== owner.pidStart) return 'dead'; // the pid now belongs to another process
  return 'alive';
}

/**
 * Move the stale file aside atomically, so two processes recovering at once cannot delete each
 * other's fresh lock; if what we moved turns out not to be the stale lock, put it back.
 */
function removeStale(path: string, stale: LockInfo): boolean {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  const moved = readLock(aside);
  const same = typeof moved === 'object' && moved.pid === stale.pid && moved.startedAt === stale.startedAt;
  if (!same) {
    try {
      linkSync(aside, path);
    } catch {
      // someone created a new lock meanwhile; theirs wins
    }
  }
  unlinkSync(aside);
  return same;
}

function removeIfUnchanged(path: string): void {
  try {
    if (readLock(path) === 'unreadable') unlinkSync(path);
  } catch {
    // gone already
  }
}

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

let cachedBootId: string | null | undefined;
function bootId(): string | null {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId;
}

/** The process's state letter and start time in clock ticks since boot (Linux /proc), or null elsewhere. */
function procStat(pid: number): { state: string; start: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', start: fields[19] ?? '' };
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
