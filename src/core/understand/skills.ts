// How people name a skill, and what it means among the store's tags. "linux" means both "Linux"
// and "Linux kernel"; "networking" means the networking tag and, when no project carries it, the
// projects whose text speaks of networks, NICs, netback; "storage" block devices, disks and file
// systems; "security" fuzzing, XSM and vulnerabilities. The words are domain knowledge, never a
// project's name: the projects and their tags come from the store at run time.
import { editDistance } from "../did-you-mean.js";

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

/**
 * The store's tags a folded word or phrase names: the tag itself ("ocaml" → OCaml), every tag it
 * is a word of ("kernel" → Linux kernel, kernel debuggers), or one small slip ("ocamll").
 */
export function tagsNamed(asked: string, tags: readonly string[]): string[] {
  const exact = tags.filter((t) => t.toLowerCase() === asked);
  if (exact.length) return exact;
  if (GENERAL_TAG_WORDS.has(asked) || asked.length < 2) return [];
  const partOf = tags.filter((t) => t.toLowerCase().split(/[\s/-]+/).includes(asked));
  if (partOf.length) return partOf;
  if (asked.length < 4) return [];
  return tags.filter((t) => t.length >= 4 && editDistance(asked, t.toLowerCase(), 1) <= 1);
}
