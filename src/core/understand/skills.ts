// How people name a skill, and what it means among the store's tags. "linux" means both "Linux"
// and "Linux kernel"; "networking" means the networking tag and, when no project carries it, the
// projects whose text speaks of networks, NICs, netback; "storage" block devices, disks and file
// systems; "security" fuzzing, XSM and vulnerabilities. The words are domain knowledge, never a
// project's name: the projects and their tags come from the store at run time.
import { withinOneEdit } from "../did-you-mean.js";

export interface SkillWords {
  /** What people type: one word or a phrase, folded. */
  asked: string[];
  /** Canonical tags it means (projects/fields/skills.ts writes them on import). */
  tags: string[];
  /** Word starts to look for in a project's text when no project carries one of the tags. */
  mentions: string[];
}

export const SKILL_SYNONYMS: readonly SkillWords[] = [
  { asked: ["linux"], tags: ["Linux", "Linux kernel"], mentions: ["linux"] },
  { asked: ["kernel", "kernels", "kernel hacking", "kernel programming", "kernel development"], tags: ["Linux kernel", "kernel debuggers"], mentions: ["kernel"] },
  { asked: ["networking", "network", "networks", "net", "nic", "nics", "ethernet", "tcp", "tcp/ip", "netback", "netfront"], tags: ["networking"], mentions: ["network", "nic", "nics", "netback", "netfront", "ethernet", "packet"] },
  { asked: ["storage", "disk", "disks", "block", "block devices", "filesystem", "filesystems", "blkback", "blkfront", "io", "i/o"], tags: ["storage", "file systems"], mentions: ["storage", "block", "disk", "file system", "filesystem", "blkback", "blkfront"] },
  { asked: ["security", "secure", "fuzzing", "fuzz", "xsm", "flask", "vulnerability", "vulnerabilities", "exploits", "hardening", "crypto"], tags: ["security"], mentions: ["security", "secure", "fuzz", "xsm", "flask", "vulnerab", "exploit", "attack"] },
  { asked: ["testing", "test", "tests", "qa", "test suites"], tags: ["testing"], mentions: ["test", "fuzz"] },
  { asked: ["debugging", "debugger", "debuggers", "debug", "gdb", "windbg"], tags: ["kernel debuggers"], mentions: ["debug"] },
  { asked: ["memory", "mm", "paging", "page tables"], tags: ["memory management"], mentions: ["memory", "paging"] },
  { asked: ["scheduling", "scheduler", "schedulers", "sched"], tags: ["scheduling"], mentions: ["schedul"] },
  { asked: ["drivers", "driver", "pv drivers", "device drivers", "paravirt"], tags: ["Xen PV drivers", "device drivers"], mentions: ["driver"] },
  { asked: ["functional", "fp", "ml", "functional languages"], tags: ["functional programming"], mentions: ["functional"] },
  { asked: ["scripts", "script", "bash", "shell", "shell scripting"], tags: ["scripting", "shell"], mentions: ["script"] },
  { asked: ["hardware", "hw", "pci", "pcie", "acpi", "chipset"], tags: ["hardware"], mentions: ["hardware", "pci", "acpi"] },
  { asked: ["firmware", "bios", "uefi", "seabios", "boot"], tags: ["firmware"], mentions: ["firmware", "bios", "uefi", "seabios"] },
  { asked: ["graphics", "gpu", "gpus", "display"], tags: [], mentions: ["gpu", "graphics", "display"] },
  { asked: ["power", "energy", "power management"], tags: [], mentions: ["power"] },
  { asked: ["performance", "perf", "benchmarking", "profiling", "speed"], tags: ["performance"], mentions: ["performance"] },
  { asked: ["toolstack", "toolstacks", "libxl", "libxc"], tags: ["libxl/libxc"], mentions: ["toolstack", "libxl", "libxc"] },
  { asked: ["virtualization", "virtualisation", "hypervisors", "hypervisor internals"], tags: ["hypervisor"], mentions: ["hypervisor"] },
  { asked: ["distributed", "cluster", "clustering", "high availability"], tags: ["distributed systems"], mentions: ["distributed", "cluster", "availability", "failover"] },
  { asked: ["cloud"], tags: [], mentions: ["cloud"] },
  { asked: ["c language", "c programming", "plain c"], tags: ["C"], mentions: [] },
];

/** Tag words too general to stand for their tag alone ("programming" is not "functional programming"). */
const GENERAL_TAG_WORDS = new Set(["programming", "open", "source", "workflow", "systems", "system", "management", "xen", "pv", "and", "development"]);

const BY_ASKED = new Map<string, SkillWords>(SKILL_SYNONYMS.flatMap((s) => s.asked.map((a): [string, SkillWords] => [a, s])));

/** The synonym entry for a folded word or phrase, if any. */
export function skillSynonym(asked: string): SkillWords | undefined {
  return BY_ASKED.get(asked);
}

interface FoldedTag {
  tag: string;
  lower: string;
  words: string[];
}

/** Tags folded once per list (the vocabulary keeps one list per store revision). */
const folded = new WeakMap<readonly string[], FoldedTag[]>();

function foldTags(tags: readonly string[]): FoldedTag[] {
  let f = folded.get(tags);
  if (!f) {
    f = tags.map((tag) => ({ tag, lower: tag.toLowerCase(), words: tag.toLowerCase().split(/[\s/-]+/) }));
    folded.set(tags, f);
  }
  return f;
}

/**
 * The store's tags a folded word or phrase names: the tag itself ("ocaml" → OCaml), every tag it
 * is a word of ("kernel" → Linux kernel, kernel debuggers), or one small slip ("ocamll").
 */
export function tagsNamed(asked: string, tags: readonly string[]): string[] {
  const all = foldTags(tags);
  const exact = all.filter((t) => t.lower === asked);
  if (exact.length) return exact.map((t) => t.tag);
  if (GENERAL_TAG_WORDS.has(asked) || asked.length < 2) return [];
  const partOf = all.filter((t) => t.words.includes(asked));
  if (partOf.length) return partOf.map((t) => t.tag);
  if (asked.length < 4) return [];
  return all.filter((t) => t.lower.length >= 4 && withinOneEdit(asked, t.lower)).map((t) => t.tag);
}
