// Reading and writing the store file safely. A file that is missing, empty, not JSON or not
// of the schema is reported with its path and the fault, and never overwritten.
import { promises as fs } from "node:fs";
import { StoreFileSchema, type StoreFile } from "../projects/schema.js";
import { writeFileAtomically } from "../state/atomic-file.js";
import { describeIssues } from "../zod-issues.js";

export class StoreError extends Error {
  constructor(
    readonly file: string,
    readonly fault: string,
  ) {
    super(`store file ${file}: ${fault}`);
    this.name = "StoreError";
  }
}

/** Checks an in-memory value against the schema; throws StoreError naming `file`. */
export function validateStore(file: string, value: unknown): StoreFile {
  const parsed = StoreFileSchema.safeParse(value);
  if (!parsed.success) throw new StoreError(file, `does not match the store schema: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

export async function readStoreFile(file: string): Promise<StoreFile> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new StoreError(file, "not found (build it with `xenbot import <wiki page>`)");
    if (code === "EISDIR") throw new StoreError(file, "is a directory, not a file");
    throw new StoreError(file, `cannot be read (${code ?? String(err)})`);
  }
  let textContent: string;
  try {
    // Invalid bytes would otherwise become U+FFFD silently, be served, and be written back by the next edit.
    textContent = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new StoreError(file, "is not valid UTF-8 text");
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

/**
 * Atomic replace of the store (see atomic-file.ts), keeping the previous file as `<file>.bak`.
 * The data is validated first, so an invalid store is never written.
 */
export async function writeStoreFile(file: string, data: StoreFile): Promise<void> {
  const valid = validateStore(file, data);
  try {
    await writeFileAtomically(file, JSON.stringify(valid, null, 2) + "\n", { backup: true });
  } catch (err) {
    throw new StoreError(file, `cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
