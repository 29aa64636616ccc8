// Reading and writing data/maintainers.json as the project store is read and written: a file
// that is missing, empty, not UTF-8, not JSON or not of the schema is refused with its path and
// the fault (the bot does not start on it), and a write is atomic with the old file kept as .bak.
import { promises as fs } from "node:fs";
import { writeFileAtomically } from "../state/atomic-file.js";
import { describeIssues } from "../zod-issues.js";
import { MaintainersFileSchema, type MaintainersFile } from "./schema.js";

export class MaintainersFileError extends Error {
  constructor(
    readonly file: string,
    readonly fault: string,
  ) {
    super(`maintainers file ${file}: ${fault}`);
    this.name = "MaintainersFileError";
  }
}

export function validateMaintainers(file: string, value: unknown): MaintainersFile {
  const parsed = MaintainersFileSchema.safeParse(value);
  if (!parsed.success) throw new MaintainersFileError(file, `does not match the maintainers schema: ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

export async function readMaintainersFile(file: string): Promise<MaintainersFile> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new MaintainersFileError(file, "not found (build it with `xenbot import-maintainers`)");
    if (code === "EISDIR") throw new MaintainersFileError(file, "is a directory, not a file");
    throw new MaintainersFileError(file, `cannot be read (${code ?? String(err)})`);
  }
  let body: string;
  try {
    body = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new MaintainersFileError(file, "is not valid UTF-8 text");
  }
  if (body.trim() === "") throw new MaintainersFileError(file, "is empty");
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw new MaintainersFileError(file, `is not valid JSON (${(err as Error).message})`);
  }
  return validateMaintainers(file, json);
}

/** The bytes the importer writes: the same data always gives the same file. */
export function serialiseMaintainers(data: MaintainersFile): string {
  return JSON.stringify(data, null, 2) + "\n";
}

export async function writeMaintainersFile(file: string, data: MaintainersFile): Promise<void> {
  const valid = validateMaintainers(file, data);
  try {
    await writeFileAtomically(file, serialiseMaintainers(valid), { backup: true });
  } catch (err) {
    throw new MaintainersFileError(file, `cannot be written (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
