// One writer at a time per extracts folder. Every writer (`npm run ingest`, the drop folder) reads
// the extracts, adds to them and writes them back; two at once would each write back what they read,
// and the one that finished last would silently drop the other's rows.
import { hostname } from 'node:os';
import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LockHolder {
  pid: number;
  host: string;
  started: string;
  command: string;
}

export interface LockOptions {
  /** How long a second writer waits for the first before giving up (default 10 minutes). */
  waitMs?: number;
  log?: (line: string) => void;
}

export const DEFAULT_LOCK_WAIT_MS = 10 * 60_000;

/** Sleeps without returning to the event loop: the writers are synchronous command-line steps. */
export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The lock sits beside the folder, not in it, because the folder's link is what a write replaces. */
export const lockFileOf = (dir: string) => `${path.resolve(dir)}.lock`;

function readHolder(file: string): { text: string; holder: LockHolder | null } | null {
  try {
    const text = readFileSync(file, 'utf8');
    try {
      return { text, holder: JSON.parse(text) as LockHolder };
    } catch {
      return { text, holder: null }; // being written this instant, or left empty by a crash
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Only a holder on this machine whose process is gone is known to be dead. */
function isDead(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const who = (h: LockHolder | null) => (h ? `pid ${h.pid} on ${h.host}, started ${h.started}: ${h.command}` : 'a writer that has not said who it is');

/**
 * Runs `fn` holding the lock of extracts folder `dir`: a file created exclusively (`wx`) holding
 * this process's id and start time. A lock whose process has died (kill -9, a crash) is removed;
 * a live one is waited for, up to `waitMs`, then this writer fails saying who holds it.
 */
export function withExtractsLock<T>(dir: string, fn: () => T, options: LockOptions = {}): T {
  const file = lockFileOf(dir);
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const log = options.log ?? console.log;
  mkdirSync(path.dirname(file), { recursive: true });
  const mine = JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString(), command: process.argv.slice(1).join(' ') } satisfies LockHolder);
  const deadline = Date.now() + waitMs;
  let waiting = false;
  for (;;) {
    try {
      writeFileSync(file, mine, { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const seen = readHolder(file);
    if (!seen) continue;
    // An unreadable lock older than a few seconds was left by a writer killed while creating it.
    const stale = seen.holder ? isDead(seen.holder) : Date.now() - mtimeOf(file) > 5_000;
    if (stale) {
      // Remove it only if it is still the lock judged dead, not one another writer just took.
      if (readHolder(file)?.text === seen.text) {
        unlinkSync(file);
        log(`Removed a stale lock on ${dir} (${who(seen.holder)}), whose process is no longer running.`);
      }
      continue;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${dir} is being written by another ingest (${who(seen.holder)}); gave up waiting after ${Math.round(waitMs / 1000)} s. ` +
          `If no ingest is running, delete ${file} and try again.`,
      );
    }
    if (!waiting) log(`Waiting for another ingest to finish writing ${dir} (${who(seen.holder)}); waiting up to ${Math.round(waitMs / 1000)} s.`);
    waiting = true;
    sleepSync(100);
  }
  const release = () => {
    if (readHolder(file)?.text === mine) unlinkSync(file);
  };
  let result: T;
  try {
    result = fn();
  } catch (e) {
    release();
    throw e;
  }
  // Work that goes on after fn returns (a promise) holds the lock until it ends.
  if (result instanceof Promise) return result.finally(release) as T;
  release();
  return result;
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}
