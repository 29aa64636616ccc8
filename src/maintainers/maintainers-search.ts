// Finding an area ("scheduling", "xenstore", "kdd", "arm port") or a person ("julien", "roger
// pau monne") in MAINTAINERS, with !project's own ranked index and verdict rules
// (src/search/record-search.ts). Two small additions of our own: words that only say "area"
// ("port", "code", "subsystem", "maintainers") are set aside, and among equally strong
// sections (the words as often in each) the one whose name the query covers best comes first
// ("scheduling" is SCHEDULING before ARINC653 SCHEDULER; "arm" is the ARM architecture, whose
// files say "arm" most, before ARM SMMU).
import { RecordSearch, type RecordHit, type RecordVerdict } from "../search/record-search.js";
import { analyse } from "../search/search-text.js";
import { PERSON_SCORE } from "../search/search.js";
import type { FieldSpec } from "../search/search-index.js";
import type { MaintainerPerson, Section } from "./schema.js";

/** Words that name no area in particular: "who maintains the arm port" is about "arm". */
const AREA_FILLER = new Set(
  ("port ports code area areas subsystem subsystems section sections part parts component components module modules " +
    "maintainer maintainers maintain maintains maintained reviewer reviewers who cc support stuff files file bit bits")
    .split(" "),
);

const SECTION_FIELDS: FieldSpec<Section>[] = [
  { name: "name", weight: 1, get: (s) => s.name, joins: true },
  { name: "files", weight: 0.5, get: (s) => s.files.map((f) => f.raw) },
  { name: "trees", weight: 0.3, get: (s) => [...s.trees, ...s.web] },
];

const PERSON_FIELDS: FieldSpec<MaintainerPerson>[] = [
  { name: "name", weight: 1, get: (p) => p.names, joins: true },
  { name: "email", weight: 0.9, get: (p) => p.emails.map((e) => e.split("@")[0]!) },
];

/** The query without filler words, unless that would leave nothing. */
export function areaWords(query: string): string {
  const words = query.split(/\s+/).filter(Boolean);
  const kept = words.filter((w) => !AREA_FILLER.has(w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")));
  return (kept.length ? kept : words).join(" ");
}

/** Name words of a section the query does not cover: fewer means a closer fit. */
function uncovered(section: Section, query: string): number {
  const asked = new Set(analyse(query, { parts: false }).flatMap((t) => [t.surface, t.stem]));
  return analyse(section.name, { parts: false }).filter((t) => !asked.has(t.surface) && !asked.has(t.stem)).length;
}

export class MaintainersSearch {
  private readonly sections: RecordSearch<Section>;
  private readonly people: RecordSearch<MaintainerPerson>;

  constructor(sections: readonly Section[], people: readonly MaintainerPerson[]) {
    this.sections = new RecordSearch(sections, SECTION_FIELDS, { minPrefix: 3 });
    this.people = new RecordSearch(people, PERSON_FIELDS, { minPrefix: 3, stemming: false });
  }

  /** Sections for an area, as !project would judge them: clear, close or none. */
  findAreas(query: string): RecordVerdict<Section> {
    const q = areaWords(query);
    const verdict = this.sections.find(q);
    const order = (hits: RecordHit<Section>[]): RecordHit<Section>[] =>
      hits
        .map((h, i) => ({ h, i, u: uncovered(h.record, q) }))
        .sort((a, b) => (Math.abs(a.h.strength - b.h.strength) < 1e-9 ? a.u - b.u : 0) || a.i - b.i)
        .map((x) => x.h);
    if (verdict.kind === "close") return { kind: "close", hits: order(verdict.hits) };
    return verdict;
  }

  /** People by name, first name, surname or address; best first, only good matches. */
  findPeople(query: string, limit = 3): RecordHit<MaintainerPerson>[] {
    return this.people.search(query, limit).filter((h) => h.score <= PERSON_SCORE);
  }
}
