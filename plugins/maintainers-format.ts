// How MAINTAINERS facts read in a reply, shared by !maintainers, !contact and the project cards
// so a section and a person's roles read the same everywhere (Xen's venues: venues.ts). Short on purpose:
// a channel gets three lines, and each should fit one IRC line.
import type { MaintainerPerson, Maintainers, Person, Project, Section } from "../src/plugin-api.js";
import { statusInWords, THE_REST } from "../src/plugin-api.js";

/** "Name <address>" with the address the file uses most. */
export function personAddress(p: MaintainerPerson): string {
  return `${p.name} <${p.emails[0]}>`;
}

function joinList(items: string[], max: number): string {
  if (items.length <= max) return items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? "");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/** "maintainer of KEXEC, OCAML TOOLS and 4 more; reviewer of XENSTORE". */
export function rolesText(p: MaintainerPerson, max = 5): string {
  const of = (kind: "maintainer" | "reviewer") => p.sections.filter((r) => r.kind === kind).map((r) => r.section);
  const parts: string[] = [];
  const m = of("maintainer");
  const r = of("reviewer");
  if (m.length) parts.push(`maintainer of ${joinList(m, max)}`);
  if (r.length) parts.push(`reviewer of ${joinList(r, max)}`);
  return parts.join("; ");
}

/** A section's people: "A <a>, B <b>; reviewer C <c>", or who decides when nobody is listed. */
export function sectionPeople(section: Section): string {
  const show = (kind: "maintainer" | "reviewer") => section.people.filter((e) => e.kind === kind).map((e) => (e.name ? `${e.name} <${e.email}>` : e.email));
  const m = show("maintainer");
  const r = show("reviewer");
  const parts: string[] = [];
  if (m.length) parts.push(m.join(", "));
  if (r.length) parts.push(`${r.length > 1 ? "reviewers" : "reviewer"} ${r.join(", ")}`);
  if (!m.length) parts.push(section.name === THE_REST ? "" : `no maintainer listed, so ${THE_REST} (the committers) decide`);
  return parts.filter(Boolean).join("; ");
}

/** "SCHEDULING (Supported)"; a status a newcomer should mind is spelled out: "KDD DEBUGGER (Odd Fixes: the maintainer has little time for it)". */
export function sectionLabel(section: Section, explain = false): string {
  const mind = section.status.value !== "supported" && section.status.value !== "maintained";
  return `${section.name} (${explain && mind ? statusInWords(section.status) : (section.status.raw ?? "no status")})`;
}

/** A project's area today in one phrase: "KDD DEBUGGER (Odd Fixes): Tim Deegan <tim@xen.org>". */
export function areaPhrase(maintainers: Maintainers, project: Project, max = 2): string | null {
  const { sections } = maintainers.areaOf(project.id);
  if (!sections.length) return null;
  const shown = sections.slice(0, max).map((s) => `${sectionLabel(s, true)}: ${sectionPeople(s)}`);
  return shown.join(" · ") + (sections.length > max ? ` · and ${sections.length - max} more` : "");
}

/** "MAINTAINERS at xen.git c447b7308b13, 2026-08-20". */
export function maintainersVersion(maintainers: Maintainers): string {
  return `MAINTAINERS at xen.git ${maintainers.source.commit}, ${maintainers.source.date}`;
}

/** Where a page person is today: "today paul@xen.org, maintainer of X86 VIRIDIAN ENLIGHTENMENTS". */
export function todayPhrase(maintainers: Maintainers, person: Person, maxRoles = 3): string {
  const found = maintainers.today(person);
  return found ? `today ${found.emails[0]}, ${rolesText(found, maxRoles)}` : "not in MAINTAINERS today";
}

/** A section in a few words: "LIBS (Anthony PERARD)", "X86 MEMORY PAGING (Orphaned, no maintainer)". */
function sectionInBrief(section: Section, withAddress: boolean): string {
  const lead = section.people.find((e) => e.kind === "maintainer");
  if (!lead) return `${section.name} (${section.status.raw ?? "no status"}, no maintainer)`;
  const more = section.people.filter((e) => e.kind === "maintainer").length - 1;
  const who = withAddress ? `${lead.name || lead.email} <${lead.email}>` : lead.name || lead.email;
  return `${section.name} (${who}${more > 0 ? ` and ${more} more` : ""})`;
}

/** The card's short form of a project's area: "KDD DEBUGGER (Tim Deegan <tim@xen.org>)"; several sections by name and lead only. */
export function areaShort(maintainers: Maintainers, project: Project, max = 2): string | null {
  const { sections } = maintainers.areaOf(project.id);
  if (!sections.length) return null;
  const shown = sections.slice(0, max).map((s) => sectionInBrief(s, sections.length === 1));
  return shown.join(", ") + (sections.length > max ? ` and ${sections.length - max} more` : "");
}
