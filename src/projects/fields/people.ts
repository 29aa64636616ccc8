// People across the page: one person per real address or per name. "Andy Cooper" and
// "Andrew Cooper" with one address are one person, named by the fullest form, the other an alias.
// Ids are slugs of the name, and a person already in the previous store keeps their id.
import type { Person } from "../schema.js";
import type { ContactMention } from "./contacts.js";
import { slugify } from "./slug.js";

export interface ProjectMention extends ContactMention {
  projectId: string;
}

interface Group {
  names: Map<string, { count: number; first: number }>;
  emails: string[];
  patterns: string[];
  projects: string[];
  first: number;
}

/** Fullest first: most words, then longest, then most used, then first seen. */
function bestName(names: Group["names"]): string {
  return [...names.entries()].sort(
    ([a, x], [b, y]) => b.split(" ").length - a.split(" ").length || b.length - a.length || y.count - x.count || x.first - y.first,
  )[0]![0];
}

/**
 * Groups mentions into people (same real address or same name slug, transitively) and returns
 * the people in order of first mention, plus each mention's person id.
 */
export function groupPeople(mentions: ProjectMention[], previous: readonly Person[] = []): { people: Person[]; idOf: string[] } {
  // Union-find over mentions, joined by address and by name.
  const parent = mentions.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const byKey = new Map<string, number>();
  mentions.forEach((m, i) => {
    const keys = [`n:${slugify(m.name)}`, ...(m.email ? [`e:${m.email.toLowerCase()}`] : [])];
    for (const key of keys) {
      const j = byKey.get(key);
      if (j === undefined) byKey.set(key, i);
      else parent[find(i)] = find(j);
    }
  });

  const groups = new Map<number, Group>();
  mentions.forEach((m, i) => {
    const root = find(i);
    const g: Group = groups.get(root) ?? { names: new Map(), emails: [], patterns: [], projects: [], first: i };
    groups.set(root, g);
    const n = g.names.get(m.name) ?? { count: 0, first: i };
    n.count++;
    g.names.set(m.name, n);
    if (m.email && !g.emails.some((e) => e.toLowerCase() === m.email!.toLowerCase())) g.emails.push(m.email);
    if (m.emailPattern && !g.patterns.includes(m.emailPattern)) g.patterns.push(m.emailPattern);
    if (!g.projects.includes(m.projectId)) g.projects.push(m.projectId);
  });

  const used = new Set<string>();
  const idByRoot = new Map<number, string>();
  const people: Person[] = [];
  for (const [root, g] of [...groups.entries()].sort((a, b) => a[1].first - b[1].first)) {
    const name = bestName(g.names);
    const aliases = [...g.names.keys()].filter((n) => n !== name && n.toLowerCase() !== name.toLowerCase());
    const slugs = new Set([...g.names.keys()].map(slugify));
    const emails = new Set(g.emails.map((e) => e.toLowerCase()));
    const before = previous.find(
      (p) => !used.has(p.id) && ((p.email && emails.has(p.email.toLowerCase())) || [p.name, ...p.aliases].some((n) => slugs.has(slugify(n)))),
    );
    let id = before?.id ?? (slugify(name) || "person");
    for (let k = 2; used.has(id); k++) id = `${before?.id ?? slugify(name)}-${k}`;
    used.add(id);
    idByRoot.set(root, id);
    people.push({ id, name, aliases, email: g.emails[0] ?? null, emailPattern: g.patterns[0] ?? null, projects: g.projects });
  }
  return { people, idOf: mentions.map((_, i) => idByRoot.get(find(i))!) };
}
