// !maintainers (!cc) on the real data: paths, areas, people, and bad input, as a user sees them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ask, testBot } from "../support/bot.js";

describe("!maintainers for paths", async () => {
  const bot = await testBot();

  it("names who to Cc with addresses, then the list on its own line", async () => {
    const a = await ask(bot, "!maintainers xen/common/kexec.c");
    assert.equal(a.status, "ok");
    const lines = a.text.split("\n");
    assert.equal(lines.length, 2, a.text);
    assert.equal(lines[0], "Cc for xen/common/kexec.c: KEXEC (Supported): Andrew Cooper <andrew.cooper3@citrix.com>");
    assert.equal(lines[1], "List: xen-devel@lists.xenproject.org");
  });

  it("keeps the tool's order over sections and fits a channel's three lines", async () => {
    const a = await ask(bot, "!cc xen/arch/x86/hvm/viridian/viridian.c");
    const lines = a.text.split("\n");
    assert.ok(lines.length <= 3, a.text);
    assert.ok(lines.every((l) => l.length <= 320), "each line one IRC line");
    const order = ["Paul Durrant <paul@xen.org>", "Jan Beulich", "Andrew Cooper", "Roger Pau Monné", "Teddy Astie"].map((n) => a.text.indexOf(n));
    assert.deepEqual(order, [...order].sort((x, y) => x - y), a.text);
    assert.ok(!order.includes(-1), a.text);
  });

  it("explains a status a newcomer should mind, and THE REST when a section has no maintainer", async () => {
    const kdd = await ask(bot, "!maintainers tools/debugger/kdd/kdd.c");
    assert.match(kdd.text, /KDD DEBUGGER \(Odd Fixes\): Tim Deegan <tim@xen\.org>/);
    assert.match(kdd.text, /KDD DEBUGGER: Odd Fixes: the maintainer has little time for it/);
    const argo = await ask(bot, "!maintainers xen/common/argo.c");
    assert.match(argo.text, /ARGO \(Maintained\): reviewers Jason Andryuk/);
    assert.match(argo.text, /THE REST \(Supported\): Andrew Cooper/);
  });

  it("takes several paths (the union for a patch), bare file names and directories", async () => {
    const two = await ask(bot, "!maintainers xen/common/kexec.c and xen/common/sched/credit.c");
    assert.match(two.text, /^Cc for 2 paths: KEXEC \(Supported\): Andrew Cooper <andrew\.cooper3@citrix\.com> · SCHEDULING \(Supported\): Dario Faggioli/);
    assert.doesNotMatch(two.text, /ignored/, "'and' joins paths");
    const bare = await ask(bot, "!maintainers kexec.c");
    assert.match(bare.text, /Cc for xen\/common\/kexec\.c: KEXEC/);
    assert.match(bare.text, /kexec\.c read as xen\/common\/kexec\.c/);
    assert.match((await ask(bot, "!maintainers Makefile")).text, /THE REST/);
    assert.match((await ask(bot, "!maintainers xen/arch/x86")).text, /^Cc for xen\/arch\/x86\/: X86 ARCHITECTURE/);
    assert.match((await ask(bot, "!maintainers b/xen/common/kexec.c")).text, /Cc for xen\/common\/kexec\.c/);
    const several = await ask(bot, "!maintainers Makefile.rules");
    assert.ok(several.status === "ok" || several.status === "user-error", several.text);
  });

  it("answers a path not in the tree from the patterns, and says so", async () => {
    const a = await ask(bot, "!maintainers xen/common/sched/new_scheduler.c");
    assert.match(a.text, /SCHEDULING/);
    assert.match(a.text, /is not in xen\.git at c447b7308b13: answered from the patterns/);
  });

  it("refuses what is no path, briefly, and answers nothing else", async () => {
    for (const [input, why] of [
      ["!maintainers ../../etc/passwd", /"\.\." in it/],
      ["!maintainers /etc/passwd", /absolute path/],
      ["!maintainers xen/arch/*", /a pattern, not a path/],
      ["!maintainers <script>alert(1)</script>", /not a path/],
      ["!maintainers xen//common/kexec.c", /"\/\/"/],
    ] as const) {
      const a = await ask(bot, input);
      assert.equal(a.status, "user-error", `${input}: ${a.text}`);
      assert.match(a.text, why, input);
      assert.equal(a.text.split("\n").length, 1, input);
    }
    const many = await ask(bot, `!maintainers ${Array.from({ length: 25 }, (_, i) => `f${i}.c`).join(" ")}`);
    assert.match(many.text, /At most 20 paths/);
    // The core refuses an absurdly long argument before the command sees it.
    assert.match((await ask(bot, `!maintainers ${"xen/common/kexec.c ".repeat(40)}`)).text, /too long/);
    const long = await ask(bot, `!maintainers xen/${"a".repeat(400)}.c`);
    assert.equal(long.status, "usage", "the core's limit on arguments");
    assert.ok(long.text.length < 200, long.text);
    const ambiguous = await ask(bot, "!maintainers iommu.c");
    assert.equal(ambiguous.status, "user-error", ambiguous.text);
    assert.match(ambiguous.text, /^iommu\.c is at several places: .*xen\/drivers\/passthrough\/iommu\.c.*\. Give the whole path\.$/);
    assert.equal((await ask(bot, "!maintainers")).status, "usage");
  });
});

describe("!maintainers for areas and people", async () => {
  const bot = await testBot();

  it("finds an area's section with its status in plain words, its files and list", async () => {
    const s = await ask(bot, "!maintainers scheduling");
    assert.match(s.text, /^SCHEDULING \(Supported: someone is paid to look after it\): Dario Faggioli <dfaggioli@suse\.com>, Juergen Gross <jgross@suse\.com>; reviewer George Dunlap <gwd@xenproject\.org>/);
    assert.match(s.text, /Files: xen\/common\/sched\/ · List: xen-devel@lists\.xenproject\.org/);
    assert.match(s.text, /Also matching: ARINC653 SCHEDULER/);
    assert.match((await ask(bot, "!maintainers xenstore")).text, /^XENSTORE \(Supported/);
    assert.match((await ask(bot, "!maintainers kdd")).text, /^KDD DEBUGGER \(Odd Fixes: the maintainer has little time for it\): Tim Deegan <tim@xen\.org>/);
    assert.match((await ask(bot, "!maintainers ovmf")).text, /OVMF UPSTREAM .*Anthony PERARD[\s\S]*Tree: git https:\/\/xenbits\.xenproject\.org\/git-http\/ovmf\.git/);
    assert.match((await ask(bot, "!maintainers remus")).text, /REMUS \(Orphan: no current maintainer; maybe you could take it on\): no maintainer listed, so THE REST \(the committers\) decide/);
  });

  it("'arm' and 'the arm port' are the ARM architecture, with the other ARM sections named", async () => {
    for (const q of ["!maintainers arm", "!maintainers arm port", "!maintainers the ARM port"]) {
      const a = await ask(bot, q);
      assert.match(a.text, /^ARM \(W\/ VIRTUALISATION EXTENSIONS\) ARCHITECTURE \(Supported[^)]*\): Stefano Stabellini <sstabellini@kernel\.org>, Julien Grall <julien@xen\.org>/, q);
      assert.match(a.text, /Also matching: ARM SMMU, ARM SMMUv3/, q);
    }
    assert.match((await ask(bot, "!maintainers x86")).text, /^X86 ARCHITECTURE/);
    assert.match((await ask(bot, "!maintainers schedulng")).text, /^SCHEDULING/, "a typo");
  });

  it("finds a person by name, first name or surname, with their roles", async () => {
    const g = await ask(bot, "!maintainers George Dunlap");
    assert.match(g.text, /^George Dunlap <gwd@xenproject\.org>: reviewer of GOLANG BINDINGS and SCHEDULING/);
    assert.match((await ask(bot, "!maintainers tim")).text, /^Tim Deegan <tim@xen\.org>: maintainer of KDD DEBUGGER; reviewer of X86 SHADOW PAGETABLES/);
    const roger = await ask(bot, "!maintainers roger pau monne");
    assert.match(roger.text, /^Roger Pau Monné <roger@xenproject\.org>: maintainer of/);
    assert.match(roger.text, /also at roger@xenproject\.com/);
    assert.match((await ask(bot, "!maintainers perard")).text, /^Anthony PERARD <anthony\.perard@vates\.tech>: maintainer of 9PFSD/);
  });

  it("says so when nothing matches", async () => {
    const a = await ask(bot, "!maintainers banana");
    assert.equal(a.status, "user-error");
    assert.match(a.text, /Nothing in MAINTAINERS matches "banana"/);
  });
});
