// Reading and writing data/maintainers.json as the project store is read and written: a file
// that is missing, empty, not UTF-8, not JSON or not of the schema is refused with its path and
// the fault (the bot does not start on it), and a write is atomic with the old file kept as .bak.
import { writeFileAtomically } from "../state/atomic-file.js";
import { FileFault, readJsonStrict } from "../state/strict-file.js";
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
  let json: unknown;
  try {
    json = await readJsonStrict(file);
  } catch (err) {
    if (!(err instanceof FileFault)) throw err;
    throw new MaintainersFileError(file, err.missing ? "not found (build it with `xenbot import-maintainers`)" : err.fault);
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
