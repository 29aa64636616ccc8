// Skill tags for !suggest, read from the free-text "Skills Needed" line. One vocabulary of
// canonical tags, each with the ways pages write it. It is meant for any project page of this
// kind (languages, kernel and hypervisor areas, tools), not fitted to one page. Tags come out in
// the order the text names them; implied tags (OCaml → functional programming) come last.

interface TagRule {
  tag: string;
  patterns: RegExp[];
  /** Tags this one implies. */
  implies?: string[];
}

const W = (s: string, flags = "i"): RegExp => new RegExp(`(?<![\\w+#-])(?:${s})(?![\\w+#]|-\\w)`, flags);

export const SKILL_VOCABULARY: readonly TagRule[] = [
  // Languages. "C" only as a token of its own in capitals ("C", "C code", "C user-land"),
  // never inside a word, never C++ or C#.
  { tag: "C", patterns: [/(?<![\w+#/.-])C(?![\w+#]|\s*\+\+|\s*#|-\w)/] },
  { tag: "C++", patterns: [/(?<![\w])C\+\+(?!\w)/, W("cpp")] },
  { tag: "C#", patterns: [/(?<![\w])C#/] },
  { tag: "OCaml", patterns: [W("ocaml")], implies: ["functional programming"] },
  { tag: "Haskell", patterns: [W("haskell")], implies: ["functional programming"] },
  { tag: "Erlang", patterns: [W("erlang")], implies: ["functional programming"] },
  { tag: "Lisp", patterns: [W("lisp|scheme|clojure")], implies: ["functional programming"] },
  { tag: "Java", patterns: [W("java")] },
  { tag: "JavaScript", patterns: [W("java ?script|node\\.?js|ecmascript")] },
  { tag: "TypeScript", patterns: [W("typescript")] },
  { tag: "Python", patterns: [W("python(?:\\s?[23])?")] },
  // "Go" is an English word: only capitalised and not as a verb ("Go to", "go ahead").
  { tag: "Go", patterns: [W("golang"), /(?<![\w-])Go(?![\w-])(?!\s+(?:to|ahead|through|into|on|back|for)\b)/] },
  { tag: "Rust", patterns: [W("rust")] },
  { tag: "Perl", patterns: [W("perl")] },
  { tag: "Ruby", patterns: [W("ruby")] },
  { tag: "Lua", patterns: [W("lua")] },
  { tag: "shell", patterns: [W("shell(?: scripting| scripts?)?|bash|posix sh")] },
  { tag: "scripting", patterns: [W("scripting|scripts?")] },
  { tag: "assembly", patterns: [W("assembly|assembler|asm")] },
  { tag: "functional programming", patterns: [W("functional (?:programming|languages?)")] },
  // Systems areas.
  { tag: "Linux kernel", patterns: [W("linux kernel|kernel (?:hacking|programming|development|internals|modules?|code)|lkml")] },
  { tag: "Linux", patterns: [/(?<![\w-])Linux(?![\w-])(?!\s+kernel)/i] },
  { tag: "kernel debuggers", patterns: [W("kernel debugg(?:ers?|ing)|debuggers?|windbg|kgdb|gdb")] },
  { tag: "file systems", patterns: [W("file ?systems?|fs internals")] },
  { tag: "Xen PV drivers", patterns: [W("(?:xen )?pv drivers?|pv driver structure|paravirt(?:ual(?:i[sz]ed)?)? (?:drivers?|devices?)|(?:split|front ?/ ?back(?:end)?) drivers?")] },
  { tag: "device drivers", patterns: [W("device drivers?")] },
  { tag: "VirtIO", patterns: [W("virt-?io")] },
  { tag: "memory management", patterns: [W("memory management|page tables?|paging|ept|npt|mmu")] },
  { tag: "save/restore", patterns: [W("save ?/ ?restore|live migration|checkpointing")] },
  { tag: "hypervisor", patterns: [W("hypervisors?|hypercalls?|hypervisor internals")] },
  { tag: "scheduling", patterns: [W("schedul(?:er|ers|ing)")] },
  { tag: "networking", patterns: [W("networking|network (?:stack|protocols?|drivers?)|tcp/ip")] },
  { tag: "storage", patterns: [W("storage|block (?:devices?|layer|drivers?)")] },
  { tag: "distributed systems", patterns: [W("distributed (?:systems|protocols|computing)")] },
  { tag: "security", patterns: [W("security|cryptography|crypto")] },
  { tag: "hardware", patterns: [W("hardware|chipsets?|pcie?|acpi")] },
  { tag: "firmware", patterns: [W("firmware|uefi|bios|ovmf|seabios")] },
  { tag: "x86", patterns: [W("x86(?:[-_]64)?|amd64")] },
  { tag: "ARM", patterns: [/(?<![\w-])(?:ARM(?:v\d+|64)?|AArch64|aarch64)(?![\w-])/] },
  { tag: "Windows", patterns: [/(?<![\w-])Windows(?![\w-])/] },
  { tag: "Xen", patterns: [/(?<![\w-])Xen(?![\w-])(?!\s+(?:PV|paravirt|front|back))/] },
  { tag: "libxl/libxc", patterns: [W("libx[lc]|libxen(?:light|ctrl)|xenlight")] },
  { tag: "QEMU", patterns: [W("qemu")] },
  { tag: "libvirt", patterns: [W("libvirt")] },
  { tag: "KVM", patterns: [W("kvm")] },
  { tag: "XAPI", patterns: [W("xapi|xenapi|xcp")] },
  { tag: "Mirage", patterns: [W("mirage(?:os)?|unikernels?")] },
  { tag: "testing", patterns: [W("testing|fuzzing|test suites?")] },
  { tag: "performance", patterns: [W("benchmark(?:s|ing)?|performance (?:analysis|tuning|engineering)|profiling")] },
  { tag: "build systems", patterns: [W("build systems?|autoconf|makefiles?|cmake")] },
  { tag: "Git", patterns: [W("git")] },
  { tag: "open source workflow", patterns: [W("open[- ]source (?:development )?(?:workflow|process|community)|upstream(?:ing)? (?:workflow|process)|mailing[- ]list (?:workflow|etiquette)")] },
];

const UNKNOWN = /^(?:unknown|n\/?a|none|tbd|not specified|-+|\?+)?$/i;

/** Canonical tags in the order the text names them; "Unknown"/empty → not specified. */
export function tagSkills(raw: string): { tags: string[]; specified: boolean } {
  const text = raw.trim().replace(/[.!]+$/, "");
  if (UNKNOWN.test(text)) return { tags: [], specified: false };
  const found: Array<{ at: number; tag: string }> = [];
  for (const rule of SKILL_VOCABULARY) {
    const at = Math.min(...rule.patterns.map((p) => text.search(p)).filter((i) => i >= 0));
    if (Number.isFinite(at)) found.push({ at, tag: rule.tag });
  }
  const tags = found.sort((a, b) => a.at - b.at).map((f) => f.tag);
  for (const rule of SKILL_VOCABULARY) {
    if (tags.includes(rule.tag)) for (const implied of rule.implies ?? []) if (!tags.includes(implied)) tags.push(implied);
  }
  return { tags, specified: true };
}
