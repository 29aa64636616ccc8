// The guard every import passes before it writes: a source that lost more than a quarter of
// what the previous import had (a truncated download, a half-copied page), or that shows signs
// of being cut short, is refused unless the user says --force. Nothing has been written when
// it throws.
import { ImportError } from "./errors.js";

/** Share of the previous items an import may remove without --force. */
export const MAX_REMOVED_SHARE = 0.25;

export interface ShrinkCheck {
  /** The input file, for the message. */
  file: string;
  /** "sections", "projects". */
  what: string;
  before: readonly string[];
  after: readonly string[];
  /** Reasons to think the input is cut short or not what it claims, found by the parser/builder. */
  suspicions?: readonly string[];
  force: boolean;
}

/** Throws ImportError unless the result is safe to write or the user forced it; returns notes for a forced import. */
export function guardShrink(check: ShrinkCheck): string[] {
  const kept = new Set(check.after);
  const removed = check.before.filter((x) => !kept.has(x));
  const faults = [...(check.suspicions ?? [])];
  if (check.before.length > 0 && removed.length > check.before.length * MAX_REMOVED_SHARE) {
    const shown = removed.slice(0, 5).join(", ") + (removed.length > 5 ? ` and ${removed.length - 5} more` : "");
    faults.push(`it would remove ${removed.length} of the ${check.before.length} ${check.what} the previous import had (more than a quarter): ${shown}`);
  }
  if (faults.length === 0) return [];
  if (check.force) return faults.map((f) => `forced past: ${f}`);
  throw new ImportError(check.file, null, `refused, nothing written: ${faults.join("; ")}. If this is really the file you mean, run again with --force.`);
}
