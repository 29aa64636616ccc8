// What a section's S: line means, in two voices: the plain words a newcomer reads ("Odd Fixes:
// the maintainer has little time for it", from the file's own header), and the role label
// scripts/get_maintainer.pl prints ("odd fixer:KDD DEBUGGER"), which its THE REST rule compares.
import type { Section, Status, StatusValue } from "./schema.js";

/** The S: word → our status; "Orphaned" (as X86 MEMORY PAGING writes it) is an orphan too. */
export function readStatus(raw: string | null): Status {
  const word = (raw ?? "").trim().toLowerCase();
  const value: StatusValue =
    word === "supported"
      ? "supported"
      : word === "maintained"
        ? "maintained"
        : word === "odd fixes"
          ? "odd-fixes"
          : word.startsWith("orphan")
            ? "orphan"
            : word === "obsolete"
              ? "obsolete"
              : "unknown";
  return { raw, value };
}

const PLAIN: Record<StatusValue, string> = {
  supported: "someone is paid to look after it",
  maintained: "someone looks after it",
  "odd-fixes": "the maintainer has little time for it",
  orphan: "no current maintainer; maybe you could take it on",
  obsolete: "old code, replaced by something better",
  unknown: "no status given",
};

/** "Odd Fixes: the maintainer has little time for it". */
export function statusInWords(status: Status): string {
  if (status.value === "unknown") return status.raw ? `${status.raw} (a status the file's header does not define)` : "no status given";
  return `${status.raw}: ${PLAIN[status.value]}`;
}

/** get_maintainer.pl's word for an M: of a section with this S: value. */
function toolRole(raw: string | null): string {
  const word = (raw ?? "unknown").toLowerCase();
  const roles: Record<string, string> = {
    supported: "supporter",
    maintained: "maintainer",
    "odd fixes": "odd fixer",
    orphan: "orphan minder",
    obsolete: "obsolete minder",
    "buried alive in reporters": "chief penguin",
  };
  return roles[word] ?? word;
}

/** The section's name as get_maintainer.pl abbreviates it in roles: 17 characters and "...". */
export function toolSectionName(name: string): string {
  return name.length > 20 ? `${name.slice(0, 17).trimEnd()}...` : name;
}

/** "supporter:X86 ARCHITECTURE" for an M:, "reviewer" for an R: — exactly the tool's labels. */
export function toolRoleLabel(section: Pick<Section, "name" | "status">, kind: "maintainer" | "reviewer"): string {
  return kind === "reviewer" ? "reviewer" : `${toolRole(section.status.raw)}:${toolSectionName(section.name)}`;
}
