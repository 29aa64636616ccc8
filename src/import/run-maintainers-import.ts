// `xenbot import-maintainers` (and `xenbot import --format maintainers`): read MAINTAINERS and
// the tree's file list, read the previous data (an invalid one stops the import and is left
// alone), build, refuse a truncated or shrunken result unless forced, diff, and write
// atomically unless it is a dry run or nothing changed. On any failure nothing is written.
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import { readMaintainersFile, writeMaintainersFile } from "../maintainers/maintainers-file.js";
import { MaintainersFormatError, parseMaintainers } from "../maintainers/parse-maintainers.js";
import { readProjectAreas } from "../maintainers/project-areas.js";
import type { MaintainersFile } from "../maintainers/schema.js";
import { FileFault, readUtf8Strict } from "../state/strict-file.js";
import { ImportError } from "./errors.js";
import { buildMaintainers } from "./maintainers-build.js";
import { diffMaintainers, formatMaintainersDiff, sameMaintainersContent, type MaintainersDiff } from "./maintainers-diff.js";
import { refuseUnlessForced, tooManyRemoved, type ImportProblem } from "./guard.js";
import { givenProvenance, knownProvenance } from "./source-provenance.js";

export interface MaintainersImportOptions {
  /** The MAINTAINERS file. */
  input: string;
  /** The tree's file list (`git ls-files` at the same commit). */
  tree: string;
  out: string;
  dryRun: boolean;
  force: boolean;
  commit?: string;
  date?: string;
  /** data/sources/provenance.json: commit and date of known bytes. */
  provenance: string;
  /** data/project-areas.json, to warn about sections it names that the new file lacks. */
  projectAreas?: string;
  now?: Date;
}

export interface MaintainersImportResult {
  summary: string;
  diff: MaintainersDiff;
  wrote: boolean;
  data: MaintainersFile;
  warnings: string[];
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readUtf8Strict(file);
  } catch (err) {
    if (!(err instanceof FileFault)) throw err;
    throw new ImportError(file, null, err.missing ? `not found (${what})` : err.fault);
  }
}

/** One path a line; a line that is no relative path is an error naming it. */
function readTreeList(file: string, text: string): string[] {
  const paths: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line === "") return;
    // eslint-disable-next-line no-control-regex
    if (line.startsWith("/") || line.split("/").includes("..") || /[\x00-\x1f]/.test(line)) throw new ImportError(file, i + 1, `"${line.slice(0, 60)}" is not a path inside the tree`);
    paths.push(line);
  });
  if (paths.length === 0) throw new ImportError(file, null, "lists no paths: expected the tree's `git ls-files`, one path a line");
  return paths;
}

async function readPrevious(out: string): Promise<MaintainersFile | null> {
  try {
    await fs.stat(out);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
  }
  return readMaintainersFile(out); // throws MaintainersFileError for an unreadable or invalid file
}

export async function runMaintainersImport(opts: MaintainersImportOptions): Promise<MaintainersImportResult> {
  const text = await readText(opts.input, "the MAINTAINERS file of xen.git");
  let parsed;
  try {
    parsed = parseMaintainers(text);
  } catch (err) {
    if (err instanceof MaintainersFormatError) throw new ImportError(opts.input, err.line, err.fault);
    throw err;
  }
  const treeText = await readText(opts.tree, "the tree's file list, `git ls-files` at the same commit");
  const treePaths = readTreeList(opts.tree, treeText);
  const previous = await readPrevious(opts.out);
  const provenance =
    givenProvenance(opts.input, opts.commit, opts.date) ??
    (await knownProvenance(opts.provenance, parsed.sha256)) ??
    (previous?.source.sha256 === parsed.sha256 ? { commit: previous.source.commit, date: previous.source.date } : null);
  if (!provenance) {
    throw new ImportError(opts.input, null, "which xen.git commit is this file from? Give --commit <id> --date <YYYY-MM-DD> (in a xen.git checkout: git log -1 --format='%h %cs' -- MAINTAINERS)");
  }

  const { data, warnings, suspicions } = buildMaintainers({
    parsed,
    file: opts.input,
    tree: { file: opts.tree, sha256: createHash("sha256").update(treeText).digest("hex"), paths: treePaths },
    commit: provenance.commit,
    date: provenance.date,
    now: opts.now,
  });
  // Refused unless --force, before anything is written: a file that looks cut short, or one that
  // would remove more than a quarter of the sections the previous import had.
  const kept = new Set(data.sections.map((s) => s.name));
  const removed = (previous?.sections ?? []).map((s) => s.name).filter((name) => !kept.has(name));
  const shrink = tooManyRemoved(previous?.sections.length ?? 0, removed, "sections");
  const problems: ImportProblem[] = [...suspicions.map((fault) => ({ line: null, fault })), ...(shrink ? [shrink] : [])];
  const forced = refuseUnlessForced(opts.input, problems, { force: opts.force, wouldChange: "" });
  if (opts.projectAreas) {
    const areas = await readProjectAreas(opts.projectAreas).catch(() => null);
    const names = new Set(data.sections.map((s) => s.name));
    for (const a of areas?.projects ?? []) {
      for (const s of a.sections) if (!names.has(s)) warnings.push(`${opts.projectAreas} links project "${a.project}" to section "${s}", which this file does not have`);
    }
  }

  // Same content as before: keep the old timestamp, so the file stays byte for byte the same.
  const unchanged = previous !== null && sameMaintainersContent(previous, data);
  if (unchanged) data.source.importedAt = previous.source.importedAt;
  const diff = diffMaintainers(previous, data);
  let wrote = false;
  if (!opts.dryRun && !unchanged) {
    await writeMaintainersFile(opts.out, data);
    wrote = true;
  }
  const lines = [`Imported ${opts.input} (xen.git ${data.source.commit}, ${data.source.date}; tree list ${opts.tree}, ${treePaths.length} paths).`, formatMaintainersDiff(diff, data, previous, unchanged)];
  lines.push(...forced);
  if (opts.dryRun) lines.push(`Dry run: ${opts.out} was not written.`);
  else if (wrote) lines.push(`Wrote ${opts.out}${previous ? ` (previous version kept as ${opts.out}.bak)` : ""}.`);
  else lines.push(`${opts.out} left as it was.`);
  if (warnings.length) lines.push(`Warnings (${warnings.length}):`, ...warnings.map((w) => `  ${w.startsWith("line ") ? `${opts.input}: ` : ""}${w}`));
  return { summary: lines.join("\n"), diff, wrote, data, warnings };
}
