// Parsed MAINTAINERS + the tree's file list → data/maintainers.json's content: patterns resolved
// against the tree's directories (as get_maintainer.pl resolves them at the tree's root),
// people grouped across sections, the source commit and date recorded. It also notes what a
// maintainer of the file should look at (patterns that match nothing in the tree) and what
// would make the result unsafe to serve (no THE REST, no "V:"), for the import to refuse.
import { groupMaintainers, type NamedEntry } from "../maintainers/people.js";
import { effectivePattern, compilePattern, matches, countSlashes } from "../maintainers/patterns.js";
import type { ParsedMaintainers } from "../maintainers/parse-maintainers.js";
import { TreePaths } from "../maintainers/path-query.js";
import { MAINTAINERS_VERSION, MaintainersFileSchema, THE_REST, type MaintainersFile, type Section } from "../maintainers/schema.js";
import { readStatus } from "../maintainers/status.js";
import { describeIssues } from "../zod-issues.js";
import { ImportError } from "./errors.js";

export interface MaintainersBuildInput {
  parsed: ParsedMaintainers;
  /** The MAINTAINERS file as the user named it. */
  file: string;
  tree: { file: string; sha256: string; paths: string[] };
  commit: string;
  date: string;
  now?: Date;
}

export interface MaintainersBuild {
  data: MaintainersFile;
  warnings: string[];
  /** Signs of a truncated or foreign file: the import refuses them unless forced. */
  suspicions: string[];
}

export function buildMaintainers(input: MaintainersBuildInput): MaintainersBuild {
  const { parsed, file } = input;
  const tree = new TreePaths(input.tree.paths);
  const warnings = [...parsed.warnings];
  const suspicions: string[] = [];

  const named: NamedEntry[] = parsed.sections.flatMap((s) => s.people.map((e) => ({ name: e.name, email: e.email, kind: e.kind, section: s.name })));
  const { people, idOf } = groupMaintainers(named);
  let k = 0;
  const sections: Section[] = parsed.sections.map((s) => ({
    name: s.name,
    line: s.line,
    raw: s.raw,
    status: readStatus(s.statusRaw),
    people: s.people.map((e) => ({ ...e, person: idOf[k++]! })),
    lists: s.lists,
    files: s.files.map((f) => ({ raw: f.raw, pattern: effectivePattern(f.raw, (p) => tree.isDirectory(p)), line: f.line })),
    excludes: s.excludes.map((x) => ({ raw: x.raw, pattern: effectivePattern(x.raw, (p) => tree.isDirectory(p)), line: x.line })),
    keywords: s.keywords,
    web: s.web,
    trees: s.trees,
    version: s.version,
  }));

  for (const s of sections) {
    if (s.status.value === "unknown" && s.status.raw !== null) warnings.push(`line ${s.line}: section "${s.name}" has status "${s.status.raw}", which the file's header does not define`);
    for (const f of [...s.files, ...s.excludes]) {
      const compiled = compilePattern(f.pattern);
      if (!input.tree.paths.some((p) => matches(compiled, p, countSlashes(p)))) {
        warnings.push(`line ${f.line}: "${f.raw}" (section "${s.name}") matches no file of the tree`);
      }
    }
  }

  const rest = sections.find((s) => s.name === THE_REST);
  const versionLine = rest?.version ?? null;
  if (!rest) suspicions.push(`no "${THE_REST}" section: xen.git's MAINTAINERS ends with it, so the file looks cut short (or is not xen.git's)`);
  else if (sections.at(-1) !== rest) suspicions.push(`"${THE_REST}" (line ${rest.line}) is not the last section: is the file pieced together?`);
  const formatVersion = versionLine ? (/^xen-maintainers-(.+)$/.exec(versionLine)?.[1] ?? null) : null;
  if (rest && !formatVersion) suspicions.push(`"${THE_REST}" has no "V: xen-maintainers-<version>" line, which get_maintainer.pl requires of a Xen MAINTAINERS file`);

  const built = MaintainersFileSchema.safeParse({
    version: MAINTAINERS_VERSION,
    source: { file, sha256: parsed.sha256, commit: input.commit, date: input.date, formatVersion, importedAt: (input.now ?? new Date()).toISOString() },
    tree: { file: input.tree.file, sha256: input.tree.sha256, paths: input.tree.paths },
    sections,
    people,
  });
  if (!built.success) throw new ImportError(file, null, `the imported maintainers data does not fit the schema: ${describeIssues(built.error.issues)}`);
  return { data: built.data, warnings, suspicions };
}
