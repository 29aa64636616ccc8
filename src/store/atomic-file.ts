// Replacing a file so that a crash at any moment leaves either the old or the new complete
// file: write a unique temp file beside it, fsync, optionally keep the old one as `.bak`,
// rename over, fsync the directory.
import { promises as fs } from "node:fs";
import path from "node:path";

let tempCounter = 0;

export async function writeFileAtomically(file: string, body: string, opts: { backup?: boolean } = {}): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`);
  try {
    const handle = await fs.open(temp, "w");
    try {
      await handle.writeFile(body, "utf8");
      await handle.sync();
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
  await syncDirectory(dir);
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
