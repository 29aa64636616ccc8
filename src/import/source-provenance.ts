// Which xen.git commit and date an input file comes from. The MAINTAINERS text does not say, so
// the import is told: by --commit/--date, else by data/sources/provenance.json (the bundled
// copies, known by their sha256), else by the previous import of the same bytes. Never guessed.
import { promises as fs } from "node:fs";
import { z } from "zod/v3";
import { describeIssues } from "../zod-issues.js";
import { ImportError } from "./errors.js";

const ProvenanceFileSchema = z.object({
  about: z.string(),
  sources: z.array(
    z.object({
      file: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      repository: z.string(),
      commit: z.string().regex(/^[0-9a-f]{7,40}$/),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    }),
  ),
});

export interface Provenance {
  commit: string;
  date: string;
}

const COMMIT = /^[0-9a-f]{7,40}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The bundled manifest's entry for these bytes, or null. A broken manifest is an error, not "unknown". */
export async function knownProvenance(manifest: string, sha256: string): Promise<Provenance | null> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(manifest, "utf8"));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new ImportError(manifest, null, `cannot be read as JSON (${(err as Error).message})`);
  }
  const parsed = ProvenanceFileSchema.safeParse(json);
  if (!parsed.success) throw new ImportError(manifest, null, `does not fit its schema: ${describeIssues(parsed.error.issues)}`);
  const entry = parsed.data.sources.find((s) => s.sha256 === sha256);
  return entry ? { commit: entry.commit, date: entry.date } : null;
}

function isCalendarDate(date: string): boolean {
  if (!DAY.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

/** Checks --commit and --date as given (both or neither). */
export function givenProvenance(file: string, commit: string | undefined, date: string | undefined): Provenance | null {
  if (commit === undefined && date === undefined) return null;
  if (commit === undefined || date === undefined) throw new ImportError(file, null, "give both --commit and --date (the xen.git commit the file is from, and its date)");
  const c = commit.trim().toLowerCase();
  if (!COMMIT.test(c)) throw new ImportError(file, null, `--commit "${commit.slice(0, 50)}" is not a git commit id (7 to 40 hex digits)`);
  if (!isCalendarDate(date)) throw new ImportError(file, null, `--date "${date.slice(0, 50)}" is not a date YYYY-MM-DD`);
  return { commit: c, date };
}
