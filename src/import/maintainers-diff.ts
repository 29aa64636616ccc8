// What a MAINTAINERS import changes, in the words its reader cares about: who was added, who
// left, whose address or roles changed, which sections came and went; and the "nothing
// changed" test that keeps a re-import from touching the file.
import { nameKey } from "../maintainers/people.js";
import type { MaintainerPerson, MaintainersFile, Section } from "../maintainers/schema.js";
import { stableJson } from "./diff.js";

export interface PersonChange {
  before: MaintainerPerson;
  after: MaintainerPerson;
  what: string[];
}

export interface MaintainersDiff {
  peopleAdded: MaintainerPerson[];
  peopleRemoved: MaintainerPerson[];
  peopleChanged: PersonChange[];
  sectionsAdded: string[];
  sectionsRemoved: string[];
  sectionsChanged: Array<{ name: string; fields: string[] }>;
  /** Sections whose only change is their place in the file. */
  sectionsMoved: string[];
  /** "source" (another commit or date), "tree" (another file list). */
  other: string[];
}

/** The content without when and from which path it was imported. */
function content(data: MaintainersFile): unknown {
  const { importedAt: _when, file: _where, ...source } = data.source;
  const { file: _treeWhere, ...tree } = data.tree;
  return { ...data, source, tree };
}

export function sameMaintainersContent(a: MaintainersFile, b: MaintainersFile): boolean {
  return stableJson(content(a)) === stableJson(content(b));
}

const roleText = (r: MaintainerPerson["sections"][number]): string => `${r.kind} of ${r.section}`;

/** The same person in both files: a shared address, else the same name. */
function counterpart(p: MaintainerPerson, pool: readonly MaintainerPerson[]): MaintainerPerson | undefined {
  const emails = new Set(p.emails.map((e) => e.toLowerCase()));
  return pool.find((q) => q.emails.some((e) => emails.has(e.toLowerCase()))) ?? pool.find((q) => q.names.some((n) => p.names.some((m) => nameKey(m) === nameKey(n))));
}

function personChanges(before: MaintainerPerson, after: MaintainerPerson): string[] {
  const what: string[] = [];
  if (before.name !== after.name) what.push(`now written ${after.name}`);
  if (before.emails[0]!.toLowerCase() !== after.emails[0]!.toLowerCase()) what.push(`address ${after.emails[0]} (was ${before.emails[0]})`);
  const was = new Set(before.sections.map(roleText));
  const now = new Set(after.sections.map(roleText));
  const gained = [...now].filter((r) => !was.has(r));
  const lost = [...was].filter((r) => !now.has(r));
  if (gained.length) what.push(`now ${gained.join(", ")}`);
  if (lost.length) what.push(`no longer ${lost.join(", ")}`);
  return what;
}

const SECTION_FIELDS: Array<keyof Section> = ["status", "people", "lists", "files", "excludes", "keywords", "web", "trees", "version"];

export function diffMaintainers(old: MaintainersFile | null, next: MaintainersFile): MaintainersDiff {
  const diff: MaintainersDiff = { peopleAdded: [], peopleRemoved: [], peopleChanged: [], sectionsAdded: [], sectionsRemoved: [], sectionsChanged: [], sectionsMoved: [], other: [] };
  const before = old?.people ?? [];
  for (const p of next.people) {
    const q = counterpart(p, before);
    if (!q) diff.peopleAdded.push(p);
    else {
      const what = personChanges(q, p);
      if (what.length) diff.peopleChanged.push({ before: q, after: p, what });
    }
  }
  for (const q of before) if (!counterpart(q, next.people)) diff.peopleRemoved.push(q);

  const oldSections = new Map((old?.sections ?? []).map((s) => [s.name, s]));
  const newNames = new Set(next.sections.map((s) => s.name));
  // Entries carry their line and person id: compare what they say, not where.
  const comparable = (s: Section, f: keyof Section): string => stableJson(JSON.parse(JSON.stringify(s[f], (k, v: unknown) => (k === "line" || k === "person" ? undefined : v))));
  for (const s of next.sections) {
    const o = oldSections.get(s.name);
    if (!o) {
      diff.sectionsAdded.push(s.name);
      continue;
    }
    const fields = SECTION_FIELDS.filter((f) => comparable(o, f) !== comparable(s, f));
    if (fields.length) diff.sectionsChanged.push({ name: s.name, fields });
    else if (o.line !== s.line || o.raw !== s.raw) diff.sectionsMoved.push(s.name);
  }
  for (const name of oldSections.keys()) if (!newNames.has(name)) diff.sectionsRemoved.push(name);
  if (old) {
    const src = (d: MaintainersFile) => stableJson({ sha256: d.source.sha256, commit: d.source.commit, date: d.source.date, v: d.source.formatVersion });
    if (src(old) !== src(next)) diff.other.push("source");
    if (old.tree.sha256 !== next.tree.sha256) diff.other.push("tree");
  }
  return diff;
}

function list(items: string[], max = 10): string {
  return items.length > max ? `${items.slice(0, max).join("; ")}; … (${items.length - max} more)` : items.join("; ");
}

const who = (p: MaintainerPerson): string => `${p.name} <${p.emails[0]}>`;

/** The lines a maintainer reads after `xenbot import-maintainers`. */
export function formatMaintainersDiff(diff: MaintainersDiff, next: MaintainersFile, old: MaintainersFile | null, unchanged: boolean): string {
  const counts = `${next.sections.length} sections, ${next.people.length} people, xen.git ${next.source.commit} (${next.source.date})`;
  if (old && unchanged) return `No change: the maintainers data already matches the file (${counts}).`;
  const lines = [old ? `Maintainers data updated: ${counts}.` : `New maintainers data: ${counts}.`];
  if (!old) return lines.join("\n");
  if (diff.peopleAdded.length) lines.push(`People added (${diff.peopleAdded.length}): ${list(diff.peopleAdded.map((p) => `${who(p)}, ${p.sections.map(roleText).join(", ")}`))}`);
  if (diff.peopleRemoved.length) lines.push(`People removed (${diff.peopleRemoved.length}): ${list(diff.peopleRemoved.map(who))}`);
  if (diff.peopleChanged.length) lines.push(`People changed (${diff.peopleChanged.length}): ${list(diff.peopleChanged.map((c) => `${c.after.name}: ${c.what.join("; ")}`))}`);
  if (diff.sectionsAdded.length) lines.push(`Sections added (${diff.sectionsAdded.length}): ${list(diff.sectionsAdded)}`);
  if (diff.sectionsRemoved.length) lines.push(`Sections removed (${diff.sectionsRemoved.length}): ${list(diff.sectionsRemoved)}`);
  if (diff.sectionsChanged.length) lines.push(`Sections changed (${diff.sectionsChanged.length}): ${list(diff.sectionsChanged.map((c) => `${c.name} (${c.fields.join(", ")})`))}`);
  if (diff.sectionsMoved.length) lines.push(`Sections moved or re-spaced only: ${diff.sectionsMoved.length}`);
  if (diff.other.length) lines.push(`Also changed: ${diff.other.join(", ")}`);
  return lines.join("\n");
}
