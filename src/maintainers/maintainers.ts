// The MAINTAINERS service commands reach as `ctx.maintainers`: the imported file, who to Cc on
// paths, areas and people found by words, the page's people as MAINTAINERS knows them today,
// and the sections of each project's area. Built once at start from the validated files.
import type { Person } from "../projects/schema.js";
import type { RecordHit, RecordVerdict } from "../search/record-search.js";
import { readMaintainersFile } from "./maintainers-file.js";
import { MaintainersSearch } from "./maintainers-search.js";
import { findInMaintainers } from "./page-people.js";
import { TreePaths, type PathCheck } from "./path-query.js";
import { readProjectAreas, type ProjectAreasFile } from "./project-areas.js";
import { THE_REST, type MaintainerPerson, type MaintainersFile, type Section } from "./schema.js";
import { CcResolver, type CcAnswer } from "./who-to-cc.js";

/** The sections of a project's area, and the table's reason (shown when there are none). */
export interface ProjectArea {
  sections: Section[];
  why: string | null;
}

export class Maintainers {
  private readonly bySection = new Map<string, Section>();
  private readonly byPerson = new Map<string, MaintainerPerson>();
  private readonly resolver: CcResolver;
  private readonly tree: TreePaths;
  private readonly search: MaintainersSearch;
  private readonly areas: Map<string, { sections: string[]; why: string }>;

  constructor(
    readonly data: MaintainersFile,
    areas: ProjectAreasFile = { about: "", projects: [] },
  ) {
    for (const s of data.sections) this.bySection.set(s.name, s);
    for (const p of data.people) this.byPerson.set(p.id, p);
    this.resolver = new CcResolver(data.sections);
    this.tree = new TreePaths(data.tree.paths);
    this.search = new MaintainersSearch(data.sections, data.people);
    this.areas = new Map(areas.projects.map((a) => [a.project, { sections: a.sections, why: a.why }]));
  }

  /** Reads and validates both files; throws MaintainersFileError naming the file at fault. */
  static async open(file: string, areasFile: string): Promise<Maintainers> {
    const [data, areas] = await Promise.all([readMaintainersFile(file), readProjectAreas(areasFile)]);
    return new Maintainers(data, areas);
  }

  get source(): MaintainersFile["source"] {
    return this.data.source;
  }

  sections(): readonly Section[] {
    return this.data.sections;
  }

  section(name: string): Section | undefined {
    return this.bySection.get(name);
  }

  /** The committers' catch-all, when the file has one. */
  theRest(): Section | undefined {
    return this.bySection.get(THE_REST);
  }

  people(): readonly MaintainerPerson[] {
    return this.data.people;
  }

  person(id: string): MaintainerPerson | undefined {
    return this.byPerson.get(id);
  }

  /** Checks a path as typed against the tree (see path-query.ts). */
  checkPath(asTyped: string): PathCheck {
    return this.tree.check(asTyped);
  }

  isTopLevelFile(word: string): boolean {
    return this.tree.isTopLevelFile(word);
  }

  /** get_maintainer.pl's answer for checked paths (files, or directories ending with "/"). */
  whoToCc(paths: readonly string[]): CcAnswer {
    return this.resolver.resolve(paths);
  }

  findAreas(query: string): RecordVerdict<Section> {
    return this.search.findAreas(query);
  }

  findPeople(query: string, limit = 3): RecordHit<MaintainerPerson>[] {
    return this.search.findPeople(query, limit);
  }

  /** The page's person in MAINTAINERS today, or null when not surely there. */
  today(pagePerson: Pick<Person, "name" | "aliases" | "email">): MaintainerPerson | null {
    return findInMaintainers(pagePerson, this.data.people);
  }

  /** The sections of a project's area (those the file still has), or none with the table's reason. */
  areaOf(projectId: string): ProjectArea {
    const entry = this.areas.get(projectId);
    if (!entry) return { sections: [], why: null };
    return { sections: entry.sections.map((n) => this.bySection.get(n)).filter((s): s is Section => s !== undefined), why: entry.why };
  }

  /** Section names the area table names but MAINTAINERS lacks (renamed or removed upstream). */
  missingAreaSections(): string[] {
    return [...new Set([...this.areas.values()].flatMap((a) => a.sections))].filter((n) => !this.bySection.has(n));
  }
}
