// The admins' audit log in the state directory, kept apart from the curated store: one JSON line
// per change, appended and fsynced; read back leniently (a line torn by a crash is skipped).
// Writes here may fail (read-only or full disk); callers decide what to tell the user, and the
// bot keeps answering either way.
import { promises as fs } from "node:fs";
import path from "node:path";
import { z } from "zod/v3";

export const AuditEntrySchema = z.object({
  at: z.string(),
  /** "irc:account", "matrix:@user:server", "console:you" */
  by: z.string(),
  action: z.string(),
  project: z.string(),
  field: z.string(),
  old: z.string(),
  new: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export class StateDir {
  constructor(readonly dir: string) {}

  get auditFile(): string {
    return path.join(this.dir, "audit.jsonl");
  }

  /** Appends one line; throws (with the OS's reason) when the directory cannot be written. */
  async appendAudit(entry: AuditEntry): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const handle = await fs.open(this.auditFile, "a");
    try {
      await handle.appendFile(`${JSON.stringify(entry)}\n`, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** The project's entries, newest first. Lines that are not valid entries are skipped. */
  async auditFor(project: string, limit = 5): Promise<AuditEntry[]> {
    let body: string;
    try {
      body = await fs.readFile(this.auditFile, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    const entries: AuditEntry[] = [];
    for (const line of body.split("\n")) {
      if (!line.trim()) continue;
      try {
        const entry = AuditEntrySchema.parse(JSON.parse(line));
        if (entry.project === project) entries.push(entry);
      } catch {
        // A line torn by a crash mid-append is not history; skip it.
      }
    }
    return entries.reverse().slice(0, limit);
  }
}

/** A short reason for a failed write: "read-only file system (EROFS)". */
export function writeFailureReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    EROFS: "read-only file system",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOSPC: "disk full",
    EDQUOT: "disk quota exceeded",
  };
  return code ? `${known[code] ?? "cannot write"} (${code})` : String((err as Error).message ?? err);
}
