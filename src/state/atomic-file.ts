// The one writer of every file xenbot replaces (the store, the greeted list, Matrix's state and
// session), so that a crash at any moment leaves either the old or the new complete file: write
// a unique temp file beside it, fsync it, optionally keep the old one as `.bak`, rename over,
// fsync the directory. removeStaleTempFiles clears what a writer killed mid-write left behind.
import { promises as fs } from "node:fs";
import path from "node:path";

export interface AtomicWriteOptions {
  /** Keep the file being replaced as `<file>.bak`. */
  backup?: boolean;
  /** Mode of the new file (default 0o666 less the umask); 0o600 for a file holding a secret. */
  mode?: number;
  /**
   * fsync the file and its directory (default true). Hot runtime state written for every
   * command batch (Matrix's sync token) passes false: the replace is still atomic against a crash
   * of the process, but a power cut may lose the latest version, and no answer waits on a disk
   * flush.
   */
  durable?: boolean;
}

let tempCounter = 0;

/** `.<name>.<pid>.<n>.tmp` beside the file: hidden, and naming the writer for the cleanup. */
function tempFileFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`);
}

export async function writeFileAtomically(file: string, body: string, opts: AtomicWriteOptions = {}): Promise<void> {
  const durable = opts.durable ?? true;
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = tempFileFor(file);
  try {
    const handle = await fs.open(temp, "w", opts.mode);
    try {
      await handle.writeFile(body, "utf8");
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    if (opts.backup) {
      try {
        await fs.copyFile(file, `${file}.bak`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
      }
    }
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  if (durable) await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename itself is still atomic.
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The pid of the writer of a temp file of `base`, or null when `name` is no such temp file.
 * Besides this writer's `.<base>.<pid>.<n>.tmp`, it knows `<base>.<pid>.<n>.tmp`, the name the
 * Matrix transport's former writer of its own used, so files left by an older version go too.
 */
function tempFileWriter(name: string, base: string): number | null {
  for (const prefix of [`.${base}.`, `${base}.`]) {
    if (!name.startsWith(prefix) || !name.endsWith(".tmp")) continue;
    const pid = Number(name.slice(prefix.length).split(".")[0]);
    return Number.isInteger(pid) ? pid : null;
  }
  return null;
}

/**
 * Removes temp files that a writer killed mid-write left beside `file`. Files of live
 * processes (another writer at work) are left alone. Returns how many were removed.
 */
export async function removeStaleTempFiles(file: string): Promise<number> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let removed = 0;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const pid = tempFileWriter(name, base);
    if (pid === null || pid === process.pid || processIsAlive(pid)) continue;
    await fs.rm(path.join(dir, name), { force: true }).then(() => removed++, () => undefined);
  }
  return removed;
}
