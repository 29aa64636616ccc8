// What the import guard (guard.ts) refuses in a wiki page: a project block missing what every
// project has (a page cut off mid-project, or a half-pasted block), the same title twice (a block
// pasted twice would otherwise become "9p-transport-2"), and a page that ends inside a project's
// field in the middle of a word. The removal check is the guard's own (tooManyRemoved).
import type { StoreFile } from "../projects/schema.js";
import { duplicateKeys, missingRequired, type ImportProblem } from "./guard.js";
import { FIELD_LABELS, type FieldName, type ParsedPage, type ParsedProject } from "./parsed-page.js";

/**
 * Fields every project of the page has, in both forms, on every revision we have seen. The mailing
 * list, IRC channel, GSoC and outcomes are left out by some projects (warnings, not refusals).
 */
export const REQUIRED_FIELDS: readonly FieldName[] = ["contacts", "difficulty", "skills", "description"];

const normalTitle = (t: string): string => t.trim().replace(/\s+/g, " ").replace(/[.!?]+$/, "").toLowerCase();

export function pageProblems(parsed: ParsedPage, source: string, previous: StoreFile | null): ImportProblem[] {
  const records = parsed.projects.map((p) => ({ key: p.title, line: p.line, project: p }));
  const problems = [
    ...duplicateKeys(records, "project", normalTitle),
    ...missingRequired(records, REQUIRED_FIELDS.map((f) => FIELD_LABELS[f]), (r, label) => hasField(r.project, label), "project"),
  ];
  const cut = cutOffField(parsed, source, previous);
  if (cut) problems.push(cut);
  return problems;
}

function hasField(p: ParsedProject, label: string): boolean {
  const name = (Object.keys(FIELD_LABELS) as FieldName[]).find((f) => FIELD_LABELS[f] === label)!;
  return p.fields[name] !== undefined;
}

/**
 * The page ends inside the last project's last field, mid-word: the source has no final newline,
 * nothing but that field follows it, and the value either ends in a letter or digit or is a
 * shortened copy of what the store holds for that project. (A page saved whole ends with its
 * footer, or with a line break.)
 */
function cutOffField(parsed: ParsedPage, source: string, previous: StoreFile | null): ImportProblem | null {
  if (parsed.format !== "text" || /\n\s*$/.test(source) || source.trim() === "") return null;
  const last = parsed.projects[parsed.projects.length - 1];
  if (!last) return null;
  const fields = Object.entries(last.fields) as Array<[FieldName, NonNullable<ParsedProject["fields"][FieldName]>]>;
  const lastField = fields.sort((a, b) => b[1].line - a[1].line)[0];
  if (!lastField) return null;
  const [name, field] = lastField;
  const tail = source.trimEnd();
  const value = field.raw.trimEnd();
  if (!value || !tail.endsWith(value)) return null; // prose after the project: the page goes on
  const before = previous?.projects.find((q) => normalTitle(q.title) === normalTitle(last.title));
  const storedValue = before ? storedRaw(before, name) : null;
  const shortened = storedValue !== null && storedValue.length > value.length && storedValue.startsWith(value);
  if (!shortened && !/[\p{L}\p{N}]$/u.test(value)) return null;
  const ending = value.slice(-40);
  const why = shortened ? ` (the store has it longer: "…${storedValue!.slice(value.length, value.length + 30)}…" follows)` : "";
  return { line: field.line, fault: `the page ends in the middle of "${FIELD_LABELS[name]}" of project "${last.title}" ("…${ending}")${why}: is the page cut off?` };
}

function storedRaw(p: StoreFile["projects"][number], name: FieldName): string | null {
  const field = name === "contacts" ? p.contacts : (p as unknown as Record<string, { raw?: unknown }>)[name];
  return typeof field?.raw === "string" ? field.raw.trimEnd() : null;
}
