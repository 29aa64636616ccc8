// Who to Cc on a path: the public cases (get_maintainer.pl's own answers), then other paths of
// the tree with expectations worked out by reading data/sources/xen-MAINTAINERS, then rules that
// must hold for every one of the tree's 3,349 paths.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { readMaintainersFile } from "../../../src/maintainers/maintainers-file.js";
import { TreePaths } from "../../../src/maintainers/path-query.js";
import type { MaintainersFile } from "../../../src/maintainers/schema.js";
import { CcResolver } from "../../../src/maintainers/who-to-cc.js";
import { REPO_ROOT } from "../../support/bot.js";

interface PublicCase {
  path: string;
  people: Array<{ name: string; email: string; role: string }>;
}
const CASES = (JSON.parse(readFileSync(path.join(REPO_ROOT, "test/fixtures/public/maintainers-cases.json"), "utf8")) as { cases: PublicCase[] }).cases;
const TREE = readFileSync(path.join(REPO_ROOT, "data/sources/xen-tree-files.txt"), "utf8").split("\n").filter(Boolean);

const REST = ["Andrew Cooper", "Anthony PERARD", "Michal Orzel", "Jan Beulich", "Julien Grall", "Roger Pau Monné", "Stefano Stabellini"].map((n) => `${n}: supporter:THE REST`);
const X86 = ["Jan Beulich: supporter:X86 ARCHITECTURE", "Andrew Cooper: supporter:X86 ARCHITECTURE", "Roger Pau Monné: supporter:X86 ARCHITECTURE", "Teddy Astie: reviewer"];
const TOOLSTACK = "Anthony PERARD: supporter:TOOLSTACK";

/** The shipped data (a test in cli.test.ts checks it is exactly the importer's output). */
let m: { whoToCc: CcResolver["resolve"]; checkPath: TreePaths["check"]; section: (name: string) => MaintainersFile["sections"][number] | undefined };
before(async () => {
  const data = await readMaintainersFile(path.join(REPO_ROOT, "data/maintainers.json"));
  const resolver = new CcResolver(data.sections);
  const tree = new TreePaths(data.tree.paths);
  m = { whoToCc: (paths) => resolver.resolve(paths), checkPath: (p) => tree.check(p), section: (name) => data.sections.find((s) => s.name === name) };
});

/** "Name: role" for each person named, in order. */
function who(...typed: string[]): string[] {
  const paths = typed.map((t) => {
    const c = m.checkPath(t);
    assert.equal(c.ok, true, t);
    return (c as { path: string }).path;
  });
  return m.whoToCc(paths).entries.map((e) => `${e.name}: ${e.role}`);
}

describe("!maintainers for a path: get_maintainer.pl's public answers", () => {
  for (const c of CASES) {
    it(c.path, () => {
      const answer = m.whoToCc([c.path]);
      assert.deepEqual(
        answer.entries.map((e) => ({ name: e.name, email: e.email, role: e.role })),
        c.people,
      );
    });
  }
});

describe("!maintainers for other paths, read off the file", () => {
  it("the deepest section first, the broader one after (kdd under tools/)", () => {
    assert.deepEqual(who("tools/debugger/kdd/kdd.c"), ["Tim Deegan: odd fixer:KDD DEBUGGER", TOOLSTACK]);
  });

  it("X: is tested before F: (IOMMU VENDOR INDEPENDENT CODE leaves amd/ to AMD IOMMU)", () => {
    assert.deepEqual(who("xen/drivers/passthrough/amd/iommu_init.c"), [
      "Jan Beulich: supporter:AMD IOMMU",
      "Andrew Cooper: supporter:AMD IOMMU",
      "Roger Pau Monné: supporter:AMD IOMMU",
      "Jason Andryuk: reviewer",
      "Teddy Astie: reviewer",
    ]);
    // Not excluded: the vendor-independent code, with its reviewer's address as the file writes it.
    const pci = m.whoToCc(["xen/drivers/passthrough/pci.c"]).entries;
    assert.deepEqual(pci.map((e) => `${e.name} <${e.email}>: ${e.role}`), ["Jan Beulich <jbeulich@suse.com>: supporter:IOMMU VENDOR INDE...", "Roger Pau Monné <roger@xenproject.com>: reviewer"]);
    // POWER MANAGEMENT excludes boot.c: ACPI and X86 ARCHITECTURE remain.
    assert.deepEqual(who("xen/arch/x86/acpi/boot.c"), ["Jan Beulich: supporter:ACPI", ...X86.slice(1)]);
  });

  it("brace sets, '*' within a directory, and a directory named without its slash", () => {
    assert.deepEqual(who("xen/common/kimage.c"), ["Andrew Cooper: supporter:KEXEC"]);
    assert.deepEqual(who("xen/include/xen/kexec.h"), ["Andrew Cooper: supporter:KEXEC"]);
    // LIVEPATCH's "xen/arch/*/livepatch*" (depth 4) before X86 ARCHITECTURE's "xen/arch/x86/" (3); Roger once.
    assert.deepEqual(who("xen/arch/x86/livepatch.c"), ["Roger Pau Monné: supporter:LIVEPATCH", "Ross Lagerwall: supporter:LIVEPATCH", X86[0], X86[1], X86[3]]);
    assert.deepEqual(who("docs/misc/xenstore.txt"), ["Juergen Gross: supporter:XENSTORE", "Julien Grall: reviewer"]);
    // "F: tools/golang" names a directory of the tree: everything below it is GOLANG BINDINGS'.
    assert.deepEqual(who("tools/golang/xenlight/xenlight.go"), ["Nick Rosbrook: maintainer:GOLANG BINDINGS", "George Dunlap: reviewer", TOOLSTACK]);
  });

  it("an equally deep pattern later in a section wins the depth: stubdom/Makefile is TOOLSTACK's first", () => {
    assert.deepEqual(who("stubdom/Makefile"), [TOOLSTACK, "Samuel Thibault: supporter:STUB DOMAINS", "Juergen Gross: supporter:STUB DOMAINS"]);
    assert.deepEqual(who("stubdom/configure"), ["Samuel Thibault: supporter:STUB DOMAINS", "Juergen Gross: supporter:STUB DOMAINS", TOOLSTACK]);
  });

  it("THE REST joins when no matching section has a maintainer: reviewers only, or an orphan", () => {
    assert.deepEqual(who("xen/common/argo.c"), ["Jason Andryuk: reviewer", "Daniel P. Smith: reviewer", ...REST]);
    assert.deepEqual(who("docs/README.remus"), REST);
    assert.deepEqual(who("README"), REST);
    // An orphan inside a maintained area: the area's maintainers, no THE REST.
    assert.deepEqual(who("xen/arch/x86/mm/mem_paging.c"), X86);
  });

  it("several paths: one list, each person once, THE REST dropped when every path has its maintainers", () => {
    assert.deepEqual(who("xen/common/kexec.c", "xen/common/sched/credit.c"), [
      "Andrew Cooper: supporter:KEXEC",
      "Dario Faggioli: supporter:SCHEDULING",
      "Juergen Gross: supporter:SCHEDULING",
      "George Dunlap: reviewer",
    ]);
    // argo.c alone keeps THE REST; beside a maintained file the tool drops it for the whole patch.
    assert.deepEqual(who("xen/common/argo.c", "xen/common/sched/credit.c"), [
      "Jason Andryuk: reviewer",
      "Daniel P. Smith: reviewer",
      "Dario Faggioli: supporter:SCHEDULING",
      "Juergen Gross: supporter:SCHEDULING",
      "George Dunlap: reviewer",
    ]);
    // A path with no section of its own keeps THE REST for all.
    assert.deepEqual(who("xen/common/kexec.c", "README"), ["Andrew Cooper: supporter:KEXEC", ...REST.filter((r) => !r.startsWith("Andrew"))]);
  });

  it("a directory is answered like the tool's -f DIR", () => {
    assert.deepEqual(who("xen/common/sched"), ["Dario Faggioli: supporter:SCHEDULING", "Juergen Gross: supporter:SCHEDULING", "George Dunlap: reviewer"]);
    assert.deepEqual(who("tools/"), [TOOLSTACK]);
  });

  it("the lists: each section's L:, THE REST's always, each address once", () => {
    assert.deepEqual(m.whoToCc(["xen/common/sched/arinc653.c"]).lists.map((l) => l.address), ["xen-devel@dornerworks.com", "xen-devel@lists.xenproject.org"]);
    assert.deepEqual(m.whoToCc(["xen/arch/arm/gic.c"]).lists.map((l) => [l.address, l.section]), [["xen-devel@lists.xenproject.org", "ARM (W/ VIRTUALISATION EXTENSIONS) ARCHITECTURE"]]);
  });
});

describe("!maintainers over the whole tree", () => {
  it("every one of the 3,349 paths gets people, no one twice, the list, and THE REST only as the rule says", () => {
    assert.equal(TREE.length, 3349);
    for (const p of TREE) {
      const answer = m.whoToCc([p]);
      assert.ok(answer.entries.length > 0, `${p}: someone to Cc`);
      const keys = answer.entries.map((e) => `${e.name} <${e.email}>`);
      assert.equal(new Set(keys).size, keys.length, `${p}: each person once`);
      assert.ok(answer.lists.some((l) => l.address === "xen-devel@lists.xenproject.org"), `${p}: xen-devel`);
      const ownMaintainer = answer.perPath[0]!.sections.some((s) => s.section !== "THE REST" && m.section(s.section)!.people.some((e) => e.kind === "maintainer"));
      const hasRest = answer.entries.some((e) => e.role === "supporter:THE REST");
      assert.equal(hasRest, !ownMaintainer, `${p}: THE REST ${hasRest ? "named" : "left out"}`);
      // Sections deepest first.
      const depths = answer.perPath[0]!.sections.map((s) => s.depth);
      assert.deepEqual(depths, [...depths].sort((a, b) => b - a), `${p}: deepest first`);
    }
  });
});
