// `xenbot import`: read the page, read the previous store (an invalid one stops the import and
// is left alone), build, diff, refuse a harmful result unless forced (guard.ts), and write
// atomically unless it is a dry run or nothing changed.
import { promises as fs } from "node:fs";
import type { StoreFile } from "../projects/schema.js";
import { readStoreFile, writeStoreFile } from "../store/store-file.js";
import { buildStoreWithReport } from "./build-store.js";
import { diffStores, formatDiff, sameStoreContent, type StoreDiff } from "./diff.js";
import { ImportError } from "./errors.js";
import { refuseUnlessForced, tooManyRemoved } from "./guard.js";
import { pageProblems } from "./page-checks.js";
import type { ParsedPage } from "./parsed-page.js";
import { parseWikiText } from "./wiki-text.js";
import { pageTitleFor, parseWikitextTemplates } from "./wikitext-template.js";

export type ImportFormat = "text" | "wikitext" | "auto";

export interface ImportOptions {
  input: string;
  format: ImportFormat;
  out: string;
  dryRun: boolean;
  /** Import even a truncated, duplicated or mostly-removed result (`--force`). */
  force?: boolean;
  now?: Date;
}

export interface ImportResult {
  summary: string;
  diff: StoreDiff;
  wrote: boolean;
  store: StoreFile;
  warnings: string[];
}

/** MediaWiki source has `{{project|…}}` templates or `== Heading ==` lines; the rendered page has neither. */
export function detectFormat(text: string, input: string): "text" | "wikitext" {
  if (/\.(?:wiki|mediawiki|wikitext|mw)$/i.test(input)) return "wikitext";
  if (/\{\{\s*project\s*(?:\||\}\}|\n)/i.test(text) || /^={2,6}[^=\n]+={2,6}\s*$/m.test(text)) return "wikitext";
  return "text";
}

export function parsePage(text: string, input: string, format: ImportFormat): ParsedPage {
  const chosen = format === "auto" ? detectFormat(text, input) : format;
  return chosen === "wikitext" ? parseWikitextTemplates(text, input) : parseWikiText(text, input);
}

async function readPrevious(out: string): Promise<StoreFile | null> {
  try {
    await fs.stat(out);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
  }
  return readStoreFile(out); // throws StoreError for an unreadable or invalid store
}

export async function runImport(opts: ImportOptions): Promise<ImportResult> {
  let text: string;
  try {
    text = await fs.readFile(opts.input, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportError(opts.input, null, code === "ENOENT" ? "not found" : `cannot be read (${code ?? String(err)})`);
  }
  const previous = await readPrevious(opts.out);
  const parsed = pageTitleFor(parsePage(text, opts.input, opts.format), text, previous?.source.title ?? null);
  const { store, warnings } = buildStoreWithReport(parsed, { file: opts.input, previous: previous ?? undefined, now: opts.now });
  const diff = diffStores(previous, store);
  const problems = [...pageProblems(parsed, text, previous)];
  const removal = tooManyRemoved(previous?.projects.length ?? 0, diff.removed, "projects");
  if (removal) problems.push(removal);
  warnings.unshift(...refuseUnlessForced(opts.input, problems, { force: Boolean(opts.force), wouldChange: formatDiff(diff, store, previous) }));
  const unchanged = previous !== null && sameStoreContent(previous, store);

  let wrote = false;
  if (!opts.dryRun && !unchanged) {
    await writeStoreFile(opts.out, store);
    wrote = true;
  }
  const lines = [`Imported ${opts.input} (${parsed.format}, "${parsed.title}").`, formatDiff(diff, store, previous)];
  if (opts.dryRun) lines.push(`Dry run: ${opts.out} was not written.`);
  else if (wrote) lines.push(`Wrote ${opts.out}${previous ? ` (previous version kept as ${opts.out}.bak)` : ""}.`);
  else lines.push(`${opts.out} left as it was.`);
  if (warnings.length) lines.push(`Warnings (${warnings.length}):`, ...warnings.map((w) => `  ${opts.input}: ${w}`));
  return { summary: lines.join("\n"), diff, wrote, store, warnings };
}
