// One running bot per state_dir. Two bots on one state directory both answer every Matrix
// command and apply (and audit) every admin edit twice, so `xenbot start` takes this lock first:
// a file `xenbot.lock` in state_dir, created with O_EXCL, holding the holder's pid, host, start
// time and (on Linux) its boot id and process start tick, so that a lock left by a crashed bot —
// its pid dead, reused by another process, or from before a reboot — is recognised as stale and
// taken over with a log line, while a live holder makes the second bot refuse, naming the
// directory and the pid. Released at stop (and, as a last resort, when the process exits).
import { readFileSync, unlinkSync } from "node:fs";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Logger } from "../log.js";
import { removeStaleTempFiles } from "./atomic-file.js";
import { writeFailureReason } from "./audit.js";

export const LOCK_FILE = "xenbot.lock";

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  startedAt: string;
  /** Linux: the kernel's boot id, and the process's start time in clock ticks since boot. */
  bootId?: string | null;
  procStart?: number | null;
}

/** Another live bot holds the state directory. */
export class StateDirLocked extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    const where = holder.host === os.hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
    super(
      `state_dir ${dir} is in use by another xenbot (${where}, since ${holder.startedAt}); ` +
        `two bots on one state_dir would answer and apply every command twice. Stop that one, or give this one another state_dir` +
        (holder.host === os.hostname() ? "" : ` (if that host's bot is gone, remove ${path.join(dir, LOCK_FILE)})`),
    );
    this.name = "StateDirLocked";
  }
}

export interface StateLock {
  readonly file: string;
  /** Removes the lock file if it is still ours. Never rejects. */
  release(): Promise<void>;
}

function bootId(): string | null {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function procStart(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function ownHolder(): LockHolder {
  return { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), bootId: bootId(), procStart: procStart(process.pid) };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid !== "number" || !Number.isInteger(v.pid) || v.pid <= 0 || typeof v.host !== "string") return null;
    return { pid: v.pid, host: v.host, startedAt: typeof v.startedAt === "string" ? v.startedAt : "an unknown time", bootId: v.bootId ?? null, procStart: v.procStart ?? null };
  } catch {
    return null;
  }
}

/**
 * Why a holder no longer runs (the lock is stale), or null when it may: its pid is dead, is us
 * (a container restarted with the same pid), belongs to a process started after the lock was
 * taken, or the machine rebooted since. A holder on another host cannot be checked: it counts as live.
 */
export function staleReason(holder: LockHolder): string | null {
  if (holder.host !== os.hostname()) return null;
  const boot = bootId();
  if (holder.bootId && boot && holder.bootId !== boot) return "the machine has rebooted since";
  if (holder.pid === process.pid) return "its pid is this process's own (a restart with the same pid)";
  if (!pidAlive(holder.pid)) return `pid ${holder.pid} is not running`;
  const start = procStart(holder.pid);
  if (holder.procStart != null && start !== null && start !== holder.procStart) return `pid ${holder.pid} is now another process`;
  return null;
}

/**
 * The live bot holding `dir`'s lock, or null (no lock, unreadable, or stale). For commands that
 * run beside a bot, such as `xenbot ask`, which must not edit a store that bot serves.
 */
export function runningHolder(dir: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(path.join(dir, LOCK_FILE), "utf8");
  } catch {
    return null;
  }
  const holder = parseHolder(text);
  return holder && staleReason(holder) === null ? holder : null;
}

/** Errors that mean the directory cannot be written at all (the bot runs on without its state). */
const UNWRITABLE = new Set(["EROFS", "EACCES", "EPERM", "ENOSPC", "EDQUOT", "ENOTDIR"]);

/**
 * Takes the lock on `dir` (created if missing) or throws StateDirLocked. A stale lock is moved
 * aside and taken over, with a warning naming the old holder; when two bots race for a stale
 * lock, link() lets exactly one of them create the new one, whole. A state_dir that cannot be written
 * (read-only, full) does not stop the bot, which runs without its state anyway: it logs an error
 * and runs unlocked.
 */
export async function acquireStateLock(dir: string, logger: Logger): Promise<StateLock> {
  const file = path.join(dir, LOCK_FILE);
  try {
    return await takeLock(dir, file, logger);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!code || !UNWRITABLE.has(code)) throw err;
    logger.error({ stateDir: dir, lockFile: file, reason: writeFailureReason(err) }, "cannot take the state_dir lock; running without it (a second bot on this state_dir would not be noticed)");
    return { file, release: async () => undefined };
  }
}

async function takeLock(dir: string, file: string, logger: Logger): Promise<StateLock> {
  await fs.mkdir(dir, { recursive: true });
  await removeStaleTempFiles(file); // temp files of bots killed while writing the lock
  const me = ownHolder();
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createWhole(file, `${JSON.stringify(me)}\n`)) return lockFor(file, me);
    const text = await fs.readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => (err.code === "ENOENT" ? null : Promise.reject(err)));
    if (text === null) continue; // released meanwhile: try again
    const holder = parseHolder(text);
    const why = holder ? staleReason(holder) : "the lock file is unreadable (a crash while writing it)";
    if (holder && why === null) throw new StateDirLocked(dir, holder);
    // Move the stale file aside under a name of our own; if another bot moved it first, ours fails.
    const aside = `${file}.stale-${process.pid}-${Date.now()}`;
    try {
      await fs.rename(file, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw err;
    }
    const moved = await fs.readFile(aside, "utf8").catch(() => "");
    if (moved !== text) {
      // Between our read and the rename another bot replaced the stale lock with its own: put it back.
      await fs.link(aside, file).catch((err: NodeJS.ErrnoException) =>
        logger.warn({ stateDir: dir, lockFile: file, reason: err.code ?? err.message }, "could not put back another bot's state_dir lock; two bots may be starting on this state_dir"),
      );
      await fs.rm(aside, { force: true });
      continue;
    }
    await fs.rm(aside, { force: true });
    logger.warn({ stateDir: dir, lockFile: file, stalePid: holder?.pid ?? null, staleHost: holder?.host ?? null, since: holder?.startedAt ?? null, reason: why }, "took over a stale state_dir lock");
  }
  throw new Error(`state_dir ${dir}: could not take the lock ${file} (it kept changing); is another xenbot starting?`);
}

/**
 * Creates `file` holding `body`, or returns false when it exists. The body is written to a temp
 * file first and linked into place, so another bot never sees the lock empty or half-written
 * (and never mistakes it for a crashed writer's and takes it over).
 */
async function createWhole(file: string, body: string): Promise<boolean> {
  // Named as atomic-file.ts names its temp files, so removeStaleTempFiles clears a crash's leftover.
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await fs.open(temp, "w", 0o644);
    try {
      await handle.writeFile(body, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.link(temp, file);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // Some file systems (FAT, certain FUSE mounts) have no hard links: O_EXCL still lets only one
    // bot create the lock, though a racer may briefly read it empty.
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") return createExclusive(file, body);
    throw err;
  } finally {
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

async function createExclusive(file: string, body: string): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "wx", 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
  try {
    await handle.writeFile(body, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

function lockFor(file: string, me: LockHolder): StateLock {
  const ours = (text: string): boolean => {
    const h = parseHolder(text);
    return h !== null && h.pid === me.pid && h.startedAt === me.startedAt;
  };
  // A last resort for exits that skip release(): remove the file if it is still ours.
  const onExit = (): void => {
    try {
      if (ours(readFileSync(file, "utf8"))) unlinkSync(file);
    } catch {
      // gone already
    }
  };
  process.once("exit", onExit);
  let released = false;
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      process.off("exit", onExit);
      try {
        if (ours(await fs.readFile(file, "utf8"))) await fs.unlink(file);
      } catch {
        // already gone, or the directory went read-only: a stale lock is taken over next time
      }
    },
  };
}
