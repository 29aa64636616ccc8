// The real page, field by field. Every expectation below was typed from reading
// data/sources/xen-development-projects.txt, not from the importer's output.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { before, describe, it } from "node:test";
import { buildStoreWithReport } from "../../../src/import/build-store.js";
import { parseWikiText } from "../../../src/import/wiki-text.js";
import { StoreFileSchema, type Level, type Project, type StoreFile } from "../../../src/projects/schema.js";

const PAGE = fileURLToPath(new URL("../../../data/sources/xen-development-projects.txt", import.meta.url));

type Row = {
  id: string;
  title: string;
  category: string;
  line: number;
  /** inserted: an ISO date, or [first, second] readings when ambiguous */
  date: string | [string, string];
  gsoc: ["yes" | "no" | "unknown", string | null];
  people: string[];
  difficulty: [Level, Level] | null;
  skills: string[] | null;
  /** outcomes text when specified, else null */
  outcomes: string | null;
  links: string[];
  keywords: string[];
};

const DOM = "Domain support";
const HYP = "Hypervisor";
const UST = "Userspace Tools";
const MIR = "Mirage and XAPI projects";
const GSOC = "https://wiki.xenproject.org/wiki/GSoC_2013#";

const ROWS: Row[] = [
  { id: "quickpath", title: "Utilize Intel QuickPath on network and block path.", category: DOM, line: 27, date: "2013-01-22", gsoc: ["yes", null],
    people: ["konrad-rzeszutek-wilk"], difficulty: ["hard", "hard"], skills: ["Linux kernel", "open source workflow"],
    outcomes: "Expected outcome:\n• Have upstream patches.\n• benchmark report of with and without.", links: [], keywords: ["Direct Cache Access", "Last Level Cache"] },
  { id: "9p-transport", title: "Enabling the 9P File System transport as a paravirt device", category: DOM, line: 41, date: "2014-01-20", gsoc: ["yes", null],
    people: ["andres-lagar-cavilla"], difficulty: null, skills: ["Linux kernel", "file systems", "Xen PV drivers", "VirtIO"],
    outcomes: "Expected outcome:\n• LKML patches for front and back end drivers.\n• In particular, domain should be able to boot from the 9P FS.", links: [], keywords: ["File System"] },
  { id: "ovmf-csm", title: "OVMF Compatibility Support Module support in Xen", category: DOM, line: 55, date: ["2014-02-05", "2014-05-02"], gsoc: ["yes", null],
    people: ["wei-liu"], difficulty: ["easy", "easy"], skills: null, outcomes: null, links: [], keywords: ["Compatibility Support Module"] },
  { id: "firmware-hvm", title: "Improvements to firmware handling HVM guests", category: DOM, line: 72, date: "2015-07-16", gsoc: ["yes", null],
    people: ["andrew-cooper"], difficulty: ["easy", "easy"], skills: null, outcomes: null, links: [], keywords: [] },
  { id: "powerclamp", title: "Introducing PowerClamp-like driver for Xen", category: HYP, line: 91, date: "2013-01-22", gsoc: ["yes", null],
    people: ["george-dunlap"], difficulty: null, skills: null, outcomes: null, links: [`${GSOC}powerclamp-for-xen`], keywords: [] },
  { id: "numa-tmem", title: "Integrating NUMA and Tmem", category: HYP, line: 109, date: "2012-08-08", gsoc: ["unknown", null],
    people: ["konrad-rzeszutek-wilk", "dario-faggioli"], difficulty: null, skills: null, outcomes: null, links: [],
    keywords: ["Non-Uniform Memory Access", "Trascendent memory"] },
  { id: "hotplug-scripts", title: "Refactor Linux hotplug scripts", category: UST, line: 126, date: "2012-11-15", gsoc: ["yes", null],
    people: ["roger-pau-monne"], difficulty: null, skills: null, outcomes: null, links: [`${GSOC}linux-hotplug-scripts`], keywords: [] },
  { id: "xl-xcp-motion", title: "XL to XCP VM motion", category: UST, line: 142, date: "2012-11-15", gsoc: ["yes", null],
    people: ["ian-campbell"], difficulty: null, skills: null, outcomes: null, links: [`${GSOC}xl-to-xcp-vm-motion`], keywords: [] },
  { id: "gpu-passthrough", title: "Allowing guests to boot with a passed-through GPU as the primary display", category: UST, line: 168, date: "2013-01-22",
    gsoc: ["yes", null], people: ["george-dunlap"], difficulty: null, skills: null, outcomes: null, links: [`${GSOC}gpu-passthrough`], keywords: [] },
  { id: "scheduling-parameters", title: "Advanced Scheduling Parameters", category: UST, line: 188, date: "2013-01-22", gsoc: ["yes", null],
    people: ["george-dunlap"], difficulty: null, skills: null, outcomes: null, links: [], keywords: [] },
  { id: "cpu-ram-pci-diagram", title: "CPU/RAM/PCI diagram tool", category: UST, line: 206, date: "2013-01-30", gsoc: ["yes", null],
    people: ["andrew-cooper"], difficulty: ["easy", "medium"], skills: ["Linux", "scripting", "hardware"],
    outcomes: "A tool is created that can either run on a live Linux system or offline using captured data to produce a graphical representation of the hardware topology of the system including bus topology, hardware device locations, memory bank locations, etc. The tool would be submitted to a suitable open-source project such as the Xen hypervisor project or XCP.",
    links: [], keywords: [] },
  { id: "kdd", title: "KDD (Windows Debugger Stub) enhancements", category: UST, line: 218, date: "2013-01-30", gsoc: ["yes", null],
    people: ["paul-durrant"], difficulty: ["medium", "medium"], skills: ["C", "kernel debuggers", "Xen", "Windows"],
    outcomes: "Code is submitted to xen-devel@xen.org for inclusion in the xen-unstable project.",
    links: ["http://xenbits.xen.org/hg/xen-unstable.hg/tools/debugger/kdd"], keywords: ["Windows Debugger Stub"] },
  { id: "lazy-restore", title: "Lazy restore using memory paging", category: UST, line: 240, date: "2014-01-20", gsoc: ["yes", null],
    people: ["andres-lagar-cavilla"], difficulty: null, skills: ["save/restore", "memory management", "C", "hypervisor"],
    outcomes: "Expected outcome:\n• Mainline patches for libxc and libxl", links: [], keywords: [] },
  { id: "cpuid", title: "CPUID Programming for Humans", category: UST, line: 257, date: ["2014-02-04", "2014-04-02"], gsoc: ["yes", null],
    people: ["andres-lagar-cavilla"], difficulty: null, skills: ["C", "QEMU", "libvirt", "libxl/libxc"],
    outcomes: "Expected outcome:\n• Mainline patches for libxl", links: [], keywords: [] },
  { id: "tiny-vm", title: "Create a tiny VM for easy load testing", category: MIR, line: 290, date: "2013-01-30", gsoc: ["yes", null],
    people: ["dave-scott"], difficulty: ["medium", "medium"], skills: ["OCaml", "functional programming"],
    outcomes: "1. a repository containing an 'exokernel' (see http://github.com/mirage/mirage-skeleton)\n2. at least 2 I/O traces, one for Windows boot and one for Linux boot (any version)",
    links: ["http://www.openmirage.org/", "http://openmirage.org/wiki/xen-synthesize-virtual-disk", "http://github.com/mirage/mirage-skeleton"], keywords: [] },
  { id: "fuzz-testing", title: "Fuzz testing Xen with Mirage", category: MIR, line: 306, date: "2012-11-28", gsoc: ["yes", null],
    people: ["anil-madhavapeddy"], difficulty: ["medium", "medium"], skills: ["OCaml", "functional programming"],
    outcomes: "1. a repo containing a fuzz testing tool\n2. some unexpected behaviour with a backtrace (NB it's not required that we find a critical bug, we just need to show the approach works)",
    links: ["http://openmirage.org", "http://kaputt.x9c.fr/", `${GSOC}fuzz-testing-mirage`], keywords: [] },
  { id: "self-scaling-apps", title: "From simulation to emulation to production: self-scaling apps", category: MIR, line: 322, date: "2012-11-28",
    gsoc: ["no", "too much work"], people: ["anil-madhavapeddy"], difficulty: ["hard", "hard"], skills: ["OCaml", "functional programming"],
    outcomes: "1. a repo/branch with a fake ethernet device and a traffic simulator\n2. an interesting performance graph",
    links: ["http://openmirage.org", "https://github.com/mirage/mirage-www"], keywords: [] },
  { id: "unikernel-substrate", title: "Towards a multi-language unikernel substrate for Xen", category: MIR, line: 338, date: "2012-11-28",
    gsoc: ["no", "too difficult"], people: ["anil-madhavapeddy"], difficulty: ["hard", "hard"], skills: ["OCaml", "Haskell", "Java", "functional programming"],
    outcomes: "1. a repo containing a common library of low-level functions\n2. a proof of concept port of at least 2 systems to this new library",
    links: [`${GSOC}unikernel-substrate`], keywords: [] },
  { id: "drbd", title: "DRBD Integration", category: MIR, line: 354, date: ["2013-01-07", "2013-07-01"], gsoc: ["unknown", null],
    people: ["john-morris"], difficulty: null, skills: null, outcomes: null, links: [], keywords: [] },
];

let store: StoreFile;
let warnings: string[];
const project = (id: string): Project => {
  const p = store.projects.find((x) => x.id === id);
  assert.ok(p, `no project ${id}`);
  return p;
};

before(() => {
  const parsed = parseWikiText(readFileSync(PAGE, "utf8"), "data/sources/xen-development-projects.txt");
  ({ store, warnings } = buildStoreWithReport(parsed, { file: "data/sources/xen-development-projects.txt", now: new Date("2025-01-01T00:00:00Z") }));
});

describe("the real page", () => {
  it("validates against the schema", () => {
    assert.equal(StoreFileSchema.safeParse(store).success, true);
    assert.equal(store.version, 1);
  });
  it("has the 19 projects in page order, with their categories and lines", () => {
    assert.equal(store.projects.length, 19);
    assert.deepEqual(store.projects.map((p) => [p.id, p.title, p.category, p.sourceLine]), ROWS.map((r) => [r.id, r.title, r.category, r.line]));
  });
  it("records the source", () => {
    assert.equal(store.source.title, "Archived/Xen Development Projects");
    assert.equal(store.source.file, "data/sources/xen-development-projects.txt");
    assert.match(store.source.sha256, /^[0-9a-f]{64}$/);
    assert.equal(store.source.importedAt, "2025-01-01T00:00:00.000Z");
  });

  for (const row of ROWS) {
    describe(row.id, () => {
      it("dates", () => {
        const p = project(row.id);
        if (typeof row.date === "string") {
          assert.deepEqual([p.inserted.iso, p.inserted.ambiguous, p.inserted.readings], [row.date, false, [row.date]]);
        } else {
          assert.deepEqual([p.inserted.iso, p.inserted.ambiguous, p.inserted.readings], [null, true, row.date]);
        }
        assert.equal(p.inserted.year, Number((typeof row.date === "string" ? row.date : row.date[0]).slice(0, 4)));
        assert.deepEqual(p.verified, { raw: "Not updated in 2020", iso: null, readings: [], ambiguous: false, year: 2020, stale: true });
      });
      it("GSoC, difficulty, contacts, list and channel", () => {
        const p = project(row.id);
        assert.deepEqual([p.gsoc.value, p.gsoc.reason], row.gsoc);
        assert.deepEqual(
          [p.difficulty.known, p.difficulty.min, p.difficulty.max],
          row.difficulty ? [true, ...row.difficulty] : [false, null, null],
        );
        assert.deepEqual(p.contacts.people, row.people);
        assert.deepEqual(p.mailingList, { raw: "xen-devel@", address: "xen-devel@lists.xenproject.org" });
        assert.deepEqual(p.ircChannel, { raw: "#xen-devel", channel: "#xen-devel" });
      });
      it("skills, outcomes, links, keywords", () => {
        const p = project(row.id);
        assert.deepEqual(p.skills.specified ? p.skills.tags : null, row.skills);
        if (!row.skills) assert.equal(p.skills.raw, "Unknown");
        assert.equal(p.outcomes.specified, row.outcomes !== null);
        assert.equal(p.outcomes.text, row.outcomes ?? "");
        if (row.outcomes === null) assert.equal(p.outcomes.raw, "Not specified, project outcomes");
        assert.deepEqual(p.links.map((l) => l.url), row.links);
        assert.deepEqual(p.keywords, row.keywords);
        assert.equal(p.description.specified, true);
        assert.equal(p.archived, false);
      });
    });
  }

  it("keeps the raw text of every field beside the normalised form", () => {
    const p = project("cpu-ram-pci-diagram");
    assert.equal(p.inserted.raw, "01/30/2013");
    assert.equal(p.gsoc.raw, "yes");
    assert.equal(p.contacts.raw, "Andy Cooper <andrew.cooper3@citrix.com>");
    assert.equal(p.difficulty.raw, "Low to medium");
    assert.equal(p.skills.raw, "Linux scripting; basic understanding of PC server hardware");
    assert.equal(project("self-scaling-apps").gsoc.raw, "no, too much work");
    assert.equal(project("xl-xcp-motion").inserted.raw, "15/11/12");
    assert.equal(project("quickpath").outcomes.raw, "Expected outcome:\n  • Have upstream patches.\n  • benchmark report of with and without.");
  });

  it("labels the GSoC cross-references as the page shows them", () => {
    assert.deepEqual(project("powerclamp").links, [{ url: `${GSOC}powerclamp-for-xen`, label: "GSoC_2013#powerclamp-for-xen" }]);
  });

  it("keeps description bullets, numbered lists and paragraphs readable", () => {
    assert.equal(
      project("ovmf-csm").description.text,
      "Currently Xen supports booting HVM guest with Seabios and OVMF UEFI firmware, but those are separate binaries. OVMF supports adding legacy BIOS blob in its binary with Compatibility Support Module support. We can try to produce single OVMF binary with Seabios in it, thus having only one firmware binary.\n\nTasks may include:\n\n• figure out how CSM works\n• design / implement interface between Hvmloader and the unified binary",
    );
    const kdd = project("kdd").description.text;
    assert.ok(kdd.includes("Expected Results:\n\n1. Add support for Windows 8 (x86, x64) to kdd\n2. Add support for Windows Server 2012 to kdd\n3. Enhance kdd"), kdd);
    assert.ok(kdd.endsWith("4. Produce a user guide for kdd on Xen wiki page\nNice to have: Allow kdd to operate on a Windows domain checkpoint file (output of xl save for e.g.)"));
    assert.ok(kdd.startsWith("kdd is a Windows Debugger Stub for Xen hypervisor. It is OSS found under http://xenbits.xen.org/hg/xen-unstable.hg/tools/debugger/kdd\n\nkdd allows you"));
    // Sentences the page breaks with a blank line are joined again.
    assert.ok(project("powerclamp").description.text.startsWith("PowerClamp was introduced to Linux in late 2012 in order to allow users to set a system-wide maximum power usage limit."));
    assert.ok(project("powerclamp").description.text.endsWith("so that the same tools could be used for both. GSoC_2013#powerclamp-for-xen"));
    assert.ok(project("gpu-passthrough").description.text.includes("is the ability to pass through GPUs to guests"));
    assert.ok(project("scheduling-parameters").description.text.includes("caps. However, a number of users"));
    assert.ok(project("scheduling-parameters").description.text.endsWith("The goal of this project would be to come up with a good way for admins to support these kinds of complex policies in a simple and robust way."));
    assert.equal(project("firmware-hvm").description.text.split("\n\n").length, 4);
    assert.ok(project("unikernel-substrate").description.text.includes("Examples include:\n\nEach of these"));
  });

  it("merges Andy and Andrew Cooper into one person with both projects", () => {
    const cooper = store.people.filter((p) => p.email === "andrew.cooper3@citrix.com");
    assert.deepEqual(cooper, [
      { id: "andrew-cooper", name: "Andrew Cooper", aliases: ["Andy Cooper"], email: "andrew.cooper3@citrix.com", emailPattern: null, projects: ["firmware-hvm", "cpu-ram-pci-diagram"] },
    ]);
  });

  it("has the other people as the page names them", () => {
    const person = (id: string) => store.people.find((p) => p.id === id);
    assert.deepEqual(person("dave-scott"), { id: "dave-scott", name: "Dave Scott", aliases: [], email: null, emailPattern: "first.last@citrix.com", projects: ["tiny-vm"] });
    assert.deepEqual(person("ian-campbell"), { id: "ian-campbell", name: "Ian Campbell", aliases: [], email: null, emailPattern: null, projects: ["xl-xcp-motion"] });
    assert.deepEqual(person("anil-madhavapeddy")?.projects, ["fuzz-testing", "self-scaling-apps", "unikernel-substrate"]);
    assert.equal(person("anil-madhavapeddy")?.email, "anil@recoil.org");
    assert.deepEqual(person("konrad-rzeszutek-wilk")?.projects, ["quickpath", "numa-tmem"]);
    assert.deepEqual(person("george-dunlap")?.projects, ["powerclamp", "gpu-passthrough", "scheduling-parameters"]);
    assert.deepEqual(person("andres-lagar-cavilla")?.projects, ["9p-transport", "lazy-restore", "cpuid"]);
    assert.equal(person("roger-pau-monne")?.name, "Roger Pau Monné");
    assert.deepEqual(store.people.map((p) => p.id), [
      "konrad-rzeszutek-wilk", "andres-lagar-cavilla", "wei-liu", "andrew-cooper", "george-dunlap", "dario-faggioli",
      "roger-pau-monne", "ian-campbell", "paul-durrant", "dave-scott", "anil-madhavapeddy", "john-morris",
    ]);
  });

  it("builds the onboarding section from the page's steps and links", () => {
    assert.equal(
      store.onboarding.intro,
      "This page lists various Xen related development projects that can be picked up by anyone! If you're interesting in hacking Xen this is the place to start! Ready for the challenge?",
    );
    assert.deepEqual(store.onboarding.steps, [
      "Find a project that looks interesting (or a bug if you want to start with something simple)",
      "Send an email to xen-devel mailinglist and let us know you started working on a specific project.",
      "Post your ideas, questions, RFCs to xen-devel sooner than later so you can get comments and feedback.",
      "Send patches to xen-devel early for review so you can get feedback and be sure you're going into correct direction.",
      "Your work should be based on xen-unstable development tree, if it's Xen and/or tools related. After your patch has been merged to xen-unstable it can be backported to stable branches (Xen 4.2, Xen 4.1, etc).",
      "Your kernel related patches should be based on upstream kernel.org Linux git tree (latest version).",
    ]);
    const urls = store.onboarding.links.map((l) => l.url);
    assert.ok(urls.includes("http://lists.xensource.com/mailman/listinfo/xen-devel"));
    assert.ok(urls.includes("https://wiki.xenproject.org/wiki/Submitting_Xen_Project_Patches"));
    assert.ok(urls.some((u) => u.startsWith("https://xenbits.xen.org/") && u.includes("xen.git")));
    assert.equal(store.onboarding.links.find((l) => l.url.endsWith("Submitting_Xen_Project_Patches"))?.label, "Submitting Xen Patches");
    assert.ok(store.onboarding.notes.includes("If you have new ideas, suggestions or development plans let us know and we'll update this list!"));
    assert.ok(store.onboarding.notes.some((n) => n.startsWith("Mirage and XAPI projects: There are separate wiki pages about XCP and XAPI")));
    // The changelog section is a note, not a project or a category.
    assert.ok(store.onboarding.notes.some((n) => n.includes("XenRepositories")));
    assert.ok(!store.projects.some((p) => /Quick links/.test(p.category + p.title)));
  });

  it("warns about the three ambiguous dates and nothing else", () => {
    assert.equal(warnings.length, 3);
    assert.deepEqual(warnings.map((w) => /^line (\d+)/.exec(w)?.[1]), ["57", "259", "356"]);
  });
});
