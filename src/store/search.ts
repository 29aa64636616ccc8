// Finding projects and people from half-remembered words. Pure over the store's records:
// records in, ranked results out. Built on fuse.js; the index is rebuilt only when the store
// changes (its revision moves).
import Fuse, { type FuseOptionKey } from "fuse.js";
import type { Person, Project } from "./schema.js";

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

/** A hit at or below this score is a confident answer on its own. */
export const CLEAR_SCORE = 0.25;
/** Hits above this score are not shown as answers, only as "did you mean". */
export const WEAK_SCORE = 0.5;
/** The best hit is "clear" when the runner-up is at least this much worse. */
export const CLEAR_GAP = 0.15;

const MAX_QUERY_CHARS = 100;

const PROJECT_KEYS: FuseOptionKey<Project>[] = [
  { name: "title", weight: 4 },
  { name: "id", weight: 3 },
  { name: "keywords", weight: 3 },
  { name: "skills.tags", weight: 1.5 },
  { name: "category", weight: 1 },
  { name: "description.text", weight: 1 },
  { name: "outcomes.text", weight: 0.5 },
];

/** Lower-case, punctuation to spaces, "9pfs" → "9p fs", collapse spaces. */
export function normaliseQuery(query: string): string {
  return query
    .slice(0, MAX_QUERY_CHARS)
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/(\d)([a-z]{2,})/g, "$1 $2")
    .trim();
}

export class ProjectSearch {
  private builtAt = -1;
  private projectIndex!: Fuse<Project>;
  private peopleIndex!: Fuse<Person>;
  private byId = new Map<string, Project>();

  constructor(private readonly source: SearchSource) {}

  /** Ranked projects, best first; archived ones included (still findable). */
  search(query: string, limit = 5): ProjectHit[] {
    this.ensureIndex();
    const q = normaliseQuery(query);
    if (!q) return [];
    const exact = this.byId.get(q.replace(/ /g, "-"));
    const hits = this.projectIndex.search(q, { limit: limit + 1 }).map((r) => ({ project: r.item, score: r.score ?? 1 }));
    if (exact) return [{ project: exact, score: 0 }, ...hits.filter((h) => h.project.id !== exact.id)].slice(0, limit);
    return hits.slice(0, limit);
  }

  /** One clear answer, a few close ones, or nothing good (with suggestions). */
  find(query: string): Verdict {
    const hits = this.search(query, 5);
    const good = hits.filter((h) => h.score <= WEAK_SCORE);
    const best = good[0];
    if (!best) return { kind: "none", suggestions: hits.slice(0, 3) };
    const second = good[1];
    if (best.score <= CLEAR_SCORE && (!second || second.score - best.score >= CLEAR_GAP)) return { kind: "clear", hit: best };
    if (!second) return { kind: "clear", hit: best };
    return { kind: "close", hits: good.filter((h) => h.score - best.score < CLEAR_GAP * 2).slice(0, 4) };
  }

  findPeople(query: string, limit = 5): PersonHit[] {
    this.ensureIndex();
    const q = normaliseQuery(query);
    if (!q) return [];
    return this.peopleIndex
      .search(q, { limit })
      .map((r) => ({ person: r.item, score: r.score ?? 1 }))
      .filter((h) => h.score <= WEAK_SCORE);
  }

  private ensureIndex(): void {
    if (this.builtAt === this.source.revision) return;
    const projects = this.source.projects({ includeArchived: true });
    this.byId = new Map(projects.map((p) => [p.id, p]));
    this.projectIndex = new Fuse([...projects], {
      keys: PROJECT_KEYS,
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.4,
      useTokenSearch: true,
    });
    this.peopleIndex = new Fuse([...this.source.people()], {
      keys: [
        { name: "name", weight: 3 },
        { name: "aliases", weight: 2 },
        { name: "email", weight: 1 },
        { name: "id", weight: 1 },
      ],
      includeScore: true,
      ignoreLocation: true,
      threshold: 0.35,
      useTokenSearch: true,
    });
    this.builtAt = this.source.revision;
  }
}
