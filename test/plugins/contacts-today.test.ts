// !contact and the project cards on the real data: the archived page's contact first, as the
// page wrote it, then where that person is in today's MAINTAINERS (or that they are not, and who
// has the area now), then where Xen talks today beside the page's archived venues.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ask, testBot } from "../support/bot.js";

describe("!contact with today's MAINTAINERS", async () => {
  const bot = await testBot();

  it("a project: the page's contact, the person today, the area's maintainers, the venues; three lines", async () => {
    const a = await ask(bot, "!contact kdd");
    const lines = a.text.split("\n");
    assert.equal(lines.length, 3, a.text);
    assert.match(lines[0]!, /the archived page's contact: Paul Durrant <paul\.durrant@citrix\.com> \(today paul@xen\.org, maintainer of X86 VIRIDIAN ENLIGHTENMENTS\)/);
    assert.equal(lines[1], "This area today: KDD DEBUGGER (Odd Fixes: the maintainer has little time for it): Tim Deegan <tim@xen.org>");
    assert.match(lines[2]!, /^The archived page says Mailing list: xen-devel@ · IRC: #xen-devel\. Today: xen-devel@lists\.xenproject\.org · Matrix #XenDevel:matrix\.org \(development; on Matrix since September 2023\) · IRC #xendevel on OFTC$/);
  });

  it("says who is not in MAINTAINERS today, and who has the area now", async () => {
    const a = await ask(bot, "!contact 9p-transport");
    assert.match(a.text, /Andres Lagar-Cavilla <andres@lagarcavilla\.org> \(not in MAINTAINERS today\)/);
    assert.match(a.text, /This area today: 9PFSD \(Supported\): Juergen Gross <jgross@suse\.com>, Anthony PERARD <anthony\.perard@vates\.tech>/);
    const numa = await ask(bot, "!contact numa-tmem");
    assert.match(numa.text, /Konrad Rzeszutek Wilk <konrad\.wilk@oracle\.com> \(not in MAINTAINERS today\), Dario Faggioli <dario\.faggioli@citrix\.com> \(today dfaggioli@suse\.com, maintainer of SCHEDULING\)/);
    assert.match(numa.text, /No MAINTAINERS section covers this area \(MAINTAINERS has no NUMA section/);
    const sched = await ask(bot, "!contact scheduling-parameters");
    assert.match(sched.text, /George Dunlap <george\.dunlap@eu\.citrix\.com> \(today gwd@xenproject\.org, reviewer of GOLANG BINDINGS and SCHEDULING\)/);
    assert.match(sched.text, /This area today: SCHEDULING \(Supported\): Dario Faggioli/);
    assert.match((await ask(bot, "!contact ovmf-csm")).text, /Wei Liu <wei\.liu2@citrix\.com> \(today wl@xen\.org, maintainer of SEABIOS UPSTREAM\)[\s\S]*OVMF UPSTREAM \(Supported\): Anthony PERARD/);
    assert.match((await ask(bot, "!contact hotplug-scripts")).text, /This area today: TOOLSTACK \(Supported\): Anthony PERARD/);
    assert.match((await ask(bot, "!contact xl-xcp-motion")).text, /Ian Campbell \(not in MAINTAINERS today\)/);
  });

  it("a person: the page's word first, then today", async () => {
    const cooper = await ask(bot, "!contact cooper");
    assert.equal((cooper.text.match(/Andrew Cooper/g) ?? []).length, 1, cooper.text);
    assert.match(cooper.text.split("\n")[2]!, /^Today \(MAINTAINERS at xen\.git c447b7308b13, 2026-08-20\): andrew\.cooper3@citrix\.com, maintainer of AMD IOMMU/);
    const dave = await ask(bot, "!contact dave scott");
    assert.match(dave.text, /only the pattern first\.last@citrix\.com/);
    assert.match(dave.text, /Not in MAINTAINERS today/);
    const anil = await ask(bot, "!contact anil");
    assert.match(anil.text, /3 projects/);
    assert.match(anil.text, /Not in MAINTAINERS today, and no MAINTAINERS section covers their projects' areas/);
    const paul = await ask(bot, "!contact durrant");
    assert.match(paul.text, /Today .*: paul@xen\.org, maintainer of X86 VIRIDIAN ENLIGHTENMENTS/);
    assert.match((await ask(bot, "!contact john morris")).text, /Not in MAINTAINERS today/);
  });

  it("someone MAINTAINERS names but the page does not", async () => {
    const a = await ask(bot, "!contact juergen gross");
    assert.match(a.text, /^Juergen Gross <jgross@suse\.com> is not a contact on the archived page\. Today .*maintainer of 9PFSD/);
  });
});

describe("project cards and !about", async () => {
  const bot = await testBot();

  it("a card keeps three lines and shows the area today and the venues beside the page's", async () => {
    const a = await ask(bot, "!project kdd");
    const lines = a.text.split("\n");
    assert.equal(lines.length, 3, a.text);
    assert.match(lines[1]!, /Contact on the archived page: Paul Durrant <paul\.durrant@citrix\.com> \(today paul@xen\.org, maintainer of X86 VIRIDIAN ENLIGHTENMENTS\) · Area today: KDD DEBUGGER \(Tim Deegan <tim@xen\.org>\)/);
    assert.match(lines[2]!, /Talk today: xen-devel@lists\.xenproject\.org, Matrix #XenDevel:matrix\.org, IRC #xendevel on OFTC \(the archived page says #xen-devel\)$/);
    for (const l of lines) assert.ok(l.length <= 330, `one IRC line: ${l.length}`);
    const full = await ask(bot, "!project kdd full");
    assert.match(full.text, /The archived page says Mailing list: xen-devel@ · IRC: #xen-devel/);
    assert.match(full.text, /Area today: KDD DEBUGGER \(Odd Fixes: the maintainer has little time for it\): Tim Deegan <tim@xen\.org>/);
    assert.match(full.text, /Talk today: xen-devel@lists\.xenproject\.org · Matrix #XenDevel:matrix\.org/);
  });

  it("every card fits: three lines of at most one IRC line each", async () => {
    for (const p of bot.store.projects({ includeArchived: true })) {
      const lines = (await ask(bot, `!project ${p.id}`)).text.split("\n");
      assert.equal(lines.length, 3, p.id);
      for (const l of lines) assert.ok(Buffer.byteLength(l) <= 400, `${p.id}: ${Buffer.byteLength(l)} bytes`);
    }
  });

  it("!about says which commit and date the MAINTAINERS data is from", async () => {
    const a = await ask(bot, "!about");
    assert.match(a.text, /MAINTAINERS of xen\.git at c447b7308b13 \(2026-08-20\), 57 sections, 49 people/);
  });
});
