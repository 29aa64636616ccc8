// Finding projects and people from half-remembered words. Pure over the store's records:
// records in, ranked results out; the indexes are rebuilt only when the store changes (its
// revision moves).
//
// Ranking is word-level (search-index.ts): each query word meets the store's words exactly, by
// stem, as a prefix, with a typo, split or joined; words count by rarity and by the field they
// meet in, so a title or id hit beats a description hit. A hit's score is 1 − strength: 0 when
// every word meets the title, 1 when nothing meets, comparable across queries. When no word
// meets anything, fuse.js's character-level bitap over titles and ids still offers a
// "did you mean".
import { createRequire } from "node:module";
import type Fuse from "fuse.js";
import type { Person, Project } from "../projects/schema.js";
import { TermIndex, type FieldSpec } from "./search-index.js";
import { analyse, foldForMatching } from "./search-text.js";

export interface ProjectHit {
  project: Project;
  /** 0 = perfect, 1 = no match; comparable across queries. */
  score: number;
}

export interface PersonHit {
  person: Person;
  score: number;
}

/** What `!project` should do with a query. */
export type Verdict =
  | { kind: "clear"; hit: ProjectHit }
  | { kind: "close"; hits: ProjectHit[] }
  | { kind: "none"; suggestions: ProjectHit[] };

/** The records the search needs; ProjectStore provides them. */
export interface SearchSource {
  readonly revision: number;
  projects(opts?: { includeArchived?: boolean }): readonly Project[];
  people(): readonly Person[];
}

/** Hits scoring above this are not answers, only "did you mean" (e.g. a typo found only in a description). */
export const WEAK_SCORE = 0.7;
/** The best hit is clear when the runner-up's strength (1 − score) is at most this share of the best's. */
export const CLEAR_RATIO = 0.75;
/** Hits scoring above this are not offered even as "did you mean". */
export const SUGGEST_SCORE = 0.9;
/** People scoring above this are not offered. */
export const PERSON_SCORE = 0.5;

const MAX_QUERY_CHARS = 200;

/**
 * fuse.js only for "did you mean" when no word matched: most questions never need it, so it is
 * loaded (synchronously, its CommonJS build) on the first such question, not at start-up.
 */
let fuseClass: typeof Fuse | null = null;
function loadFuse(): typeof Fuse {
  return (fuseClass ??= createRequire(import.meta.url)("fuse.js") as typeof Fuse);
}
const CLOSE_LIST = 4;

/** How much a query word found in each field counts (a title hit 1, a description hit 0.35). */
function projectFields(people: ReadonlyMap<string, Person>): FieldSpec<Project>[] {
  return [
    { name: "title", weight: 1, get: (p) => p.title, joins: true },
    { name: "id", weight: 1, get: (p) => p.id, joins: true },
    { name: "keywords", weight: 1, get: (p) => p.keywords, joins: true },
    { name: "skills", weight: 0.6, get: (p) => p.skills.tags },
    { name: "skills text", weight: 0.35, get: (p) => (p.skills.specified ? p.skills.raw : "") },
    { name: "contacts", weight: 0.5, get: (p) => p.contacts.people.flatMap((id) => contactNames(people.get(id))) },
    { name: "category", weight: 0.3, get: (p) => p.category },
    { name: "description", weight: 0.35, get: (p) => p.description.text },
    { name: "outcomes", weight: 0.3, get: (p) => p.outcomes.text },
  ];
}

function contactNames(person: Person | undefined): string[] {
  return person ? [person.name, ...person.aliases] : [];
}

const PERSON_FIELDS: FieldSpec<Person>[] = [
  { name: "name", weight: 1, get: (p) => p.name, joins: true },
  { name: "aliases", weight: 1, get: (p) => p.aliases, joins: true },
  { name: "email", weight: 0.9, get: (p) => (p.email ? [p.email.split("@")[0]!] : []) },
  { name: "id", weight: 0.9, get: (p) => p.id },
];

/** Lower-case, accents removed, punctuation to spaces, collapsed; at most 200 characters. */
export function normaliseQuery(query: string): string {
  return foldForMatching(query.slice(0, MAX_QUERY_CHARS));
}

interface Indexes {
  projects: readonly Project[];
  byId: Map<string, Project>;
  projectIndex: TermIndex<Project>;
  peopleIndex: TermIndex<Person>;
  titles: Fuse<Project> | null;
}

export class ProjectSearch {
  private builtAt = -1;
  private idx!: Indexes;

  constructor(private readonly source: SearchSource) {}

  /** Builds the indexes now rather than on the first question (a bot about to serve people). */
  warm(): void {
    this.indexes();
  }

  /** Ranked projects, best first; archived ones included (still findable). */
  search(query: string, limit = 5): ProjectHit[] {
    const idx = this.indexes();
    const q = normaliseQuery(query);
    if (!q || limit < 1) return [];
    const exact = idx.byId.get(q.replace(/ /g, "-"));
    const hits = idx.projectIndex
      .search(query.slice(0, MAX_QUERY_CHARS), limit + 1)
      .map((r) => ({ project: idx.projects[r.ref]!, score: round(1 - r.strength) }))
      .filter((h) => h.project !== exact);
    return (exact ? [{ project: exact, score: 0 }, ...hits] : hits).slice(0, limit);
  }

  /** One clear answer, a few close ones, or nothing good (with suggestions, maybe none). */
  find(query: string): Verdict {
    const hits = this.search(query, CLOSE_LIST + 2);
    const best = hits[0];
    if (!best || best.score > WEAK_SCORE) return { kind: "none", suggestions: this.suggest(query, hits) };
    const strength = 1 - best.score;
    // Close to the best, and good enough on its own: a weak hit is never part of an answer.
    const close = hits.filter((h) => h.score <= WEAK_SCORE && 1 - h.score > CLEAR_RATIO * strength);
    if (close.length <= 1) return { kind: "clear", hit: best };
    return { kind: "close", hits: close.slice(0, CLOSE_LIST) };
  }

  /** People by name, surname, alias, e-mail local part or a piece of one; best first. */
  findPeople(query: string, limit = 5): PersonHit[] {
    const idx = this.indexes();
    const q = normaliseQuery(query);
    if (!q || limit < 1) return [];
    const people = idx.peopleIndex.records;
    return idx.peopleIndex
      .search(query.slice(0, MAX_QUERY_CHARS), limit)
      .map((r) => ({ person: people[r.ref]!, score: round(1 - r.strength) }))
      .filter((h) => h.score <= PERSON_SCORE);
  }

  /** "Did you mean": weak word hits, else fuse.js's character-level match on titles and ids. */
  private suggest(query: string, hits: readonly ProjectHit[]): ProjectHit[] {
    const weak = hits.filter((h) => h.score <= SUGGEST_SCORE).slice(0, 3);
    if (weak.length) return weak;
    // Only for real words: not for "the", "a b c" or punctuation.
    const words = analyse(query.slice(0, MAX_QUERY_CHARS), { parts: false }).filter((t) => t.surface.length >= 3);
    if (words.length === 0) return [];
    const q = words.map((t) => t.surface.slice(0, 32)).join(" ");
    const idx = this.idx;
    const FuseClass = loadFuse();
    idx.titles ??= new FuseClass([...idx.projects], {
      keys: [
        { name: "title", weight: 2 },
        { name: "id", weight: 2 },
        { name: "keywords", weight: 1 },
      ],
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.34,
      useTokenSearch: true,
    });
    return idx.titles.search(q, { limit: 3 }).map((r) => ({ project: r.item, score: 1 }));
  }

  private indexes(): Indexes {
    if (this.builtAt === this.source.revision) return this.idx;
    const projects = this.source.projects({ includeArchived: true });
    const people = this.source.people();
    const peopleById = new Map(people.map((p) => [p.id, p]));
    this.idx = {
      projects,
      byId: new Map(projects.map((p) => [p.id, p])),
      projectIndex: new TermIndex(projects, projectFields(peopleById), { minPrefix: 3 }),
      peopleIndex: new TermIndex(people, PERSON_FIELDS, { minPrefix: 3, stemming: false }),
      titles: null,
    };
    this.builtAt = this.source.revision;
    return this.idx;
  }
}

function round(score: number): number {
  return Math.min(1, Math.max(0, Math.round(score * 10_000) / 10_000));
}
