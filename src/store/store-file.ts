// Reading and writing the store file safely. A file that is missing, empty, not JSON or not
// of the schema is reported with its path and the fault, and never overwritten.
import { StoreFileSchema, type StoreFile } from "../projects/schema.js";
import { writeFileAtomically } from "../state/atomic-file.js";
import { FileFault, readJsonStrict } from "../state/strict-file.js";
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
  let json: unknown;
  try {
    json = await readJsonStrict(file);
  } catch (err) {
    if (!(err instanceof FileFault)) throw err;
    throw new StoreError(file, err.missing ? "not found (build it with `xenbot import <wiki page>`)" : err.fault);
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
