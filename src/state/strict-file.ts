// The one strict reader of the files people curate (the project store, data/maintainers.json, an
// import's input): a file that is missing, a directory, unreadable, not UTF-8, empty or not JSON
// is refused with its fault in words, never read as something else. (Invalid bytes would
// otherwise become U+FFFD silently, be served, and be written back by the next edit.) Each caller
// wraps the fault in its own error, naming its file kind and how to make a missing one.
import { promises as fs } from "node:fs";

/** Why a file cannot be used; `missing` when it does not exist (the caller says how to build it). */
export class FileFault extends Error {
  constructor(
    readonly fault: string,
    readonly missing = false,
  ) {
    super(fault);
    this.name = "FileFault";
  }
}

/** The file's text, strictly UTF-8; throws FileFault. */
export async function readUtf8Strict(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new FileFault("not found", true);
    if (code === "EISDIR") throw new FileFault("is a directory, not a file");
    throw new FileFault(`cannot be read (${code ?? String(err)})`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new FileFault("is not valid UTF-8 text");
  }
}

/** The file's JSON value, read as readUtf8Strict reads text, refusing an empty file; throws FileFault. */
export async function readJsonStrict(file: string): Promise<unknown> {
  const text = await readUtf8Strict(file);
  if (text.trim() === "") throw new FileFault("is empty");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new FileFault(`is not valid JSON (${(err as Error).message})`);
  }
}
