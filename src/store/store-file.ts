// Reading and writing the store file safely. A file that is missing, empty, not JSON or not
// of the schema is reported with its path and the fault, and never overwritten. Writes go to a
// temp file that is fsynced and renamed over the old one, after the old one is kept as `.bak`.
import { promises as fs } from "node:fs";
import path from "node:path";
import { StoreFileSchema, type StoreFile } from "./schema.js";

export class StoreError extends Error {
  constructor(
    readonly file: string,
    readonly fault: string,
  ) {
    super(`store file ${file}: ${fault}`);
    this.name = "StoreError";
  }
}

/** Formats the first few zod issues as "projects[3].difficulty.min: Invalid option …". */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, max = 3): string {
  const shown = issues.slice(0, max).map((issue) => {
    const where = issue.path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
      .join("");
    return `${where || "(top level)"}: ${issue.message}`;
  });
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : "";
  return shown.join("; ") + more;
}

/** Checks an in-memory value against the schema; throws StoreError naming `file`. */
export function validateStore(file: string, value: unknown): StoreFile {
  const parsed = StoreFileSchema.safeParse(value);
  if (!parsed.success) throw new StoreError(file, `does not match the store schema: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

export async function readStoreFile(file: string): Promise<StoreFile> {
  let textContent: string;
  try {
    textContent = await fs.readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new StoreError(file, "not found (build it with `xenbot import <wiki page>`)");
    if (code === "EISDIR") throw new StoreError(file, "is a directory, not a file");
    throw new StoreError(file, `cannot be read (${code ?? String(err)})`);
  }
  if (textContent.trim() === "") throw new StoreError(file, "is empty");
  let json: unknown;
  try {
    json = JSON.parse(textContent);
  } catch (err) {
    throw new StoreError(file, `is not valid JSON (${(err as Error).message})`);
  }
  return validateStore(file, json);
}

let tempCounter = 0;

/**
 * Atomic replace: validate, write a unique temp file beside the target, fsync it, keep the
 * previous file as `<file>.bak`, rename the temp over the target, fsync the directory.
 * A crash at any point leaves either the old or the new complete file in place.
 */
export async function writeStoreFile(file: string, data: StoreFile): Promise<void> {
  const valid = validateStore(file, data);
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`);
  const body = JSON.stringify(valid, null, 2) + "\n";
  const handle = await fs.open(temp, "w");
  try {
    await handle.writeFile(body, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.copyFile(file, `${file}.bak`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      await fs.rm(temp, { force: true });
      throw new StoreError(file, `cannot keep a backup (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  await fs.rename(temp, file);
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
