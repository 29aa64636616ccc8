// Who to Cc on a change to some paths: the answer of xen.git's own
// `scripts/get_maintainer.pl --nokeywords --nogit --nogit-fallback -f PATH…`, reproduced from
// its rules (read in its source at c447b7308b13; the code here is our own):
//  1. A section matches a path when none of its X: patterns does and one of its F: does. Its
//     depth is that of the last F: line that matches (the tool overwrites it line by line).
//  2. Per path, matching sections deepest first (ties in the file's order; the tool's order
//     there comes from a Perl hash and is not stable), each adding its M: lines (role named
//     after the section's S:, "supporter:SECTION") and R: lines ("reviewer"), in line order,
//     and its L: lists (each address once).
//  3. THE REST's people are dropped when every path matched some other section and, over all
//     paths, someone other than THE REST's people is an M: (a reviewer alone does not count).
//  4. Each "Name <address>" once, first role kept; the lists after the people.
import { compilePattern, countSlashes, matches, type CompiledPattern } from "./patterns.js";
import { toolRoleLabel } from "./status.js";
import { THE_REST, type EntryKind, type Section } from "./schema.js";

export interface CcEntry {
  name: string;
  email: string;
  /** The tool's role label: "supporter:X86 ARCHITECTURE", "odd fixer:KDD DEBUGGER", "reviewer". */
  role: string;
  kind: EntryKind;
  /** The section the person was named for (full name). */
  section: string;
  /** id into MaintainersFile.people */
  person: string;
}

export interface CcList {
  address: string;
  name: string | null;
  section: string;
}

export interface PathSections {
  path: string;
  /** Matching sections, deepest first, with the depth of their match. */
  sections: Array<{ section: string; depth: number }>;
}

export interface CcAnswer {
  entries: CcEntry[];
  lists: CcList[];
  perPath: PathSections[];
  /** True when THE REST matched but was left out because other maintainers cover every path. */
  theRestDropped: boolean;
}

interface CompiledSection {
  section: Section;
  files: CompiledPattern[];
  excludes: CompiledPattern[];
  /** Its M: lines' role label. */
  maintainerRole: string;
}

const REST_ROLE = toolRoleLabel({ name: THE_REST, status: { raw: "Supported", value: "supported" } }, "maintainer");

export class CcResolver {
  private readonly compiled: CompiledSection[];

  constructor(sections: readonly Section[]) {
    this.compiled = sections.map((section) => ({
      section,
      files: section.files.map((f) => compilePattern(f.pattern)),
      excludes: section.excludes.map((x) => compilePattern(x.pattern)),
      maintainerRole: toolRoleLabel(section, "maintainer"),
    }));
  }

  /** Matching sections of one path (a file, or a directory with its trailing "/"), deepest first. */
  sectionsFor(path: string): Array<{ compiled: CompiledSection; depth: number }> {
    const slashes = countSlashes(path);
    const found: Array<{ compiled: CompiledSection; depth: number; order: number }> = [];
    this.compiled.forEach((c, order) => {
      if (c.excludes.some((x) => matches(x, path, slashes))) return;
      let depth: number | null = null;
      for (const f of c.files) if (matches(f, path, slashes)) depth = f.depth;
      if (depth !== null) found.push({ compiled: c, depth, order });
    });
    return found.sort((a, b) => b.depth - a.depth || a.order - b.order);
  }

  resolve(paths: readonly string[]): CcAnswer {
    const named: CcEntry[] = [];
    const lists: CcList[] = [];
    const listSeen = new Set<string>();
    const perPath: PathSections[] = [];
    let somePathOnlyTheRest = false;
    let theRestMatched = false;
    for (const path of paths) {
      const matched = this.sectionsFor(path);
      perPath.push({ path, sections: matched.map((m) => ({ section: m.compiled.section.name, depth: m.depth })) });
      // The tool compares role labels: any section whose M: role is not THE REST's counts.
      if (matched.every((m) => m.compiled.maintainerRole === REST_ROLE)) somePathOnlyTheRest = true;
      for (const { compiled } of matched) {
        const s = compiled.section;
        if (s.name === THE_REST) theRestMatched = true;
        for (const e of s.people) {
          named.push({ name: e.name, email: e.email, role: e.kind === "maintainer" ? compiled.maintainerRole : "reviewer", kind: e.kind, section: s.name, person: e.person });
        }
        for (const l of s.lists) {
          const key = l.address.toLowerCase();
          if (listSeen.has(key)) continue;
          listSeen.add(key);
          lists.push({ address: l.address, name: l.name, section: s.name });
        }
      }
    }
    let kept = named;
    if (!somePathOnlyTheRest && named.length > 1 && named.some((e) => e.role !== REST_ROLE && e.role !== "reviewer")) {
      kept = named.filter((e) => e.role !== REST_ROLE);
    }
    const seen = new Set<string>();
    const entries = kept.filter((e) => {
      const key = `${e.name} <${e.email}>`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { entries, lists, perPath, theRestDropped: theRestMatched && kept !== named };
  }
}
