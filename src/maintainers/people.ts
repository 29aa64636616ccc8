// People across the MAINTAINERS file. The file names a person once per section, and not always
// the same way ("Anthony PERARD" and "Anthony Perard"; "Volodymyr_Babchuk@" and
// "volodymyr_babchuk@"; Roger Pau Monné at .org and, once, at .com). Entries are one person when
// their names fold to the same words (case, accents and punctuation aside) or their addresses
// are the same ignoring case; nothing looser, so two people are never merged by guesswork.
import { slugify } from "../projects/fields/slug.js";
import { foldForMatching } from "../search/search-text.js";
import type { EntryKind, MaintainerPerson } from "./schema.js";

export interface NamedEntry {
  name: string;
  email: string;
  kind: EntryKind;
  section: string;
}

/** "Roger Pau Monné" and "roger pau monne" alike; "" for an entry with no name. */
export function nameKey(name: string): string {
  return foldForMatching(name);
}

/** Most used first, then first seen; spellings that differ only in case count as one. */
function byUse(values: readonly string[], fold: (v: string) => string): string[] {
  const counts = new Map<string, { shown: Map<string, number>; first: number; total: number }>();
  values.forEach((v, i) => {
    const key = fold(v);
    const c = counts.get(key) ?? { shown: new Map(), first: i, total: 0 };
    c.shown.set(v, (c.shown.get(v) ?? 0) + 1);
    c.total++;
    counts.set(key, c);
  });
  const best = (shown: Map<string, number>): string => [...shown.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return [...counts.values()].sort((a, b) => b.total - a.total || a.first - b.first).map((c) => best(c.shown));
}

/**
 * One person per name or address (transitively), in order of first mention, and each entry's
 * person id. Ids are slugs of the most used name.
 */
export function groupMaintainers(entries: readonly NamedEntry[]): { people: MaintainerPerson[]; idOf: string[] } {
  const parent = entries.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const byKey = new Map<string, number>();
  entries.forEach((e, i) => {
    const keys = [`e:${e.email.toLowerCase()}`, ...(nameKey(e.name) ? [`n:${nameKey(e.name)}`] : [])];
    for (const key of keys) {
      const j = byKey.get(key);
      if (j === undefined) byKey.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, number[]>();
  entries.forEach((_, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), i]));

  const used = new Set<string>();
  const idByRoot = new Map<number, string>();
  const people: MaintainerPerson[] = [];
  for (const [root, members] of [...groups.entries()].sort((a, b) => a[1][0]! - b[1][0]!)) {
    const group = members.map((i) => entries[i]!);
    const names = byUse(group.map((e) => e.name).filter(Boolean), (n) => n);
    const emails = byUse(group.map((e) => e.email), (e) => e.toLowerCase());
    const name = names[0] ?? emails[0]!;
    const base = slugify(name) || "person";
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}-${k}`;
    used.add(id);
    idByRoot.set(root, id);
    const sections: MaintainerPerson["sections"] = [];
    for (const e of group) if (!sections.some((r) => r.section === e.section && r.kind === e.kind)) sections.push({ section: e.section, kind: e.kind });
    people.push({ id, name, names: names.length ? names : [name], emails, sections });
  }
  return { people, idOf: entries.map((_, i) => idByRoot.get(find(i))!) };
}
