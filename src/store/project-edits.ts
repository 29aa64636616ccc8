// Maintainers' edits to the store, as pure changes to a draft: each validates its value with
// the same field normalisers the importer uses (src/projects/fields/), so an edited field reads
// exactly as an imported one would, and reports what it changed, for the audit log.
import { parseContacts } from "../projects/fields/contacts.js";
import { parseDifficulty } from "../projects/fields/difficulty.js";
import { groupPeople, type ProjectMention } from "../projects/fields/people.js";
import { tagSkills } from "../projects/fields/skills.js";
import { readableText } from "../projects/fields/text.js";
import { ValueError } from "../projects/fields/value-error.js";
import type { Project, StoreFile } from "../projects/schema.js";

export const EDITABLE_FIELDS = ["difficulty", "skills", "contact", "description"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface Change {
  project: string;
  field: string;
  old: string;
  new: string;
}

export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EditError";
  }
}

const MAX_VALUE_CHARS = 1_000;

function projectIn(draft: StoreFile, id: string): Project {
  const project = draft.projects.find((p) => p.id === id);
  if (!project) throw new EditError(`no project with id "${id}"`);
  return project;
}

function verifiedText(p: Project): string {
  return p.verified.iso ?? p.verified.raw;
}

/** Marks a project verified on the given day (YYYY-MM-DD). */
export function verifyProject(draft: StoreFile, id: string, today: string): Change {
  const project = projectIn(draft, id);
  const old = verifiedText(project);
  project.verified = { raw: today, iso: today, readings: [today], ambiguous: false, year: Number(today.slice(0, 4)), stale: false };
  return { project: id, field: "verified", old, new: today };
}

export function setArchived(draft: StoreFile, id: string, archived: boolean): Change {
  const project = projectIn(draft, id);
  if (project.archived === archived) throw new EditError(`${id} is already ${archived ? "archived" : "not archived"}`);
  project.archived = archived;
  return { project: id, field: "archived", old: String(!archived), new: String(archived) };
}

/** Rebuilds people from every project's contact line, keeping ids of people already known. */
function regroupPeople(draft: StoreFile): void {
  const mentions: ProjectMention[] = draft.projects.flatMap((p) => parseContacts(p.contacts.raw).map((m) => ({ ...m, projectId: p.id })));
  const { people, idOf } = groupPeople(mentions, draft.people);
  const byProject = new Map<string, string[]>();
  mentions.forEach((m, i) => {
    const ids = byProject.get(m.projectId) ?? [];
    if (!ids.includes(idOf[i]!)) ids.push(idOf[i]!);
    byProject.set(m.projectId, ids);
  });
  for (const p of draft.projects) p.contacts.people = byProject.get(p.id) ?? [];
  draft.people = people;
}

/** `!set <id> <field> <value>`: the value is read as the wiki would write it. */
export function setField(draft: StoreFile, id: string, field: string, value: string): Change {
  const project = projectIn(draft, id);
  const v = value.trim();
  if (!v) throw new EditError("the new value is empty");
  if (v.length > MAX_VALUE_CHARS) throw new EditError(`the new value is too long (${v.length} characters, at most ${MAX_VALUE_CHARS})`);
  try {
    switch (field as EditableField) {
      case "difficulty": {
        const old = project.difficulty.raw;
        project.difficulty = parseDifficulty(v);
        return { project: id, field, old, new: v };
      }
      case "skills": {
        const old = project.skills.raw;
        project.skills = { raw: v, ...tagSkills(v) };
        return { project: id, field, old, new: v };
      }
      case "contact": {
        const old = project.contacts.raw;
        if (parseContacts(v).length === 0) throw new EditError(`no contact found in "${v}" (write: Name <address>, Other Name)`);
        project.contacts = { raw: v, people: [] };
        regroupPeople(draft);
        return { project: id, field, old, new: v };
      }
      case "description": {
        const old = project.description.raw;
        project.description = { raw: v, ...readableText(v) };
        return { project: id, field, old, new: v };
      }
      default:
        throw new EditError(`"${field}" cannot be set; editable fields: ${EDITABLE_FIELDS.join(", ")}`);
    }
  } catch (err) {
    if (err instanceof ValueError) throw new EditError(err.message);
    throw err;
  }
}
