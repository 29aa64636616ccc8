// Can the bot write where it must? `xenbot check` asks before the bot starts, so that a read-only
// store (admin edits fail) or state directory (sync token, greeted list, audit log and the lock
// are lost) is said up front rather than found in the logs. A directory is tried for real — a
// small file created, synced and removed — because permissions alone miss read-only mounts and
// full disks.
import { promises as fs } from "node:fs";
import path from "node:path";
import { writeFailureReason } from "./audit.js";

/** Why `dir` (or, when it does not exist yet, the directory it would be made in) cannot be written; null when it can. */
export async function directoryUnwritable(dir: string): Promise<string | null> {
  let target = dir;
  // A state_dir that does not exist yet is created at start: its nearest existing parent must be writable.
  for (;;) {
    try {
      const stat = await fs.stat(target);
      if (!stat.isDirectory()) return `${target} is not a directory`;
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOTDIR") return `${target}: a part of the path is a file, not a directory`;
      if (code !== "ENOENT") return writeFailureReason(err);
      const parent = path.dirname(target);
      if (parent === target) return writeFailureReason(err);
      target = parent;
    }
  }
  const probe = path.join(target, `.xenbot-check-${process.pid}-${Date.now()}`);
  try {
    const handle = await fs.open(probe, "wx", 0o600);
    try {
      await handle.writeFile("check\n");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rm(probe, { force: true });
    return null;
  } catch (err) {
    await fs.rm(probe, { force: true }).catch(() => undefined);
    return `${target === dir ? "" : `${target} (where it would be created): `}${writeFailureReason(err)}`;
  }
}

/**
 * Why the file cannot be replaced, or null. Writes replace it atomically (a new copy beside it,
 * renamed over it), so what matters is its directory, not the file's own mode.
 */
export function fileUnwritable(file: string): Promise<string | null> {
  return directoryUnwritable(path.dirname(file));
}
