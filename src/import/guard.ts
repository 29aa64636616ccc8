// The import guard: an import that would destroy curated data is refused before anything is
// written. Whatever the source (the wiki page, MAINTAINERS), an importer turns what it read into
// problems — each naming its line — with the checks below (duplicate keys, too many removals,
// records missing what they must have), and hands them to refuseUnlessForced: with problems and
// no --force the import fails, naming each line, and writes nothing; with --force the problems
// become warnings in the summary. The checks see only counts, keys and lines, so any importer
// can use them.
import { ImportError } from "./errors.js";

/** One reason to refuse an import, at its 1-based line in the source when known. */
export interface ImportProblem {
  line: number | null;
  fault: string;
}

/** A record as the guard sees it: its key (title, id, section name), its line, how to name it. */
export interface KeyedRecord {
  key: string;
  line: number | null;
  /** How messages name the record (default: the key). */
  label?: string;
}

/** Removing more than this share of the previous records needs --force. */
export const MAX_REMOVED_FRACTION = 0.25;

/**
 * A record whose key an earlier one already has (a block pasted twice), one problem per repeat,
 * at the repeat's line, naming the first one's line. `normalize` decides what counts as the same
 * key (default: case and runs of white space ignored).
 */
export function duplicateKeys(records: readonly KeyedRecord[], what: string, normalize: (key: string) => string = defaultNormalize): ImportProblem[] {
  const first = new Map<string, KeyedRecord>();
  const problems: ImportProblem[] = [];
  for (const r of records) {
    const k = normalize(r.key);
    const earlier = first.get(k);
    if (!earlier) {
      first.set(k, r);
      continue;
    }
    const where = earlier.line === null ? "" : ` (line ${earlier.line})`;
    problems.push({ line: r.line, fault: `${what} "${r.label ?? r.key}" appears twice: the first is above${where}; was a block pasted twice?` });
  }
  return problems;
}

/**
 * One problem when the import would remove more than a quarter of the previous records, naming
 * what would go. `previousCount` 0 (a first import) never is.
 */
export function tooManyRemoved(previousCount: number, removed: readonly string[], noun: string, maxFraction = MAX_REMOVED_FRACTION): ImportProblem | null {
  if (previousCount === 0 || removed.length / previousCount <= maxFraction) return null;
  const shown = removed.length > 8 ? `${removed.slice(0, 8).join(", ")}, … (${removed.length - 8} more)` : removed.join(", ");
  return {
    line: null,
    fault: `it would remove ${removed.length} of the ${previousCount} ${noun} the previous import had (more than ${Math.round(maxFraction * 100)}%): ${shown}; is the source cut off, or the wrong file?`,
  };
}

/** One problem per record lacking some of `required` (names of what it must have). */
export function missingRequired<T extends KeyedRecord>(records: readonly T[], required: readonly string[], has: (record: T, what: string) => boolean, what: string): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const r of records) {
    const missing = required.filter((name) => !has(r, name));
    if (missing.length === 0) continue;
    problems.push({ line: r.line, fault: `${what} "${r.label ?? r.key}" has no ${missing.map((m) => `"${m}"`).join(", ")}: is the source cut off here, or the block incomplete?` });
  }
  return problems;
}

/** An import refused by the guard: every problem with its line, and how to go ahead anyway. */
export class ImportRefused extends ImportError {
  constructor(
    file: string,
    readonly problems: readonly ImportProblem[],
    /** What the import would have changed, for the operator to judge. */
    readonly wouldChange: string,
  ) {
    super(file, problems[0]?.line ?? null, describeRefusal(file, problems, wouldChange));
    // The message is the whole refusal; ImportError's "file:line: " prefix is in each line already.
    this.message = describeRefusal(file, problems, wouldChange);
  }
}

function describeRefusal(file: string, problems: readonly ImportProblem[], wouldChange: string): string {
  const lines = [`refusing to import ${file}: ${problems.length === 1 ? "1 problem" : `${problems.length} problems`}; nothing was written.`];
  for (const p of sortByLine(problems)) lines.push(`  ${p.line === null ? file : `${file}:${p.line}`}: ${p.fault}`);
  if (wouldChange) lines.push("What the import would do:", ...wouldChange.split("\n").map((l) => `  ${l}`));
  lines.push("Fix the source, or import it anyway with --force.");
  return lines.join("\n");
}

function sortByLine(problems: readonly ImportProblem[]): ImportProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/**
 * Throws ImportRefused when there are problems and the import is not forced; when forced, returns
 * them as warnings ("line N: forced past: …") for the summary.
 */
export function refuseUnlessForced(file: string, problems: readonly ImportProblem[], opts: { force: boolean; wouldChange: string }): string[] {
  if (problems.length === 0) return [];
  if (!opts.force) throw new ImportRefused(file, problems, opts.wouldChange);
  return sortByLine(problems).map((p) => `${p.line === null ? "" : `line ${p.line}: `}forced past: ${p.fault}`);
}

function defaultNormalize(key: string): string {
  return key.trim().replace(/\s+/g, " ").toLowerCase();
}
