// A large synthetic store for the search bench: the real projects, kept as they are and put at
// random places, among generated ones whose titles, descriptions and outcomes mix words and
// sentences of the real ones (deterministic: a seeded generator).
import type { Project, StoreFile } from "../../src/projects/schema.js";

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 20);
}

const wordsOf = (text: string) => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
const bare = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");

/** Share of a real project's rare words kept when its sentences are reused in a generated description. */
export const RARE_KEPT_IN_TEXT = 0.05;
/** Share of generated title words that are rare words of the real projects. */
export const RARE_IN_TITLE = 0.04;

/**
 * A store of `size` projects: the real ones plus generated ones. Words found in at least 3 real
 * projects ("guest", "memory", "tool") are common and are reused freely. Rarer words (the ones
 * that identify a project: "QuickPath", "NVRAM") are mostly replaced by made-up words spliced
 * from two real words ("hyperclamp"), so the vocabulary grows as a big real store's would, and
 * the distinctive words of the real projects turn up in some generated projects, not in hundreds.
 */
export function syntheticStore(real: StoreFile, size: number, seed = 42): StoreFile {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const base = real.projects;
  const df = new Map<string, number>();
  for (const p of base) for (const w of new Set(wordsOf(`${p.title} ${p.description.text} ${p.outcomes.text}`).map(bare))) df.set(w, (df.get(w) ?? 0) + 1);
  const allWords = base.flatMap((p) => wordsOf(`${p.title} ${p.description.text} ${p.outcomes.text}`));
  const common = allWords.filter((w) => (df.get(bare(w)) ?? 0) >= 3);
  const rare = allWords.filter((w) => (df.get(bare(w)) ?? 0) < 3);
  const long = allWords.map(bare).filter((w) => w.length >= 4);
  // A vocabulary of made-up words, as big as a real store of this size would have (Heaps' law,
  // roughly 4 × √tokens), each spliced from two real words.
  const splice = () => {
    const a = pick(long);
    const b = pick(long);
    return a.slice(0, 2 + Math.floor(rnd() * (a.length - 2))) + b.slice(Math.floor(rnd() * (b.length - 2)));
  };
  const invented = Array.from({ length: Math.round(4 * Math.sqrt(size * 120)) }, splice);
  const madeUp = () => pick(invented);
  /** A real sentence with its rare words mostly made up anew and a tenth of the rest swapped. */
  const reword = (sentence: string) =>
    wordsOf(sentence)
      .map((w) => ((df.get(bare(w)) ?? 0) < 3 ? (rnd() < RARE_KEPT_IN_TEXT ? w : madeUp()) : rnd() < 0.1 ? pick(common) : w))
      .join(" ");
  const pool = base.flatMap((p) => sentences(p.description.text));
  const outcomePool = base.flatMap((p) => sentences(p.outcomes.text));
  const tags = [...new Set(base.flatMap((p) => p.skills.tags))];
  const people = real.people.map((p) => p.id);

  const generated: Project[] = [];
  for (let i = 0; generated.length < size - base.length; i++) {
    const model = pick(base);
    const title = Array.from({ length: 3 + Math.floor(rnd() * 5) }, () => {
      const r = rnd();
      return r < RARE_IN_TITLE ? pick(rare) : r < 0.55 ? pick(common) : madeUp();
    }).join(" ");
    const contacts = [pick(people), ...(rnd() < 0.3 ? [pick(people)] : [])].filter((id, k, all) => all.indexOf(id) === k);
    const description = Array.from({ length: 2 + Math.floor(rnd() * 4) }, () => reword(pick(pool))).join(". ");
    const outcomes = rnd() < 0.5 && outcomePool.length ? reword(pick(outcomePool)) : "";
    const skillTags = tags.length ? [pick(tags), pick(tags)].filter((t, k, all) => all.indexOf(t) === k) : [];
    generated.push({
      ...model,
      id: `syn-${i}`,
      title: title.replace(/[^\p{L}\p{N}\s/-]/gu, "").trim() || `Synthetic ${i}`,
      category: pick(base).category,
      contacts: { raw: contacts.join(", "), people: contacts },
      skills: { raw: skillTags.join(", "), tags: skillTags, specified: skillTags.length > 0 },
      description: { raw: description, text: description, specified: true },
      outcomes: { raw: outcomes, text: outcomes, specified: outcomes.length > 0 },
      keywords: [],
      archived: false,
      sourceLine: null,
    });
  }
  // The real projects at random places, so ties are not won by being first.
  const projects = [...generated];
  for (const p of base) projects.splice(Math.floor(rnd() * (projects.length + 1)), 0, p);
  const ids = new Set(projects.map((p) => p.id));
  return {
    ...real,
    projects,
    people: real.people.map((person) => ({
      ...person,
      projects: [...person.projects, ...generated.filter((p) => p.contacts.people.includes(person.id)).map((p) => p.id)].filter((id) => ids.has(id)),
    })),
  };
}
