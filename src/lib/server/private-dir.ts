// Private folders the pipelines make in the temporary folder (native DuckDB's links and spill
// files, the drop folder's copies of a file's bytes) hold unsuppressed counts. Each is removed when
// its run ends, but a run killed (SIGKILL, a crash, Ctrl-C) leaves it behind: so each folder's name
// says which process made it, and making one removes those of the same kind whose process is gone.
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A process as named in a folder: its pid, when it started (clock ticks after boot, from
 * /proc/PID/stat, so a pid used again by a later process is told apart) and its pid namespace (a
 * container sharing the temporary folder sees other processes: its folders are never judged).
 * Where /proc is not there, the pid alone.
 */
function processTag(pid: number): string | null {
  try {
    // Fields after the command's closing parenthesis: state (3rd field) … starttime (22nd).
    const start = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]!;
    const ns = readlinkSync(`/proc/${pid}/ns/pid`).replace(/\D/g, '');
    return `${pid}.${start}.${ns}`;
  } catch {
    return null;
  }
}

/** This process's tag, read from /proc once: it does not change while the process runs. */
let self: string | null | undefined;
const selfTag = () => (self === undefined ? (self = processTag(process.pid)) : self);

/** A process's tag, this one's by default: `p<pid>.<start>.<namespace>` (or `p<pid>` without /proc). */
export const ownerTag = (pid = process.pid) => `p${(pid === process.pid ? selfTag() : processTag(pid)) ?? pid}`;

/**
 * Whether the process a tag names has ended: its pid is not running, or is running but started at
 * another time (used again). A tag of another pid namespace, or unreadable, is never judged ended.
 */
export function ownerGone(tag: string): boolean {
  const m = /^p(\d+)(?:\.(\d+)\.(\d+))?$/.exec(tag);
  if (!m) return false;
  const pid = Number(m[1]);
  const mine = selfTag();
  if (m[3] !== undefined && m[3] !== mine?.split('.')[2]) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: running, another user's.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
  if (m[2] === undefined) return false;
  const now = processTag(pid);
  return now !== null && now.split('.')[1] !== m[2];
}

/**
 * Makes a new private folder `<prefix><tag>-XXXXXX` in `parent` (the temporary folder), after
 * removing any `<prefix><tag>-…` folder there whose process has ended. Folders named otherwise
 * (made by earlier code, whose process cannot be known) are left alone.
 */
export function privateDir(prefix: string, parent = os.tmpdir()): string {
  for (const name of readdirSync(parent)) {
    // mkdtemp's six characters after the tag (an earlier folder's six alone hold no "-").
    const tag = name.startsWith(prefix) ? /^(p[\d.]+)-[A-Za-z0-9]{6}$/.exec(name.slice(prefix.length))?.[1] : undefined;
    if (tag && ownerGone(tag)) rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  return mkdtempSync(path.join(parent, `${prefix}${ownerTag()}-`));
}
